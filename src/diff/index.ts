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
import { NUMERIC_FIELDS, onlyNumbersOrNames } from "./restate.ts";
import type { Snapshot } from "./snapshot.ts";
import type { Entry, ExperimentDiff, MonitoringDiff, RoutingDiff } from "./types.ts";

export const EXPERIMENT_CATEGORY_LIST: readonly ExperimentCategory[] = [alertsCategory, armsCategory, panelsCategory, recordingCategory];
export const ROUTING_CATEGORY_LIST: readonly RoutingCategory[] = [routesCategory, receiversCategory, inhibitionsCategory];

/**
 * Drafts → entries: text changes that only restate the experiment's other changes dropped (see
 * restate.ts), changed entries left without a change dropped. `explains` is undefined when the
 * experiment has no numeric change and no arm added or removed; else the arm names added or removed.
 */
function finish(drafts: DraftEntry[], explains: ReadonlySet<string> | undefined): Entry[] {
  const out: Entry[] = [];
  for (const d of drafts) {
    const changes = d.changes
      .filter((c) => c.text === undefined || explains === undefined || !onlyNumbersOrNames(c.text, explains))
      .map(({ text: _t, ...c }) => c);
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
    // A threshold, a `for`, a weight moved or an arm came or went: texts differing only in numbers
    // and those arms' names restate it.
    const armsMoved = drafts.arms.filter((e) => e.kind !== "changed").map((e) => e.subject);
    const numeric = Object.values(drafts)
      .flat()
      .some((e) => e.kind === "changed" && e.changes.some((c) => NUMERIC_FIELDS.has(c.field) && c.text === undefined));
    const explains = numeric || armsMoved.length > 0 ? new Set(armsMoved) : undefined;
    const done = {
      alerts: finish(drafts.alerts, explains),
      arms: finish(drafts.arms, explains),
      panels: finish(drafts.panels, explains),
      recordingRules: finish(drafts.recordingRules, explains),
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
    ROUTING_CATEGORY_LIST.map((c) => [c.key, finish(c.compare(base.alertmanager, head.alertmanager), undefined)]),
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
