// Time compression: every duration of the generated rule files and Alertmanager config divided by a
// factor F, nothing else changed. Rate windows, `for`, evaluation intervals, subquery ranges and
// steps, and Alertmanager's grouping timers all shrink together, so an alert that needs an hour of
// data and ten minutes of `for` fires in (60 + 10) / F minutes with the same logic.
import { parser } from "@prometheus-io/lezer-promql";
import { scaleDuration } from "./durations.ts";

/** Rule files and Alertmanager configs as plain YAML data. */
export type Doc = Record<string, unknown>;

/** Every duration literal of a PromQL expression divided by `factor` (ranges, subqueries, offsets). */
export function scaleExpr(expr: string, factor: number): string {
  if (factor === 1) return expr;
  const edits: { from: number; to: number; text: string }[] = [];
  parser.parse(expr).iterate({
    enter(node) {
      if (node.name === "NumberDurationLiteralInDurationContext") {
        edits.push({ from: node.from, to: node.to, text: scaleDuration(expr.slice(node.from, node.to), factor) });
      }
    },
  });
  let out = expr;
  for (const e of edits.reverse()) out = out.slice(0, e.from) + e.text + out.slice(e.to);
  return out;
}

/** A Prometheus rule file with every duration divided by `factor`. */
export function scaleRuleFile(doc: Doc, factor: number): Doc {
  const groups = (doc.groups as Doc[]).map((g) => ({
    ...g,
    ...(typeof g.interval === "string" ? { interval: scaleDuration(g.interval, factor) } : {}),
    rules: (g.rules as Doc[]).map((r) => ({
      ...r,
      expr: scaleExpr(String(r.expr), factor),
      ...(typeof r.for === "string" ? { for: scaleDuration(r.for, factor) } : {}),
      ...(typeof r.keep_firing_for === "string" ? { keep_firing_for: scaleDuration(r.keep_firing_for, factor) } : {}),
    })),
  }));
  return { ...doc, groups };
}

const ROUTE_TIMERS = ["group_wait", "group_interval", "repeat_interval"] as const;

function scaleRoute(route: Doc, factor: number): Doc {
  const out: Doc = { ...route };
  for (const k of ROUTE_TIMERS) if (typeof route[k] === "string") out[k] = scaleDuration(route[k], factor);
  if (Array.isArray(route.routes)) out.routes = (route.routes as Doc[]).map((r) => scaleRoute(r, factor));
  return out;
}

/** An Alertmanager config with its routing timers and resolve_timeout divided by `factor`. */
export function scaleAlertmanagerConfig(doc: Doc, factor: number): Doc {
  const out: Doc = { ...doc, route: scaleRoute(doc.route as Doc, factor) };
  const global = doc.global as Doc | undefined;
  if (global !== undefined && typeof global.resolve_timeout === "string") {
    out.global = { ...global, resolve_timeout: scaleDuration(global.resolve_timeout, factor) };
  }
  return out;
}
