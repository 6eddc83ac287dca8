// Alertmanager receivers: added, removed, and a changed receiver's settings by path (channel,
// routing key file, templates…). Values of fields that hold secrets in hand-written configurations
// (keys, tokens, passwords, URLs with credentials) are never printed, only that they changed.
import diff from "microdiff";
import type { DraftChange } from "../restate.ts";
import { byKey, show, showPath, type DraftEntry, type RoutingCategory } from "./category.ts";

const SECRET = /(^|_)(key|secret|password|token|url|api_url|webhook_url|credentials)$/;

function secret(path: readonly (string | number)[]): boolean {
  return path.some((p) => typeof p === "string" && SECRET.test(p) && !p.endsWith("_file"));
}

/** `pagerduty`, `slack`, … from the receiver's `*_configs` fields. */
function kinds(r: Record<string, unknown>): string {
  const found = Object.keys(r)
    .filter((k) => k.endsWith("_configs") && Array.isArray(r[k]) && (r[k] as unknown[]).length > 0)
    .map((k) => k.slice(0, -"_configs".length));
  return found.length === 0 ? "none (drops alerts)" : found.join(", ");
}

function configChanges(from: Record<string, unknown>, to: Record<string, unknown>): DraftChange[] {
  return diff(from, to).map((d) => {
    const hidden = secret(d.path);
    const value = (v: unknown) => (hidden ? "(hidden)" : show(v));
    return {
      field: "config",
      key: showPath(d.path),
      ...(d.type !== "CREATE" ? { from: value(d.oldValue) } : {}),
      ...(d.type !== "REMOVE" ? { to: value(d.value) } : {}),
    };
  });
}

export const receiversCategory: RoutingCategory = {
  key: "receivers",
  compare(base, head) {
    const b = [...(base?.receivers ?? new Map()).entries()];
    const h = [...(head?.receivers ?? new Map()).entries()];
    const out: DraftEntry[] = [];
    for (const m of byKey(b, h, ([name]) => name)) {
      if (m.base === undefined) out.push({ kind: "added", subject: m.key, changes: [{ field: "type", to: kinds(m.head![1]) }] });
      else if (m.head === undefined) out.push({ kind: "removed", subject: m.key, changes: [{ field: "type", from: kinds(m.base[1]) }] });
      else out.push({ kind: "changed", subject: m.key, changes: configChanges(m.base[1], m.head[1]) });
    }
    return out;
  },
};
