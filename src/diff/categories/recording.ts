// Recording rules whose expression changed, appeared or went, each with the alerts and panels that
// read its series: a changed statistic changes every alert and panel built on it.
import { OUT } from "../../model/conventions.ts";
import { collapse, reads } from "../promql.ts";
import type { ExperimentSnapshot, RuleInfo } from "../snapshot.ts";
import { byKey, type DraftEntry, type ExperimentCategory } from "./category.ts";

const records = (e: ExperimentSnapshot | undefined) => e?.rules.filter((r) => r.kind === "record") ?? [];

/** `name{model_name="x"}`: one series per label set; the experiment's own label is left out. */
function subject(r: RuleInfo): string {
  const labels = Object.entries(r.labels)
    .filter(([k]) => k !== OUT.experiment)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([k, v]) => `${k}=${JSON.stringify(v)}`);
  return labels.length === 0 ? r.name : `${r.name}{${labels.join(", ")}}`;
}

const key = (r: RuleInfo) => `${r.name}\u0000${subject(r)}`;

/** `alert X` and `panel Title (#id)` that read the series, on the given side. */
function readers(name: string, e: ExperimentSnapshot): string[] {
  const out = new Set<string>();
  for (const r of e.rules) if (r.kind === "alert" && reads(r.expr, name)) out.add(`alert ${r.name}`);
  for (const p of e.dashboard?.panels ?? []) {
    const targets = Array.isArray(p.raw.targets) ? p.raw.targets : [];
    const readsIt = targets.some((t) => typeof t === "object" && t !== null && typeof (t as { expr?: unknown }).expr === "string" && reads((t as { expr: string }).expr, name));
    if (readsIt) out.add(`panel ${p.key.startsWith("#") ? `${p.title} (${p.key})` : p.title}`);
  }
  return [...out];
}

export const recordingCategory: ExperimentCategory = {
  key: "recordingRules",
  compare({ base, head }) {
    const out: DraftEntry[] = [];
    for (const m of byKey(records(base), records(head), key)) {
      if (m.base !== undefined && m.head !== undefined && collapse(m.base.expr) === collapse(m.head.expr)) continue;
      const rule = (m.head ?? m.base)!;
      const readBy = readers(rule.name, (m.head !== undefined ? head : base)!);
      const entry = { subject: subject(rule), ...(readBy.length > 0 ? { readBy } : {}) };
      if (m.base === undefined) out.push({ kind: "added", ...entry, changes: [{ field: "expression", to: rule.expr, long: true }] });
      else if (m.head === undefined) out.push({ kind: "removed", ...entry, changes: [{ field: "expression", from: rule.expr, long: true }] });
      else out.push({ kind: "changed", ...entry, changes: [{ field: "expression", from: m.base.expr, to: m.head.expr, long: true }] });
    }
    return out;
  },
};
