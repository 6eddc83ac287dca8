// diffSnapshots: what changed between two sides, per experiment and for the shared routing, in
// the terms an on-call engineer reads. Pure: the sides are built elsewhere (sides.ts).
import { alertsCategory } from "./categories/alerts.ts";
import { armsCategory } from "./categories/arms.ts";
import type { DraftEntry, ExperimentCategory, RoutingCategory } from "./categories/category.ts";
import { inhibitionsCategory } from "./categories/inhibitions.ts";
import { panelsCategory } from "./categories/panels.ts";
import { receiversCategory } from "./categories/receivers.ts";
import { recordingCategory } from "./categories/recording.ts";
import { routesCategory } from "./categories/routes.ts";
import { NUMERIC_FIELDS } from "./restate.ts";
import type { Snapshot } from "./snapshot.ts";
import type { Entry, ExperimentDiff, MonitoringDiff, RoutingDiff } from "./types.ts";

export const EXPERIMENT_CATEGORY_LIST: readonly ExperimentCategory[] = [alertsCategory, armsCategory, panelsCategory, recordingCategory];
export const ROUTING_CATEGORY_LIST: readonly RoutingCategory[] = [routesCategory, receiversCategory, inhibitionsCategory];

/** Drafts → entries: internal marks removed, changed entries left without a change dropped. */
function finish(drafts: DraftEntry[], numeric: boolean): Entry[] {
  const out: Entry[] = [];
  for (const d of drafts) {
    const changes = d.changes.filter((c) => !(numeric && c.restatesNumbers)).map(({ restatesNumbers: _r, ...c }) => c);
    if (d.kind === "changed" && changes.length === 0) continue;
    out.push({ ...d, changes });
  }
  return out;
}

const byId = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export function diffSnapshots(base: Snapshot, head: Snapshot): MonitoringDiff {
  const experiments: ExperimentDiff[] = [];
  const ids = [...new Set([...base.experiments.keys(), ...head.experiments.keys()])].sort(byId);
  for (const id of ids) {
    const b = base.experiments.get(id);
    const h = head.experiments.get(id);
    const sides = { ...(b ? { base: b } : {}), ...(h ? { head: h } : {}), baseSnapshot: base, headSnapshot: head };
    const drafts = Object.fromEntries(EXPERIMENT_CATEGORY_LIST.map((c) => [c.key, c.compare(sides)])) as Record<ExperimentCategory["key"], DraftEntry[]>;
    // A threshold, a `for`, a weight or an arm moved: texts differing in its numbers only restate it.
    const all = Object.values(drafts).flat();
    const numeric =
      all.some((e) => e.kind === "changed" && e.changes.some((c) => NUMERIC_FIELDS.has(c.field) && !c.restatesNumbers)) ||
      drafts.arms.some((e) => e.kind !== "changed");
    const done = {
      alerts: finish(drafts.alerts, numeric),
      arms: finish(drafts.arms, numeric),
      panels: finish(drafts.panels, numeric),
      recordingRules: finish(drafts.recordingRules, numeric),
    };
    if (b !== undefined && h !== undefined && Object.values(done).every((l) => l.length === 0)) continue;
    const source = h?.source ?? b?.source;
    experiments.push({
      id,
      ...(source !== undefined ? { source } : {}),
      status: b === undefined ? "added" : h === undefined ? "removed" : "changed",
      ...done,
    });
  }
  const routing = Object.fromEntries(
    ROUTING_CATEGORY_LIST.map((c) => [c.key, finish(c.compare(base.alertmanager, head.alertmanager), false)]),
  ) as unknown as RoutingDiff;

  const otherFiles: MonitoringDiff["otherFiles"] = [];
  for (const path of [...new Set([...base.otherFiles.keys(), ...head.otherFiles.keys()])].sort(byId)) {
    const x = base.otherFiles.get(path);
    const y = head.otherFiles.get(path);
    if (x === y) continue;
    otherFiles.push({ path, kind: x === undefined ? "added" : y === undefined ? "removed" : "changed" });
  }
  const changed = experiments.length > 0 || Object.values(routing).some((l: Entry[]) => l.length > 0);
  return { version: 1, base: base.label, head: head.label, changed, experiments, routing, otherFiles };
}
