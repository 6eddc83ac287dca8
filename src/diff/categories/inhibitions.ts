// Alertmanager inhibition rules: which alerts silence which. A rule is its whole content, so a
// changed rule reads as one removed and one added.
import { show, type DraftEntry, type RoutingCategory } from "./category.ts";

type Json = Record<string, unknown>;

function canonical(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(canonical);
  if (typeof v === "object" && v !== null) {
    return Object.fromEntries(Object.keys(v).sort().map((k) => [k, canonical((v as Json)[k])]));
  }
  return v;
}

const list = (v: unknown) => (Array.isArray(v) ? v.map(show).join(", ") : v === undefined ? "" : show(v));

/** `severity="critical" silences severity="warning" with equal experiment, model_name`. */
function subject(r: Json): string {
  const source = [list(r.source_matchers), list(r.source_match && Object.entries(r.source_match).map(([k, v]) => `${k}="${show(v)}"`))].filter(Boolean).join(", ");
  const target = [list(r.target_matchers), list(r.target_match && Object.entries(r.target_match).map(([k, v]) => `${k}="${show(v)}"`))].filter(Boolean).join(", ");
  const equal = list(r.equal);
  return `${source || "any alert"} silences ${target || "any alert"}${equal ? ` with equal ${equal}` : ""}`;
}

export const inhibitionsCategory: RoutingCategory = {
  key: "inhibitRules",
  compare(base, head) {
    const key = (r: Json) => JSON.stringify(canonical(r));
    const b = new Map((base?.inhibitRules ?? []).map((r) => [key(r), r]));
    const h = new Map((head?.inhibitRules ?? []).map((r) => [key(r), r]));
    const out: DraftEntry[] = [];
    for (const [k, r] of h) if (!b.has(k)) out.push({ kind: "added", subject: subject(r), changes: [] });
    for (const [k, r] of b) if (!h.has(k)) out.push({ kind: "removed", subject: subject(r), changes: [] });
    return out;
  },
};
