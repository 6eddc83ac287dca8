// Artifacts → files. Pure: returns {path, content} pairs sorted by path; writing is the CLI's job.
import type { Sourced } from "../model/cross.ts";
import { paths } from "../model/conventions.ts";
import { compileDashboard } from "../compile/dashboard/index.ts";
import { emitDashboard } from "./dashboard.ts";

export interface OutputFile {
  /** Relative to the output directory, forward slashes. */
  path: string;
  content: string;
}

export function emitExperiment({ file, experiment }: Sourced): OutputFile[] {
  return [{ path: paths.dashboard(experiment.id), content: emitDashboard(compileDashboard(experiment), file) }];
}

export function emitAll(experiments: readonly Sourced[]): OutputFile[] {
  const files = experiments.flatMap(emitExperiment);
  return files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
