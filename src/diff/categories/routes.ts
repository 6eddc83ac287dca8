// Alertmanager routes: each route by its matcher path from the root, with its receiver and the
// options set on it (grouping, waits, repeat interval, time intervals).
import { flattenRoutes } from "../routing.ts";
import type { RouteNode } from "../snapshot.ts";
import type { DraftChange } from "../restate.ts";
import { byKey, valueChange, type DraftEntry, type RoutingCategory } from "./category.ts";

function values(n: RouteNode): Record<string, string> {
  return {
    ...(n.receiver !== undefined ? { receiver: n.receiver } : {}),
    ...(n.continue ? { continue: "true" } : {}),
    ...n.options,
  };
}

function facts(n: RouteNode, dir: "from" | "to"): DraftChange[] {
  return Object.entries(values(n)).map(([field, v]) => ({ field, [dir]: v }));
}

export const routesCategory: RoutingCategory = {
  key: "routes",
  compare(base, head) {
    const b = base?.route === undefined ? [] : flattenRoutes(base.route);
    const h = head?.route === undefined ? [] : flattenRoutes(head.route);
    const out: DraftEntry[] = [];
    for (const m of byKey(b, h, (r) => r.path)) {
      if (m.base === undefined) out.push({ kind: "added", subject: m.key, changes: facts(m.head!.node, "to") });
      else if (m.head === undefined) out.push({ kind: "removed", subject: m.key, changes: facts(m.base.node, "from") });
      else {
        const x = values(m.base.node);
        const y = values(m.head.node);
        const fields = [...new Set([...Object.keys(x), ...Object.keys(y)])];
        out.push({ kind: "changed", subject: m.key, changes: fields.flatMap((f) => valueChange(f, x[f], y[f])) });
      }
    }
    return out;
  },
};
