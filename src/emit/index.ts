// Artifacts → files. Pure: returns {path, content} pairs; writing is the CLI's job.
import { compileExperiment, compileShared, type ExperimentArtifacts } from "../compile/index.ts";
import { paths } from "../model/conventions.ts";
import type { Sourced } from "../model/cross.ts";
import { emitDashboard } from "./dashboard.ts";
import { runbookPieces } from "./runbook.ts";
import { testFileYaml } from "./tests.ts";
import { toYaml, toYamlBody, yamlHeader } from "./yaml.ts";

export interface OutputFile {
  /** Relative to the output directory, forward slashes. */
  path: string;
  content: string;
  /**
   * `content` as the pieces it was joined from, when its header line is kept apart from the rest:
   * the header holds "—", outside Latin-1, and a string holding one such character is stored in
   * two-byte characters throughout, which UTF-8 encodes about five times slower than the one-byte
   * body alone. src/write/bytes.ts encodes piece by piece; `content` is never flattened on that path.
   */
  pieces?: readonly string[];
}

/** A file whose first line (the "do not edit" header) is kept apart from its body for encoding. */
function headed(path: string, header: string, body: string): OutputFile {
  return { path, content: header + body, pieces: [header, body] };
}

/** The files of one experiment's artifacts; `source` is its experiment file, named in every header. */
export function emitArtifacts(id: string, a: ExperimentArtifacts, source: string): OutputFile[] {
  const yamlHead = yamlHeader(source);
  const files: OutputFile[] = [
    { path: paths.dashboard(id), content: emitDashboard(a.dashboard, source) },
    headed(paths.rules(id), yamlHead, toYamlBody(a.rules)),
    headed(paths.tests(id), yamlHead, testFileYaml(a.tests)),
  ];
  if (a.scheduleTests) files.push(headed(paths.scheduleTests(id), yamlHead, testFileYaml(a.scheduleTests)));
  for (const r of a.runbooks) {
    files.push(headed(r.alert === undefined ? paths.runbookIndex(id) : paths.runbook(id, r.alert), ...runbookPieces(r, source)));
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
