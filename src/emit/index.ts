// Artifacts → files. Pure: returns {path, content} pairs; writing is the CLI's job.
import { compileDashboard } from "../compile/dashboard/index.ts";
import { compileAlertmanager } from "../compile/routes/index.ts";
import { compileRuleFile } from "../compile/rules/index.ts";
import { compileRunbooks } from "../compile/runbooks/index.ts";
import { compileScheduleTests, compileTests } from "../compile/tests/index.ts";
import { generatedHeader, paths } from "../model/conventions.ts";
import type { Sourced } from "../model/cross.ts";
import { emitDashboard } from "./dashboard.ts";
import { toYaml } from "./yaml.ts";

export interface OutputFile {
  /** Relative to the output directory, forward slashes. */
  path: string;
  content: string;
}

export function emitExperiment({ file, experiment: exp }: Sourced): OutputFile[] {
  const files: OutputFile[] = [
    { path: paths.dashboard(exp.id), content: emitDashboard(compileDashboard(exp), file) },
    { path: paths.rules(exp.id), content: toYaml(compileRuleFile(exp), file) },
    { path: paths.tests(exp.id), content: toYaml(compileTests(exp), file) },
  ];
  const schedule = compileScheduleTests(exp);
  if (schedule) files.push({ path: paths.scheduleTests(exp.id), content: toYaml(schedule, file) });
  for (const r of compileRunbooks(exp, file, generatedHeader(file))) files.push({ path: r.path, content: r.markdown });
  return files;
}

/** The files all experiments share: the Alertmanager configuration. */
export function emitShared(experiments: readonly Sourced[], source = "experiments/"): OutputFile[] {
  if (experiments.length === 0) return [];
  return [
    { path: paths.alertmanager(), content: toYaml(compileAlertmanager(experiments.map((e) => e.experiment)), `${source}*.ts`) },
  ];
}
