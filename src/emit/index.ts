// Artifacts → files. Pure: returns {path, content} pairs; writing is the CLI's job.
import { compileExperiment, compileShared, type ExperimentArtifacts } from "../compile/index.ts";
import { paths } from "../model/conventions.ts";
import type { Sourced } from "../model/cross.ts";
import { emitDashboard } from "./dashboard.ts";
import { emitRunbook } from "./runbook.ts";
import { toYaml } from "./yaml.ts";

export interface OutputFile {
  /** Relative to the output directory, forward slashes. */
  path: string;
  content: string;
}

/** The files of one experiment's artifacts; `source` is its experiment file, named in every header. */
export function emitArtifacts(id: string, a: ExperimentArtifacts, source: string): OutputFile[] {
  const files: OutputFile[] = [
    { path: paths.dashboard(id), content: emitDashboard(a.dashboard, source) },
    { path: paths.rules(id), content: toYaml(a.rules, source) },
    { path: paths.tests(id), content: toYaml(a.tests, source) },
  ];
  if (a.scheduleTests) files.push({ path: paths.scheduleTests(id), content: toYaml(a.scheduleTests, source) });
  for (const r of a.runbooks) {
    files.push({ path: r.alert === undefined ? paths.runbookIndex(id) : paths.runbook(id, r.alert), content: emitRunbook(r, source) });
  }
  return files;
}

export function emitExperiment({ file, experiment }: Sourced): OutputFile[] {
  return emitArtifacts(experiment.id, compileExperiment(experiment, file), file);
}

/** The files all experiments share: the Alertmanager configuration. */
export function emitShared(experiments: readonly Sourced[], source = "experiments/"): OutputFile[] {
  if (experiments.length === 0) return [];
  const shared = compileShared(experiments.map((e) => e.experiment));
  return [{ path: paths.alertmanager(), content: toYaml(shared.alertmanager, `${source}*.ts`) }];
}
