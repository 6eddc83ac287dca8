// Turns a traffic timeline into promtool input series: the service's own metric and label names
// (from the metric contract), counters accumulated minute by minute, written in promtool's
// expanding notation ("0+1729x60") so a two-hour test stays a few lines per series.
import type { MetricContract } from "../../model/contract.ts";
import type { Experiment } from "../../model/schema.ts";
import { num, selector } from "../promql.ts";
import { cumulativeShare, mean, type ArmTraffic, type Traffic } from "./traffic.ts";

export interface Phase {
  /** First minute this traffic applies to (its counters grow from this minute to the next). */
  from: number;
  traffic: Traffic;
}

export interface InputSeries {
  series: string;
  values: string;
}

type Sample = number | undefined;

/** Compresses samples into runs of constant slope: `a+bxn`, and `_xn` for gaps. */
export function expand(samples: readonly Sample[]): string {
  const tokens: string[] = [];
  let i = 0;
  while (i < samples.length) {
    const start = samples[i];
    if (start === undefined) {
      let j = i;
      while (j + 1 < samples.length && samples[j + 1] === undefined) j++;
      tokens.push(j === i ? "_" : `_x${j - i + 1}`);
      i = j + 1;
      continue;
    }
    let j = i;
    const next = samples[i + 1];
    if (next !== undefined) {
      const step = next - start;
      j = i + 1;
      while (j + 1 < samples.length) {
        const v = samples[j + 1];
        if (v === undefined || Math.abs(v - samples[j]! - step) > 1e-9 * Math.max(1, Math.abs(step))) break;
        j++;
      }
      const s = Number(step.toPrecision(12));
      tokens.push(`${num(start)}${s < 0 ? "-" : "+"}${num(Math.abs(s))}x${j - i}`);
    } else {
      tokens.push(num(start));
    }
    i = j + 1;
  }
  return tokens.join(" ");
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

/** Metric families of the contract; a test feeds only the families its rules read. */
export type Family = "requests" | "latency" | "accuracy" | "evaluated" | "score" | "confidence" | "business";

export function familyOf(c: MetricContract, metric: string): Family {
  const n = c.names;
  if (metric === n.requests) return "requests";
  if (metric.startsWith(`${n.responseTime}_`)) return "latency";
  if (metric === n.accuracy) return "accuracy";
  if (metric === n.predictionsEvaluated) return "evaluated";
  if (n.predictionScore && metric.startsWith(`${n.predictionScore}_`)) return "score";
  if (n.confidence && metric.startsWith(`${n.confidence}_`)) return "confidence";
  return "business";
}

/** Every series the experiment's service exports, per the metric contract. */
export function seriesDefinitions(exp: Experiment, c: MetricContract): SeriesDef[] {
  return [...exp.arms.flatMap((a) => armSeries(c, a.name)), ...businessSeries(c)];
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
  const trafficAt = (minute: number): Traffic => {
    let current = phases[0]!.traffic;
    for (const p of phases) if (p.from <= minute) current = p.traffic;
    return current;
  };
  const defs = seriesDefinitions(exp, c).filter((d) => families === undefined || families.includes(familyOf(c, d.metric)));
  return defs.map((d) => {
    const samples: Sample[] = [];
    let total = 0;
    for (let minute = 0; minute <= minutes; minute++) {
      const t = trafficAt(minute);
      const v = d.at(t);
      if (!d.counter) {
        samples.push(v);
        continue;
      }
      // A counter's sample at minute m counts what happened before m; it is absent while its arm is.
      samples.push(v === undefined ? undefined : total);
      total += v ?? 0;
    }
    return { series: selector(d.metric, d.labels), values: expand(samples) };
  });
}
