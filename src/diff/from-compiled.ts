// A side compiled from experiments by the running abwatch: the typed artifacts the compilers
// return, read into the snapshot. Both sides of `--base REF` are compiled by the same abwatch, so a
// change in abwatch itself never shows up as a change of the team's monitoring.
import { compileAlertRules } from "../compile/alerts/index.ts";
import { compileDashboard } from "../compile/dashboard/index.ts";
import { compileAlertmanager } from "../compile/routes/index.ts";
import { compileRuleFile } from "../compile/rules/index.ts";
import { compileRunbooks } from "../compile/runbooks/index.ts";
import { emitExperiment, emitShared } from "../emit/index.ts";
import { generatedHeader, ruleGroupName } from "../model/conventions.ts";
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

/** The alert rules alone: enough to tell which receiver each alert reaches. */
function rulesOnly({ file, experiment: exp }: Sourced): ExperimentSnapshot {
  const rules = decodeRules({ groups: [{ name: ruleGroupName(exp.id), rules: compileAlertRules(exp) }] });
  return { id: exp.id, source: file, rules, runbooks: new Map() };
}

function alertmanagerOf(sourced: readonly Sourced[]): Record<string, unknown> | undefined {
  return sourced.length > 0 ? compileAlertmanager(sourced.map((s) => s.experiment)) : undefined;
}

/**
 * `experimentsDir` is shown in the shared files' headers, as generate writes it. Experiments in
 * `unchanged` compile to the same files on both sides: they are left out, or kept as their alert
 * rules alone when `routed` (the routing changed, so their alerts may reach other receivers).
 */
export function snapshotFromExperiments(
  label: string,
  sourced: readonly Sourced[],
  experimentsDir: string,
  unchanged: ReadonlySet<string> = new Set(),
  routed = false,
): Snapshot {
  const experiments = new Map<string, ExperimentSnapshot>();
  const otherFiles = new Map<string, string>();
  for (const s of sourced) {
    if (unchanged.has(s.experiment.id)) {
      if (routed) experiments.set(s.experiment.id, rulesOnly(s));
      continue;
    }
    experiments.set(s.experiment.id, experimentSnapshot(s));
    for (const f of emitExperiment(s)) if (classify(f.path).kind === "other") otherFiles.set(f.path, f.content);
  }
  for (const f of emitShared(sourced, experimentsDir)) if (classify(f.path).kind === "other") otherFiles.set(f.path, f.content);
  const alertmanager = alertmanagerOf(sourced);
  return { label, experiments, ...(alertmanager !== undefined ? { alertmanager: decodeAlertmanager(alertmanager) } : {}), otherFiles };
}

export interface CompiledSide {
  label: string;
  sourced: readonly Sourced[];
  experimentsDir: string;
}

/**
 * Both sides, compiling in full only the experiments that differ: compilation is a pure function
 * of one experiment and its file name, so an experiment declared the same on both sides compiles
 * to the same files, and a pull request touching one experiment of a thousand compiles that one.
 * Routing is shared: when it changed, the other experiments' alerts are kept to resolve receivers.
 */
export function compiledPair(base: CompiledSide, head: CompiledSide): [Snapshot, Snapshot] {
  const fingerprint = (s: Sourced) => JSON.stringify([s.file, s.experiment]);
  const before = new Map(base.sourced.map((s) => [s.experiment.id, fingerprint(s)]));
  const unchanged = new Set(head.sourced.filter((s) => before.get(s.experiment.id) === fingerprint(s)).map((s) => s.experiment.id));
  const routed = JSON.stringify(alertmanagerOf(base.sourced)) !== JSON.stringify(alertmanagerOf(head.sourced));
  return [
    snapshotFromExperiments(base.label, base.sourced, base.experimentsDir, unchanged, routed),
    snapshotFromExperiments(head.label, head.sourced, head.experimentsDir, unchanged, routed),
  ];
}
