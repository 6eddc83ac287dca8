// Alerts: added and removed, and for a changed alert each thing on-call reads, old → new: its
// thresholds, `for`, severity, labels, receiver (resolved through the Alertmanager routing tree),
// runbook, and the expression when more than a threshold moved.
import diff from "microdiff";
import { OUT } from "../../model/conventions.ts";
import { parseDuration } from "../../validate/duration.ts";
import { collapse, maskThresholds, thresholds, type Threshold } from "../promql.ts";
import { textChange, type DraftChange } from "../restate.ts";
import { receiversFor } from "../routing.ts";
import type { ExperimentSnapshot, RuleInfo, Snapshot } from "../snapshot.ts";
import { valueChange, type DraftEntry, type ExperimentCategory } from "./category.ts";

const RUNBOOK = "runbook_url";

function alerts(e: ExperimentSnapshot | undefined): RuleInfo[] {
  return e?.rules.filter((r) => r.kind === "alert") ?? [];
}

const labelKey = (r: RuleInfo) => JSON.stringify(Object.entries(r.labels).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));

/**
 * Pairs the rules of one alert name across sides: most names have one rule, but an alert may have
 * one rule per severity. Same labels first, then same severity, then in order.
 */
function pairByName(base: RuleInfo[], head: RuleInfo[]): { base?: RuleInfo; head?: RuleInfo }[] {
  const pairs: { base?: RuleInfo; head?: RuleInfo }[] = [];
  const b = [...base];
  const h = [...head];
  for (const same of [labelKey, (r: RuleInfo) => r.labels[OUT.severity] ?? ""]) {
    for (let i = 0; i < h.length; ) {
      const j = b.findIndex((x) => same(x) === same(h[i]!));
      if (j === -1) {
        i++;
        continue;
      }
      pairs.push({ base: b.splice(j, 1)[0]!, head: h.splice(i, 1)[0]! });
    }
  }
  while (b.length > 0 && h.length > 0) pairs.push({ base: b.shift()!, head: h.shift()! });
  for (const x of h) pairs.push({ head: x });
  for (const x of b) pairs.push({ base: x });
  return pairs;
}

/** The series of a threshold as a reader wants it: without the experiment's own scope matcher. */
export function shownSeries(series: string, experimentId: string): string {
  const scope = `${OUT.experiment}="${experimentId}"`.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return series
    .replace(new RegExp(`\\{\\s*${scope}\\s*\\}`, "g"), "")
    .replace(new RegExp(`\\{\\s*${scope}\\s*,\\s*`, "g"), "{")
    .replace(new RegExp(`\\s*,\\s*${scope}(?=\\s*[,}])`, "g"), "");
}

function receiver(rule: RuleInfo, side: Snapshot): string | undefined {
  const route = side.alertmanager?.route;
  if (route === undefined) return undefined;
  const found = receiversFor(route, { ...rule.labels, alertname: rule.name });
  return found.length === 0 ? undefined : found.join(", ");
}

const forOf = (r: RuleInfo) => r.for ?? "0s";

function sameDuration(a: string, b: string): boolean {
  const x = parseDuration(a);
  const y = parseDuration(b);
  return x.ok && y.ok ? x.ms === y.ms : a === b;
}

/** What a reviewer needs of a new or removed alert, as facts on one side. */
function facts(rule: RuleInfo, side: Snapshot, id: string, dir: "from" | "to"): DraftChange[] {
  const fact = (field: string, value: string | undefined, key?: string): DraftChange[] =>
    value === undefined ? [] : [{ field, ...(key !== undefined ? { key } : {}), [dir]: value }];
  const found = thresholds(rule.expr);
  return [
    ...fact("severity", rule.labels[OUT.severity]),
    ...fact("for", forOf(rule)),
    ...(found !== undefined && found.length > 0
      ? found.flatMap((t) => fact("threshold", `${t.op} ${t.value}`, shownSeries(t.series, id)))
      : [{ field: "expression", [dir]: rule.expr, long: true }]),
    ...fact("receiver", receiver(rule, side)),
    ...fact("runbook", rule.annotations[RUNBOOK]),
  ];
}

/** `0.05` and `5e-2` are one threshold; texts that are not numbers compare as text. */
function sameNumber(a: string, b: string): boolean {
  const x = Number(a.replace(/\s/g, ""));
  const y = Number(b.replace(/\s/g, ""));
  return Number.isNaN(x) || Number.isNaN(y) ? a === b : x === y;
}

function thresholdChanges(base: RuleInfo, head: RuleInfo, id: string): DraftChange[] {
  if (collapse(base.expr) === collapse(head.expr)) return [];
  const tb = thresholds(base.expr);
  const th = thresholds(head.expr);
  const moved = (b: Threshold, h: Threshold): DraftChange[] =>
    sameNumber(b.value, h.value)
      ? []
      : [{ field: "threshold", key: shownSeries(h.series, id), from: `${b.op} ${b.value}`, to: `${h.op} ${h.value}` }];
  if (tb !== undefined && th !== undefined && tb.length === th.length && maskThresholds(base.expr, tb) === maskThresholds(head.expr, th)) {
    return tb.flatMap((b, i) => moved(b, th[i]!));
  }
  // More than numbers changed: the whole expression, plus the thresholds that can still be told apart.
  const out: DraftChange[] = [{ field: "expression", from: base.expr, to: head.expr, long: true }];
  if (tb !== undefined && th !== undefined) {
    const key = (t: Threshold) => `${t.series} ${t.op}`;
    const unique = (list: Threshold[]) => new Map(list.filter((t) => list.filter((u) => key(u) === key(t)).length === 1).map((t) => [key(t), t]));
    const ub = unique(tb);
    for (const [k, h] of unique(th)) {
      const b = ub.get(k);
      if (b !== undefined) out.push(...moved(b, h));
    }
  }
  return out;
}

/** Settings that differ between the old and the new receiver (a channel): texts quote them too. */
function receiverSettings(from: string | undefined, to: string | undefined, b: Snapshot, h: Snapshot): [string, string][] {
  const x = from === undefined ? undefined : b.alertmanager?.receivers.get(from);
  const y = to === undefined ? undefined : h.alertmanager?.receivers.get(to);
  if (x === undefined || y === undefined) return [];
  return diff(x, y).flatMap((d) => (d.type === "CHANGE" && typeof d.oldValue === "string" && typeof d.value === "string" ? [[d.oldValue, d.value] as [string, string]] : []));
}

function changes(base: RuleInfo, head: RuleInfo, sides: { base: ExperimentSnapshot; head: ExperimentSnapshot; baseSnapshot: Snapshot; headSnapshot: Snapshot }): DraftChange[] {
  const id = sides.head.id;
  const out: DraftChange[] = [...thresholdChanges(base, head, id)];
  if (!sameDuration(forOf(base), forOf(head))) out.push({ field: "for", from: forOf(base), to: forOf(head) });
  // Values reported as changed: texts that only repeat them are not reported again.
  const substitutions: [string, string][] = [];
  const reported = (c: DraftChange[]) => {
    for (const x of c) if (x.from !== undefined && x.to !== undefined) substitutions.push([x.from, x.to]);
    out.push(...c);
  };
  reported(valueChange("severity", base.labels[OUT.severity], head.labels[OUT.severity]));
  const labelNames = [...new Set([...Object.keys(base.labels), ...Object.keys(head.labels)])].filter((l) => l !== OUT.severity).sort();
  for (const l of labelNames) reported(valueChange("label", base.labels[l], head.labels[l], l));
  const receiverChange = valueChange("receiver", receiver(base, sides.baseSnapshot), receiver(head, sides.headSnapshot));
  reported(receiverChange);
  for (const c of receiverChange) substitutions.push(...receiverSettings(c.from, c.to, sides.baseSnapshot, sides.headSnapshot));
  reported(valueChange("runbook", base.annotations[RUNBOOK], head.annotations[RUNBOOK]));
  const annotationNames = [...new Set([...Object.keys(base.annotations), ...Object.keys(head.annotations)])].filter((a) => a !== RUNBOOK).sort();
  for (const a of annotationNames) {
    const from = base.annotations[a];
    const to = head.annotations[a];
    if (from === undefined || to === undefined) out.push(...valueChange("annotation", from, to, a));
    else out.push(...textChange({ field: "annotation", key: a }, from, to, substitutions));
  }
  const bookBefore = sides.base.runbooks.get(base.name);
  const bookAfter = sides.head.runbooks.get(head.name);
  if (bookBefore !== undefined && bookAfter !== undefined) {
    // The runbook quotes the rule: its expression is one more substitution.
    const quoted: [string, string][] = [...substitutions, [base.expr, head.expr]];
    out.push(...textChange({ field: "runbook text", long: true }, bookBefore, bookAfter, quoted));
  }
  return out;
}

export const alertsCategory: ExperimentCategory = {
  key: "alerts",
  compare({ base, head, baseSnapshot, headSnapshot }) {
    const id = (head ?? base)!.id;
    const b = alerts(base);
    const h = alerts(head);
    const names = [...new Set([...h.map((r) => r.name), ...b.map((r) => r.name)])];
    const out: DraftEntry[] = [];
    for (const name of names) {
      const bs = b.filter((r) => r.name === name);
      const hs = h.filter((r) => r.name === name);
      const ambiguous = bs.length > 1 || hs.length > 1;
      for (const p of pairByName(bs, hs)) {
        const rule = (p.head ?? p.base)!;
        const subject = ambiguous ? `${name} (${rule.labels[OUT.severity] ?? "no severity"})` : name;
        if (p.base === undefined) out.push({ kind: "added", subject, changes: facts(rule, headSnapshot, id, "to") });
        else if (p.head === undefined) out.push({ kind: "removed", subject, changes: facts(rule, baseSnapshot, id, "from") });
        else out.push({ kind: "changed", subject, changes: changes(p.base, p.head, { base: base!, head: head!, baseSnapshot, headSnapshot }) });
      }
    }
    return out;
  },
};
