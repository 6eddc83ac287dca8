// A numeric model of the statistical alerts, faithful to the rules' semantics: the same windows,
// the same guards, evaluation every 30 s, `for`. "Before" are the 1h-window rules abwatch generated
// until the sequential tests replaced them (test/fixtures/calibration/before.rules.yml keeps them);
// "after" are today's generated rules. test/calibration/model.test.ts checks both against promtool:
// same inputs, same statistic values, same firing minute.
//
// The simulated service scrapes every minute, aligned with the rule evaluations (as promtool's
// tests are). Real scrapes every 15 s land between evaluations; an hourly increase then
// extrapolates over at most one scrape interval at each edge, which this model does not simulate.
// The sequential alerts' guards on the current request rate (0.05/s) hold for any simulated traffic
// and are taken as true.
import { armAccuracy, halfWidth, pearsonChiSquare, srmLogLikelihoodRatio } from "../../src/stats/index.ts";
import { MIN_LABELLED_PER_ARM, TAU_ACCURACY, TAU_SRM, perComparisonAlpha } from "../../src/stats/design.ts";
import { AlertState, increase, subquerySteps, type Counter } from "./prometheus.ts";

export const HOUR = 3600;
export const DAY = 86_400;

/** What the rules read: per arm, requests and labelled predictions (correct, incorrect). */
export interface Counters {
  requests?: readonly Counter[];
  correct?: readonly Counter[];
  incorrect?: readonly Counter[];
}

/** A declared experiment as the calibration sees it: arm 0 is the control. */
export interface Design {
  weights: readonly number[];
  alpha: number;
  minSamples: number;
  splitTolerance: number;
  /** The sequential tests' horizon, seconds. */
  horizon: number;
}

/** An alert as a function of evaluation time: one condition per instance (arm or treatment). */
export interface AlertModel {
  name: string;
  forSeconds: number;
  instances: number;
  /** Writes each instance's condition at `t` into `out`. */
  evaluate(t: number, out: boolean[]): void;
}

const sumDefined = (xs: readonly (number | undefined)[]) => xs.reduce<number>((s, x) => s + (x ?? 0), 0);

// ---- before: the 1h-window rules ----

/** The last hour's requests and their chi-square against the weights (none without requests). */
export function beforeSrmStatistic(d: Design, c: Counters, t: number): { n: number; chi2: number } | undefined {
  const o = c.requests!.map((r) => increase(r, t, HOUR));
  const n = sumDefined(o);
  if (!(n > 0)) return undefined;
  return { n, chi2: d.weights.reduce((s, w, i) => s + ((o[i] ?? 0) - w * n) ** 2 / (w * n), 0) };
}

/** Pearson's chi-square of the last hour's requests above the p < 0.001 critical value, ≥ minSamples requests. */
export function beforeSrm(d: Design, c: Counters, critical: number): AlertModel {
  return {
    name: "SampleRatioMismatch",
    forSeconds: 600,
    instances: 1,
    evaluate(t, out) {
      const s = beforeSrmStatistic(d, c, t);
      out[0] = s !== undefined && s.chi2 > critical && s.n >= d.minSamples;
    },
  };
}

/** Treatment k's two-proportion z-score over the last hour (none when undefined, as the rules). */
export function beforeZ(c: Counters, t: number, k: number): number | undefined {
  const s = (i: number) => increase(c.correct![i]!, t, HOUR) ?? 0;
  const n = (i: number) => sumDefined([increase(c.correct![i]!, t, HOUR), increase(c.incorrect![i]!, t, HOUR)]);
  const [st, sc, nt, nc] = [s(k), s(0), n(k), n(0)];
  const pooled = (st + sc) / (nt + nc);
  const se = Math.sqrt(pooled * (1 - pooled) * (1 / nt + 1 / nc));
  return nt > 0 && nc > 0 && se > 0 ? (st / nt - sc / nc) / se : undefined;
}

/** The two-proportion z-score of the last hour below −1.96, with at least minSamples requests in the hour. */
export function beforeAccuracy(d: Design, c: Counters, z = 1.96): AlertModel {
  const treatments = c.correct!.length - 1;
  return {
    name: "AccuracyRegression",
    forSeconds: 600,
    instances: treatments,
    evaluate(t, out) {
      const requests = sumDefined(c.requests!.map((r) => increase(r, t, HOUR)));
      for (let k = 1; k <= treatments; k++) {
        const v = beforeZ(c, t, k);
        out[k - 1] = v !== undefined && v < -z && requests >= d.minSamples;
      }
    },
  };
}

/** An arm's share of the last hour off its weight by more than the tolerance, ≥ minSamples requests. */
export function beforeSplitDeviation(d: Design, c: Counters, minRequests = d.minSamples): AlertModel {
  const req = c.requests!;
  return {
    name: "TrafficSplitDeviation",
    forSeconds: 900,
    instances: req.length,
    evaluate(t, out) {
      const o = req.map((r) => increase(r, t, HOUR));
      const n = sumDefined(o);
      for (let i = 0; i < req.length; i++) {
        out[i] = n > 0 && o[i] !== undefined && Math.abs(o[i]! / n - d.weights[i]!) > d.splitTolerance && n >= minRequests;
      }
    },
  };
}

// ---- after: the sequential rules ----

/**
 * Each counter's hourly increases at whole hours, as running totals: sums over any run of steps in
 * constant time (the steps of `[horizon:1h]` are consecutive whole hours). `defined` counts the
 * steps that had a series.
 */
interface Tiles {
  sum: number[];
  defined: number[];
}
const tilesOf = new WeakMap<Counter, Tiles>();

function tiles(counter: Counter, upTo: number): Tiles {
  let t = tilesOf.get(counter);
  if (t === undefined) tilesOf.set(counter, (t = { sum: [], defined: [] }));
  for (let h = t.sum.length; h <= upTo; h++) {
    const x = increase(counter, h * HOUR, HOUR);
    t.sum.push((h > 0 ? t.sum[h - 1]! : 0) + (x ?? 0));
    t.defined.push((h > 0 ? t.defined[h - 1]! : 0) + (x === undefined ? 0 : 1));
  }
  return t;
}

/**
 * The counts since the start at `t`: hourly increases summed at whole hours over the horizon, none
 * once the experiment is older than the horizon (its first sample, at 0, is a horizon old).
 */
function sinceStart(counter: Counter, t: number, horizon: number): number | undefined {
  if (t - horizon >= 0) return undefined;
  const { last, first: step } = subquerySteps(t, horizon, HOUR);
  // Steps before the first sample find no series.
  const first = Math.max(0, step);
  if (last < first) return undefined;
  const all = tiles(counter, last);
  const before = (a: number[]) => (first > 0 ? a[first - 1]! : 0);
  if (all.defined[last]! - before(all.defined) === 0) return undefined;
  return all.sum[last]! - before(all.sum);
}

/** Re-computes a condition only when whole hours pass: the counts since the start change only then. */
function hourly(evaluate: (t: number, out: boolean[]) => void): (t: number, out: boolean[]) => void {
  let hour = Number.NaN;
  let cached: boolean[] = [];
  return (t, out) => {
    const h = Math.floor(t / HOUR);
    if (h !== hour) {
      hour = h;
      cached = [];
      evaluate(t, cached);
    }
    for (let i = 0; i < cached.length; i++) out[i] = cached[i]!;
  };
}

/** The SRM test's statistics since the start at `t` (none below minSamples requests). */
export function afterSrmStatistic(d: Design, c: Counters, t: number): { n: number; chi2: number; pValue: number } | undefined {
  const counts = c.requests!.map((r) => sinceStart(r, t, d.horizon));
  const n = sumDefined(counts);
  if (counts.every((x) => x === undefined) || n < Math.max(1, d.minSamples)) return undefined;
  const { chi2 } = pearsonChiSquare(d.weights.map((w, i) => ({ count: counts[i] ?? 0, weight: w })));
  return { n, chi2, pValue: Math.exp(-srmLogLikelihoodRatio(n, chi2, d.weights.length - 1, TAU_SRM)) };
}

/** The always-valid p-value of the requests since the start at most α. */
export function afterSrm(d: Design, c: Counters): AlertModel {
  return {
    name: "SampleRatioMismatch",
    forSeconds: 600,
    instances: 1,
    evaluate: hourly((t, out) => {
      const s = afterSrmStatistic(d, c, t);
      out[0] = s !== undefined && s.pValue <= d.alpha;
    }),
  };
}

/**
 * Treatment k against the control since the start at `t`: difference, variance and the alert's
 * value, the smallest drop in points (none below MIN_LABELLED_PER_ARM labelled predictions per arm).
 */
export function afterAccuracyStatistic(d: Design, c: Counters, t: number, k: number): { estimate: number; variance: number; drop: number } | undefined {
  const arm = (i: number) => {
    const s = sinceStart(c.correct![i]!, t, d.horizon);
    const f = sinceStart(c.incorrect![i]!, t, d.horizon);
    if (s === undefined || f === undefined || s + f < MIN_LABELLED_PER_ARM) return undefined;
    return armAccuracy({ correct: s, total: s + f });
  };
  const control = arm(0);
  const tr = arm(k);
  if (control === undefined || tr === undefined) return undefined;
  const estimate = tr.estimate - control.estimate;
  const variance = tr.variance + control.variance;
  const alpha = perComparisonAlpha(d.alpha, c.correct!.length - 1);
  return { estimate, variance, drop: (-estimate - halfWidth(variance, TAU_ACCURACY, alpha)) * 100 };
}

/** Each treatment's always-valid confidence sequence for the accuracy difference entirely below 0. */
export function afterAccuracy(d: Design, c: Counters): AlertModel {
  const treatments = c.correct!.length - 1;
  return {
    name: "AccuracyRegression",
    forSeconds: 600,
    instances: treatments,
    evaluate: hourly((t, out) => {
      for (let k = 1; k <= treatments; k++) {
        const s = afterAccuracyStatistic(d, c, t, k);
        out[k - 1] = s !== undefined && s.drop > 0;
      }
    }),
  };
}

// ---- running an alert over an experiment ----

export interface Run {
  /** Every time an instance turned firing, seconds from the start. */
  firings: number[];
  /** The first, or undefined. */
  first: number | undefined;
}

/** Evaluates `alert` every `interval` seconds from 0 to `duration`, stopping at the first firing if `untilFirst`. */
export function simulate(alert: AlertModel, duration: number, opts: { interval?: number; untilFirst?: boolean } = {}): Run {
  const interval = opts.interval ?? 30;
  const states = Array.from({ length: alert.instances }, () => new AlertState(alert.forSeconds));
  const out = new Array<boolean>(alert.instances).fill(false);
  const firings: number[] = [];
  for (let t = 0; t <= duration; t += interval) {
    alert.evaluate(t, out);
    for (let i = 0; i < states.length; i++) {
      const before = states[i]!.firedAt.length;
      states[i]!.step(t, out[i]!);
      if (states[i]!.firedAt.length > before) firings.push(t);
    }
    if (opts.untilFirst && firings.length > 0) break;
  }
  return { firings, first: firings.length > 0 ? Math.min(...firings) : undefined };
}
