// A diff category: one kind of thing a reviewer reads (alerts, arms, panels, recording rules;
// routes, receivers, inhibition), compared between two sides, registered by one line in index.ts.
import type { DraftChange } from "../restate.ts";
import type { AlertmanagerSnapshot, ExperimentSnapshot, Snapshot } from "../snapshot.ts";
import type { Entry, ExperimentCategoryKey, RoutingCategoryKey } from "../types.ts";

export interface DraftEntry extends Omit<Entry, "changes"> {
  changes: DraftChange[];
}

export interface ExperimentSides {
  /** Absent when the experiment is new. */
  base?: ExperimentSnapshot;
  /** Absent when the experiment was removed. */
  head?: ExperimentSnapshot;
  /** The whole sides: routing decides an alert's receiver. */
  baseSnapshot: Snapshot;
  headSnapshot: Snapshot;
}

export interface ExperimentCategory {
  key: ExperimentCategoryKey;
  compare(sides: ExperimentSides): DraftEntry[];
}

export interface RoutingCategory {
  key: RoutingCategoryKey;
  compare(base: AlertmanagerSnapshot | undefined, head: AlertmanagerSnapshot | undefined): DraftEntry[];
}

/** Items matched by key: in head order, then the removed ones in base order. */
export function byKey<T>(base: readonly T[], head: readonly T[], key: (t: T) => string): { key: string; base?: T; head?: T }[] {
  const baseBy = new Map(base.map((t) => [key(t), t] as const));
  const headKeys = new Set(head.map(key));
  const out: { key: string; base?: T; head?: T }[] = [];
  for (const h of head) {
    const k = key(h);
    const b = baseBy.get(k);
    out.push({ key: k, head: h, ...(b !== undefined ? { base: b } : {}) });
  }
  for (const b of base) if (!headKeys.has(key(b))) out.push({ key: key(b), base: b });
  return out;
}

/** A change of a short value, or nothing when equal. */
export function valueChange(field: string, from: string | undefined, to: string | undefined, key?: string): DraftChange[] {
  if (from === to) return [];
  return [{ field, ...(key !== undefined ? { key } : {}), ...(from !== undefined ? { from } : {}), ...(to !== undefined ? { to } : {}) }];
}

/** Compact, stable JSON for values shown inline. */
export function show(value: unknown): string {
  return typeof value === "string" ? value : JSON.stringify(value) ?? "null";
}

/** `options.legend.calcs[1]` from ["options", "legend", "calcs", 1]. */
export function showPath(path: readonly (string | number)[]): string {
  return path.map((p, i) => (typeof p === "number" ? `[${p}]` : i === 0 ? p : `.${p}`)).join("");
}
