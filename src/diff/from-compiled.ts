// A side compiled from experiments by the running abwatch: the typed artifacts the compilers
// return, read into the snapshot. Both sides of `--base REF` are compiled by the same abwatch, so a
// change in abwatch itself never shows up as a change of the team's monitoring.
import { compileDashboard } from "../compile/dashboard/index.ts";
import { compileAlertmanager } from "../compile/routes/index.ts";
import { compileRuleFile } from "../compile/rules/index.ts";
import { compileRunbooks } from "../compile/runbooks/index.ts";
import { emitExperiment, emitShared } from "../emit/index.ts";
import { generatedHeader } from "../model/conventions.ts";
import type { Sourced } from "../model/cross.ts";
import { decodeAlertmanager, decodeDashboard, decodeRules } from "./decode.ts";
import { classify, runbookBody } from "./layout.ts";
import type { ExperimentSnapshot, Snapshot } from "./snapshot.ts";

function experimentSnapshot({ file, experiment: exp }: Sourced): ExperimentSnapshot {
  const runbooks = new Map<string, string>();
  for (const r of compileRunbooks(exp, file, generatedHeader(file))) {
    const at = classify(r.path);
    if (at.kind === "runbook") runbooks.set(at.alert, runbookBody(r.markdown));
  }
  return {
    id: exp.id,
    source: file,
    arms: exp.arms.map((a) => ({ name: a.name, weight: a.weight, control: a.control })),
    rules: decodeRules(compileRuleFile(exp)),
    // Through JSON, as a generated file holds it: fields set to undefined are absent.
    dashboard: decodeDashboard(JSON.parse(JSON.stringify(compileDashboard(exp)))),
    runbooks,
  };
}

/** `experimentsDir` is shown in the shared files' headers, as generate writes it. */
export function snapshotFromExperiments(label: string, sourced: readonly Sourced[], experimentsDir: string): Snapshot {
  const experiments = new Map<string, ExperimentSnapshot>();
  const otherFiles = new Map<string, string>();
  for (const s of sourced) {
    experiments.set(s.experiment.id, experimentSnapshot(s));
    for (const f of emitExperiment(s)) if (classify(f.path).kind === "other") otherFiles.set(f.path, f.content);
  }
  for (const f of emitShared(sourced, experimentsDir)) if (classify(f.path).kind === "other") otherFiles.set(f.path, f.content);
  return {
    label,
    experiments,
    ...(sourced.length > 0 ? { alertmanager: decodeAlertmanager(compileAlertmanager(sourced.map((s) => s.experiment))) } : {}),
    otherFiles,
  };
}
