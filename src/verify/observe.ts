// What verify saw during a run, per scenario instance: the alerts the engine held (firing), when
// the fault started and ended, the dashboard queries' results. Checks read only this record, so
// they are pure and testable without engines.
import type { ActiveAlert } from "./engines.ts";
import type { Delivery } from "./webhook.ts";

export interface SeenAlert {
  labels: Record<string, string>;
  annotations: Record<string, string>;
  /** Seconds since the run started. */
  firstFiring: number;
  lastFiring: number;
}

export interface InstanceRecord {
  /** Seconds since the run started; undefined when the phase never came. */
  faultStart?: number;
  faultEnd?: number;
  /** Firing alerts by label set. */
  seen: Map<string, SeenAlert>;
  /** Label-set keys firing at the last poll. */
  firingNow: Set<string>;
  /** Label-set keys pending or firing at the last poll. */
  activeNow: Set<string>;
}

export interface PanelResult {
  experiment: string;
  panel: string;
  expr: string;
  series: number;
  error?: string;
}

export interface RunRecord {
  instances: Map<string, InstanceRecord>;
  deliveries: readonly Delivery[];
  panels: PanelResult[];
  wallSeconds: number;
}

/** A label set as a stable key, without the labels an engine adds on its own. */
export function labelKey(labels: Readonly<Record<string, string>>, ignore: readonly string[] = []): string {
  return JSON.stringify(
    Object.keys(labels)
      .filter((k) => !ignore.includes(k) && k !== "alertstate")
      .sort()
      .map((k) => [k, labels[k]]),
  );
}

export function newRecord(): InstanceRecord {
  return { seen: new Map(), firingNow: new Set(), activeNow: new Set() };
}

/** Folds one poll of the engine's alerts into the instance's record. */
export function observe(rec: InstanceRecord, alerts: readonly ActiveAlert[], now: number, ignore: readonly string[]): void {
  rec.firingNow = new Set();
  rec.activeNow = new Set();
  for (const a of alerts) {
    const key = labelKey(a.labels, ignore);
    rec.activeNow.add(key);
    if (a.state !== "firing") continue;
    rec.firingNow.add(key);
    const prev = rec.seen.get(key);
    if (prev === undefined) rec.seen.set(key, { labels: a.labels, annotations: a.annotations, firstFiring: now, lastFiring: now });
    else prev.lastFiring = now;
  }
}
