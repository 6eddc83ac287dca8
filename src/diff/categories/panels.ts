// Dashboard panels: added, removed, and for a changed panel what a viewer would notice: title,
// type, queries and legends, threshold steps, unit, description, text content, links; anything
// else by its JSON path. Layout (gridPos) is not a change. Dashboard-level fields (title, uid,
// tags, refresh, variables…) are one more entry, "dashboard".
import diff from "microdiff";
import type { DashboardInfo, PanelInfo } from "../snapshot.ts";
import { textChange, type DraftChange } from "../restate.ts";
import { byKey, show, showPath, valueChange, type DraftEntry, type ExperimentCategory } from "./category.ts";

type Json = Record<string, unknown>;

const isRecord = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);
const get = (v: unknown, ...path: string[]): unknown => path.reduce<unknown>((at, k) => (isRecord(at) ? at[k] : undefined), v);
const optional = (v: unknown) => (v === undefined || v === null ? undefined : show(v));

/** `green, red ≥ 0.05`: the colours a value takes, from the base colour up. */
function steps(thresholds: unknown): string | undefined {
  const list = get(thresholds, "steps");
  if (!Array.isArray(list)) return optional(thresholds);
  const mode = get(thresholds, "mode") === "percentage" ? " %" : "";
  return list
    .map((s) => {
      const value = get(s, "value");
      const color = show(get(s, "color") ?? "?");
      return value === null || value === undefined ? color : `${color} ≥ ${show(value)}${mode}`;
    })
    .join(", ");
}

function links(v: unknown): string | undefined {
  if (!Array.isArray(v) || v.length === 0) return undefined;
  return v.map((l) => `${show(get(l, "title") ?? "")}: ${show(get(l, "url") ?? "")}`).join("\n");
}

interface Target {
  refId: string;
  expr?: string;
  legend?: string;
}

function targets(p: Json): Target[] {
  const list = p.targets;
  if (!Array.isArray(list)) return [];
  return list.map((t, i) => ({
    refId: typeof get(t, "refId") === "string" ? (get(t, "refId") as string) : `#${i}`,
    ...(optional(get(t, "expr")) !== undefined ? { expr: optional(get(t, "expr"))! } : {}),
    ...(optional(get(t, "legendFormat")) !== undefined ? { legend: optional(get(t, "legendFormat"))! } : {}),
  }));
}

const PANEL_VALUES: [field: string, read: (p: Json) => unknown][] = [
  ["title", (p) => p.title],
  ["type", (p) => p.type],
  ["unit", (p) => get(p, "fieldConfig", "defaults", "unit")],
  ["min", (p) => get(p, "fieldConfig", "defaults", "min")],
  ["max", (p) => get(p, "fieldConfig", "defaults", "max")],
  ["decimals", (p) => get(p, "fieldConfig", "defaults", "decimals")],
];

/** The panel without what the named fields above already compare. */
function rest(p: Json): Json {
  const copy = structuredClone(p);
  for (const k of ["id", "title", "type", "description", "targets", "links"]) delete copy[k];
  const options = get(copy, "options");
  if (isRecord(options)) delete options.content;
  const defaults = get(copy, "fieldConfig", "defaults");
  if (isRecord(defaults)) for (const k of ["unit", "min", "max", "decimals", "thresholds"]) delete defaults[k];
  return copy;
}

function optionChanges(base: Json, head: Json): DraftChange[] {
  return diff(base, head).map((d) => ({
    field: "option",
    key: showPath(d.path),
    ...(d.type !== "CREATE" ? { from: show(d.oldValue) } : {}),
    ...(d.type !== "REMOVE" ? { to: show(d.value) } : {}),
  }));
}

/** A text that may be absent on one side: a plain change then, else a text change (see restate.ts). */
function textOrValue(field: string, from: unknown, to: unknown, long = false): DraftChange[] {
  const x = optional(from);
  const y = optional(to);
  if (x === undefined || y === undefined) return valueChange(field, x, y);
  return textChange({ field, ...(long ? { long } : {}) }, x, y);
}

function panelChanges(b: PanelInfo, h: PanelInfo): DraftChange[] {
  const out: DraftChange[] = [];
  for (const [field, read] of PANEL_VALUES) out.push(...valueChange(field, optional(read(b.raw)), optional(read(h.raw))));
  for (const m of byKey(targets(b.raw), targets(h.raw), (t) => t.refId)) {
    out.push(...valueChange("query", m.base?.expr, m.head?.expr, m.key));
    out.push(...valueChange("legend", m.base?.legend, m.head?.legend, m.key));
  }
  out.push(...valueChange("thresholds", steps(get(b.raw, "fieldConfig", "defaults", "thresholds")), steps(get(h.raw, "fieldConfig", "defaults", "thresholds"))));
  out.push(...textOrValue("description", b.raw.description, h.raw.description));
  out.push(...textOrValue("content", get(b.raw, "options", "content"), get(h.raw, "options", "content"), true));
  out.push(...textOrValue("links", links(b.raw.links), links(h.raw.links)));
  out.push(...optionChanges(rest(b.raw), rest(h.raw)));
  return out;
}

function dashboardChanges(b: DashboardInfo, h: DashboardInfo): DraftChange[] {
  const out: DraftChange[] = [];
  for (const field of ["title", "uid", "refresh"]) out.push(...valueChange(field, optional(b.raw[field]), optional(h.raw[field])));
  out.push(...textOrValue("description", b.raw.description, h.raw.description));
  out.push(...textOrValue("links", links(b.raw.links), links(h.raw.links)));
  const strip = (d: DashboardInfo): Json => {
    const { title: _t, uid: _u, refresh: _r, description: _d, links: _l, ...other } = d.raw;
    return other;
  };
  out.push(...optionChanges(strip(b), strip(h)));
  return out;
}

const subject = (p: PanelInfo) => (p.key.startsWith("#") ? `${p.title} (${p.key})` : p.title);

export const panelsCategory: ExperimentCategory = {
  key: "panels",
  compare({ base, head }) {
    const b = base?.dashboard;
    const h = head?.dashboard;
    const out: DraftEntry[] = [];
    // A new or removed experiment brings or takes its whole dashboard: its panels say what it shows.
    if (b !== undefined && h !== undefined) out.push({ kind: "changed", subject: "dashboard", changes: dashboardChanges(b, h) });
    for (const m of byKey(b?.panels ?? [], h?.panels ?? [], (p) => p.key)) {
      if (m.base === undefined) out.push({ kind: "added", subject: subject(m.head!), changes: [{ field: "type", to: m.head!.type }] });
      else if (m.head === undefined) out.push({ kind: "removed", subject: subject(m.base), changes: [{ field: "type", from: m.base.type }] });
      else out.push({ kind: "changed", subject: subject(m.head), changes: panelChanges(m.base, m.head) });
    }
    return out;
  },
};
