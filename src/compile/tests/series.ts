// Turns a traffic timeline into promtool input series: the service's own metric and label names
// (from the metric contract), counters accumulated minute by minute, written in promtool's
// expanding notation ("0+1729x60") so a two-hour test stays a few lines per series.
import type { MetricContract } from "../../model/contract.ts";
import type { Experiment } from "../../model/schema.ts";
import { num, selector } from "../promql.ts";
import { cumulativeShare, mean, type ArmTraffic, type Business, type Family, type Traffic } from "../../traffic/profile.ts";

export interface Phase {
  /** First minute this traffic applies to (its counters grow from this minute to the next). */
  from: number;
  traffic: Traffic;
}

export interface InputSeries {
  series: string;
  values: string;
}

/**
 * Writes promtool's expanding notation run by run: a run of samples on a straight line (`a+bxn`),
 * or a gap of missing samples (`_xn`). A run that continues the line (or gap) before it extends
 * that one instead. Kept as a few numbers rather than a list of run objects: a test file writes
 * some 450 series, each one to three runs.
 */
export class Runs {
  private text = "";
  /** The run not yet written: none, a gap of `count` samples, or `count` samples on a line from `start` by `step`. */
  private kind: "none" | "gap" | "line" = "none";
  private start = 0;
  private step = 0;
  private count = 0;
  /** `step` as written ("+1482"): rendered once per series and source, see sampleOf. */
  private slope = "";

  gap(count: number): void {
    if (this.kind === "gap") {
      this.count += count;
      return;
    }
    this.write();
    this.kind = "gap";
    this.count = count;
  }

  line(start: number, step: number, count: number, slope: string): void {
    if (this.kind === "line") {
      const tolerance = 1e-9 * Math.max(1, Math.abs(this.step), Math.abs(start));
      if (Math.abs(this.step - step) <= tolerance && Math.abs(this.start + this.step * this.count - start) <= tolerance) {
        this.count += count;
        return;
      }
    }
    this.write();
    this.kind = "line";
    this.start = start;
    this.step = step;
    this.count = count;
    this.slope = slope;
  }

  /** Everything written, and starts over. */
  done(): string {
    this.write();
    const text = this.text;
    this.text = "";
    return text;
  }

  private write(): void {
    if (this.kind === "none") return;
    if (this.text !== "") this.text += " ";
    if (this.kind === "gap") this.text += this.count === 1 ? "_" : `_x${this.count}`;
    else if (this.count === 1) this.text += num(this.start);
    else this.text += `${num(this.start)}${this.slope}x${this.count - 1}`;
    this.kind = "none";
  }
}

/** The part of a minute's traffic a series is computed from: its arm's numbers, or the business numbers. */
type Source = ArmTraffic | Business;

/** One series of the metric contract and how traffic drives it. */
export interface SeriesDef {
  metric: string;
  labels: Record<string, string>;
  /** What the series reads of a minute's traffic; undefined when it is not exported then (exporter down, arm gone). */
  source(t: Traffic): Source | undefined;
  /** Per-minute increment for counters, or the value for gauges, from that source. */
  at(s: Source): number;
  counter: boolean;
}

/** The series' per-minute increment (counter) or value (gauge) at a minute's traffic; undefined when not exported. */
export function seriesValue(def: SeriesDef, t: Traffic): number | undefined {
  const source = def.source(t);
  return source === undefined ? undefined : def.at(source);
}

function armSeries(c: MetricContract, arm: string): SeriesDef[] {
  const scope = c.scope;
  const m = { [c.labels.model]: arm };
  const of = (t: Traffic): ArmTraffic | undefined => (t.up ? (t.arms[arm] ?? undefined) : undefined);
  const counter = (metric: string, extra: Record<string, string>, f: (a: ArmTraffic) => number): SeriesDef => ({
    metric,
    // Object.assign, not spreads: V8 (Node 20) copies a second spread on its slow path, ten times
    // slower, and an experiment has about a hundred series.
    labels: Object.assign({}, scope, m, extra),
    source: of,
    at: (a) => f(a as ArmTraffic),
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
      labels: Object.assign({}, scope, m),
      source: of,
      at: (a) => (a as ArmTraffic).accuracy,
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
    labels: Object.assign({}, c.scope, { [c.labels.metricType]: type }),
    source: (t: Traffic) => (t.up ? t.business : undefined),
    at: (b: Source) => (b as Business)[key],
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
  /** Its place in the experiment's list of series (and in each list of samples). */
  index: number;
}

// A test file has a dozen groups over the same series: build and render them once per experiment.
const prepared = new WeakMap<Experiment, Prepared[]>();

function preparedSeries(exp: Experiment, c: MetricContract): Prepared[] {
  let p = prepared.get(exp);
  if (p === undefined) {
    p = seriesDefinitions(exp, c).map((def, index) => ({ def, family: familyOf(c, def.metric), series: selector(def.metric, def.labels), index }));
    prepared.set(exp, p);
  }
  return p;
}

/** What one series does at one minute of a traffic: its value, and the slope text promtool's notation gives it. */
interface Sample {
  value: number | undefined;
  /** For a counter, "+v" or "-v" with v rounded to 12 significant digits (render's float-noise guard); "+0" for a gauge. */
  slope: string;
}

// Every group of a test file starts from the same healthy traffic, and a fault changes one part of
// it (one arm, or the business numbers) and shares the rest (withArm): each series' sample is
// computed and rendered once per source object it reads, not once per group, and only for the
// series a group asks for.
const samples = new WeakMap<readonly Prepared[], WeakMap<Source, (Sample | undefined)[]>>();
const NOT_EXPORTED: Sample = { value: undefined, slope: "+0" };

function sampleOf(all: readonly Prepared[], { def, index }: Prepared, traffic: Traffic): Sample {
  const source = def.source(traffic);
  if (source === undefined) return NOT_EXPORTED;
  let bySource = samples.get(all);
  if (bySource === undefined) samples.set(all, (bySource = new WeakMap()));
  let known = bySource.get(source);
  if (known === undefined) bySource.set(source, (known = []));
  let s = known[index];
  if (s === undefined) {
    const value = def.at(source);
    known[index] = s = { value, slope: def.counter ? slopeText(value) : "+0" };
  }
  return s;
}

/** `step` rounded to 12 significant digits (no float noise), with its sign. */
export function slopeText(step: number): string {
  const text = String(Math.abs(step));
  // 12 characters hold at most 12 significant digits: rounding would give the same number back.
  if (text.length <= 12) return `${step < 0 ? "-" : "+"}${text}`;
  const rounded = Number(step.toPrecision(12));
  return `${rounded < 0 ? "-" : "+"}${num(Math.abs(rounded))}`;
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
  const all = preparedSeries(exp, c);
  const chosen = families === undefined ? all : all.filter((p) => families.includes(p.family));
  const runs = new Runs();
  return chosen.map((p) => {
    const d = p.def;
    // Traffic is constant within a phase, so each phase is one straight run (or one gap).
    let total = 0;
    for (let i = 0; i < phases.length; i++) {
      const phase = phases[i]!;
      if (phase.from > minutes) continue;
      const last = Math.min(minutes, (phases[i + 1]?.from ?? minutes + 1) - 1);
      const count = last - phase.from + 1;
      const sample = sampleOf(all, p, phase.traffic);
      const v = sample.value;
      if (v === undefined) runs.gap(count);
      else if (!d.counter) runs.line(v, 0, count, sample.slope);
      else {
        // A counter's sample at minute m counts what happened before m.
        runs.line(total, v, count, sample.slope);
        total += v * count;
      }
    }
    return { series: p.series, values: runs.done() };
  });
}
