// Reads rule files, dashboards and Alertmanager configurations, given as plain values (parsed
// YAML/JSON from a generated tree, or the objects the compilers return), into the snapshot types.
// Only what diff reads is checked: `validate` is the tool for the rest. A value of the wrong shape
// throws a DecodeError naming the field path.
import type { AlertmanagerSnapshot, DashboardInfo, LabelMatcher, PanelInfo, RouteNode, RuleInfo } from "./snapshot.ts";
import { MatcherSyntaxError, parseMatchers } from "./routing.ts";

export class DecodeError extends Error {
  constructor(
    readonly path: readonly PropertyKey[],
    message: string,
  ) {
    super(message);
  }
}

type Json = Record<string, unknown>;

const isRecord = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);

function record(v: unknown, path: PropertyKey[]): Json {
  if (!isRecord(v)) throw new DecodeError(path, `expected a mapping, got ${describe(v)}`);
  return v;
}

function list(v: unknown, path: PropertyKey[]): unknown[] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) throw new DecodeError(path, `expected a list, got ${describe(v)}`);
  return v;
}

/** Scalars as YAML users write them: numbers and booleans stand for their text. */
function text(v: unknown, path: PropertyKey[]): string {
  if (typeof v === "string") return v;
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  throw new DecodeError(path, `expected a string, got ${describe(v)}`);
}

function optionalText(v: unknown, path: PropertyKey[]): string | undefined {
  return v === undefined || v === null ? undefined : text(v, path);
}

function strings(v: unknown, path: PropertyKey[]): Record<string, string> {
  if (v === undefined || v === null) return {};
  const r = record(v, path);
  const out: Record<string, string> = {};
  for (const [k, value] of Object.entries(r)) out[k] = text(value, [...path, k]);
  return out;
}

function describe(v: unknown): string {
  if (v === null || v === undefined) return "nothing";
  if (Array.isArray(v)) return "a list";
  return typeof v === "object" ? "a mapping" : `${typeof v} ${JSON.stringify(v)}`;
}

/** A Prometheus rule file: every rule of every group. */
export function decodeRules(value: unknown): RuleInfo[] {
  const file = record(value, []);
  const out: RuleInfo[] = [];
  list(file.groups, ["groups"]).forEach((g, gi) => {
    const group = record(g, ["groups", gi]);
    const groupName = text(group.name, ["groups", gi, "name"]);
    list(group.rules, ["groups", gi, "rules"]).forEach((r, ri) => {
      const at: PropertyKey[] = ["groups", gi, "rules", ri];
      const rule = record(r, at);
      const kind = rule.alert !== undefined ? "alert" : "record";
      if (rule.alert === undefined && rule.record === undefined) throw new DecodeError(at, "expected a `record` or an `alert` name");
      out.push({
        group: groupName,
        kind,
        name: text(rule[kind], [...at, kind]),
        expr: text(rule.expr, [...at, "expr"]),
        ...(rule.for !== undefined ? { for: text(rule.for, [...at, "for"]) } : {}),
        labels: strings(rule.labels, [...at, "labels"]),
        annotations: strings(rule.annotations, [...at, "annotations"]),
      });
    });
  });
  return out;
}

/** A Grafana dashboard: its top-level fields and every panel, rows opened. */
export function decodeDashboard(value: unknown): DashboardInfo {
  const { panels, ...top } = record(value, []);
  const out: PanelInfo[] = [];
  const walk = (items: unknown, path: PropertyKey[]) => {
    list(items, path).forEach((p, i) => {
      const at = [...path, i];
      const { gridPos: _layout, panels: nested, ...raw } = record(p, at);
      const type = optionalText(raw.type, [...at, "type"]) ?? "";
      if (type === "row") {
        walk(nested, [...at, "panels"]);
        return;
      }
      const title = optionalText(raw.title, [...at, "title"]) ?? "";
      const key = typeof raw.id === "number" ? `#${raw.id}` : title;
      out.push({ key, title, type, raw });
    });
  };
  walk(panels, ["panels"]);
  return { raw: top, panels: out };
}

function matchersOf(route: Json, path: PropertyKey[]): LabelMatcher[] {
  const out: LabelMatcher[] = [];
  list(route.matchers, [...path, "matchers"]).forEach((m, i) => {
    try {
      out.push(...parseMatchers(text(m, [...path, "matchers", i])));
    } catch (e) {
      if (e instanceof MatcherSyntaxError) throw new DecodeError([...path, "matchers", i], e.message);
      throw e;
    }
  });
  // The older forms, still read by Alertmanager 0.25.
  for (const [name, value] of Object.entries(strings(route.match, [...path, "match"]))) out.push({ name, op: "=", value });
  for (const [name, value] of Object.entries(strings(route.match_re, [...path, "match_re"]))) out.push({ name, op: "=~", value });
  return out;
}

const ROUTE_OPTIONS = ["group_by", "group_wait", "group_interval", "repeat_interval", "mute_time_intervals", "active_time_intervals"];

function decodeRoute(value: unknown, path: PropertyKey[], depth: number): RouteNode {
  const route = record(value, path);
  if (depth > 100) throw new DecodeError(path, "routes nested more than 100 deep");
  const options: Record<string, string> = {};
  for (const o of ROUTE_OPTIONS) {
    const v = route[o];
    if (v === undefined || v === null) continue;
    options[o] = Array.isArray(v) ? v.map((x, i) => text(x, [...path, o, i])).join(", ") : text(v, [...path, o]);
  }
  const receiver = optionalText(route.receiver, [...path, "receiver"]);
  return {
    ...(receiver !== undefined ? { receiver } : {}),
    matchers: matchersOf(route, path),
    continue: route.continue === true,
    options,
    routes: list(route.routes, [...path, "routes"]).map((r, i) => decodeRoute(r, [...path, "routes", i], depth + 1)),
  };
}

/** An Alertmanager configuration: the routing tree, receivers by name, inhibition rules. */
export function decodeAlertmanager(value: unknown): AlertmanagerSnapshot {
  const config = record(value, []);
  const receivers = new Map<string, Json>();
  list(config.receivers, ["receivers"]).forEach((r, i) => {
    const receiver = record(r, ["receivers", i]);
    receivers.set(text(receiver.name, ["receivers", i, "name"]), receiver);
  });
  return {
    ...(config.route !== undefined && config.route !== null ? { route: decodeRoute(config.route, ["route"], 0) } : {}),
    receivers,
    inhibitRules: list(config.inhibit_rules, ["inhibit_rules"]).map((r, i) => record(r, ["inhibit_rules", i])),
  };
}
