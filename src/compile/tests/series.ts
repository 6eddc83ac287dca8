// Turns a traffic timeline into promtool input series: the service's own metric and label names
// (from the metric contract), counters accumulated minute by minute, written in promtool's
// expanding notation ("0+1729x60") so a two-hour test stays a few lines per series.
import type { MetricContract } from "../../model/contract.ts";
import type { Experiment } from "../../model/schema.ts";
import { num, selector } from "../promql.ts";
import { cumulativeShare, mean, type ArmTraffic, type Family, type Traffic } from "../../traffic/profile.ts";

export interface Phase {
  /** First minute this traffic applies to (its counters grow from this minute to the next). */
  from: number;
  traffic: Traffic;
}

export interface InputSeries {
  series: string;
  values: string;
}

/** A run of samples on a straight line (promtool's `a+bxn`), or a gap of missing samples (`_xn`). */
type Token = { start: number; step: number; count: number } | { gap: number };

function render(tokens: readonly Token[]): string {
  return tokens
    .map((t) => {
      if ("gap" in t) return t.gap === 1 ? "_" : `_x${t.gap}`;
      if (t.count === 1) return num(t.start);
      const step = Number(t.step.toPrecision(12));
      return `${num(t.start)}${step < 0 ? "-" : "+"}${num(Math.abs(step))}x${t.count - 1}`;
    })
    .join(" ");
}

/** Appends a token, extending the last one when it continues the same line or gap. */
function push(tokens: Token[], t: Token): void {
  const last = tokens[tokens.length - 1];
  if (last && "gap" in last && "gap" in t) {
    last.gap += t.gap;
    return;
  }
  if (last && !("gap" in last) && !("gap" in t)) {
    const tolerance = 1e-9 * Math.max(1, Math.abs(last.step), Math.abs(t.start));
    if (Math.abs(last.step - t.step) <= tolerance && Math.abs(last.start + last.step * last.count - t.start) <= tolerance) {
      last.count += t.count;
      return;
    }
  }
  tokens.push({ ...t });
}

/** One series of the metric contract and how traffic drives it. */
export interface SeriesDef {
  metric: string;
  labels: Record<string, string>;
  /** Per-minute increment for counters, or the value for gauges, at a minute's traffic. */
  at(t: Traffic): number | undefined;
  counter: boolean;
}

function armSeries(c: MetricContract, arm: string): SeriesDef[] {
  const scope = c.scope;
  const m = { [c.labels.model]: arm };
  const of = (t: Traffic): ArmTraffic | undefined => (t.up ? (t.arms[arm] ?? undefined) : undefined);
  const counter = (metric: string, extra: Record<string, string>, f: (a: ArmTraffic) => number): SeriesDef => ({
    metric,
    labels: { ...scope, ...m, ...extra },
    at: (t) => {
      const a = of(t);
      return a ? f(a) : undefined;
    },
    counter: true,
  });
  const histogram = (metric: string, buckets: readonly number[], count: (a: ArmTraffic) => number, masses: (a: ArmTraffic) => ArmTraffic["latency"]) => [
    ...buckets.map((le) => counter(`${metric}_bucket`, { le: num(le) }, (a) => count(a) * cumulativeShare(masses(a), le))),
    counter(`${metric}_bucket`, { le: "+Inf" }, count),
    counter(`${metric}_count`, {}, count),
    counter(`${metric}_sum`, {}, (a) => count(a) * mean(masses(a))),
  ];

  const defs: SeriesDef[] = [
    counter(c.names.requests, { [c.labels.status]: c.values.success }, (a) => a.requests * (1 - a.errorRatio)),
    counter(c.names.requests, { [c.labels.status]: c.values.error }, (a) => a.requests * a.errorRatio),
    ...histogram(c.names.responseTime, c.buckets.responseTime, (a) => a.requests, (a) => a.latency),
    {
      metric: c.names.accuracy,
      labels: { ...scope, ...m },
      at: (t) => of(t)?.accuracy,
      counter: false,
    },
  ];
  if (c.names.predictionsEvaluated) {
    defs.push(
      counter(c.names.predictionsEvaluated, { [c.labels.outcome]: c.values.correct }, (a) => a.evaluated * a.correctRatio),
      counter(c.names.predictionsEvaluated, { [c.labels.outcome]: c.values.incorrect }, (a) => a.evaluated * (1 - a.correctRatio)),
    );
  }
  if (c.names.predictionScore) defs.push(...histogram(c.names.predictionScore, c.buckets.predictionScore, (a) => a.requests, (a) => a.score));
  if (c.names.confidence) defs.push(...histogram(c.names.confidence, c.buckets.confidence, (a) => a.requests, (a) => a.confidence));
  return defs;
}

function businessSeries(c: MetricContract): SeriesDef[] {
  if (!c.names.businessImpact) return [];
  const v = c.values;
  return (
    [
      [v.revenueLift, "revenueLift"],
      [v.costImpact, "costImpact"],
      [v.riskReduction, "riskReduction"],
      [v.netBusinessValue, "netBusinessValue"],
    ] as const
  ).map(([type, key]) => ({
    metric: c.names.businessImpact!,
    labels: { ...c.scope, [c.labels.metricType]: type },
    at: (t: Traffic) => (t.up ? t.business[key] : undefined),
    counter: false,
  }));
}

/** One of a histogram's series: `name_bucket`, `name_count` or `name_sum` (not any name with that prefix). */
const ofHistogram = (metric: string, name: string | undefined) =>
  name !== undefined && (metric === `${name}_bucket` || metric === `${name}_count` || metric === `${name}_sum`);

export function familyOf(c: MetricContract, metric: string): Family {
  const n = c.names;
  if (metric === n.requests) return "requests";
  if (ofHistogram(metric, n.responseTime)) return "latency";
  if (metric === n.accuracy) return "accuracy";
  if (metric === n.predictionsEvaluated) return "evaluated";
  if (ofHistogram(metric, n.predictionScore)) return "score";
  if (ofHistogram(metric, n.confidence)) return "confidence";
  return "business";
}

/** Every series the experiment's service exports, per the metric contract. */
export function seriesDefinitions(exp: Experiment, c: MetricContract): SeriesDef[] {
  return [...exp.arms.flatMap((a) => armSeries(c, a.name)), ...businessSeries(c)];
}

interface Prepared {
  def: SeriesDef;
  family: Family;
  /** The series as promtool reads it: `metric{label="value", …}`. */
  series: string;
}

// A test file has a dozen groups over the same series: build and render them once per experiment.
const prepared = new WeakMap<Experiment, Prepared[]>();

function preparedSeries(exp: Experiment, c: MetricContract): Prepared[] {
  let p = prepared.get(exp);
  if (p === undefined) {
    p = seriesDefinitions(exp, c).map((def) => ({ def, family: familyOf(c, def.metric), series: selector(def.metric, def.labels) }));
    prepared.set(exp, p);
  }
  return p;
}

/**
 * Input series for minutes 0..`minutes` of a timeline of phases (the first must start at 0),
 * of the given metric families only (default: all).
 */
export function inputSeries(
  exp: Experiment,
  c: MetricContract,
  phases: readonly Phase[],
  minutes: number,
  families?: readonly Family[],
): InputSeries[] {
  const chosen = preparedSeries(exp, c).filter((p) => families === undefined || families.includes(p.family));
  return chosen.map(({ def: d, series }) => {
    // Traffic is constant within a phase, so each phase is one straight run (or one gap).
    const tokens: Token[] = [];
    let total = 0;
    phases.forEach((phase, i) => {
      if (phase.from > minutes) return;
      const last = Math.min(minutes, (phases[i + 1]?.from ?? minutes + 1) - 1);
      const count = last - phase.from + 1;
      const v = d.at(phase.traffic);
      if (v === undefined) push(tokens, { gap: count });
      else if (!d.counter) push(tokens, { start: v, step: 0, count });
      else {
        // A counter's sample at minute m counts what happened before m.
        push(tokens, { start: total, step: v, count });
        total += v * count;
      }
    });
    return { series, values: render(tokens) };
  });
}
