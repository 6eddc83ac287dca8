// The sequential tests in PromQL: how far back they look, and the closed-form boundaries that alerts
// and dashboard panels apply to the recorded statistics. The statistics themselves are quantities
// (quantities.ts); their inference is src/stats, which the generated tests use as the reference.
//
// Always-valid inference needs every observation since the experiment started, not a sliding
// window. The rules get it cheaply in a chain, each link reading exactly ONE other recording rule:
//
//   raw counters ──increase[1h]──▶ hourly counts ──sum_over_time[H:1h]──▶ counts since the start
//     ──▶ the test's statistics (one rule, told apart by a `statistic` label) ──▶ alert, panel
//
// This is the one exception to "recording rules read raw metrics only" (inline.ts), and it is safe:
// vmalert (and the Thanos and Mimir rulers) write recording results through remote write, so a
// rule reading another rule's output may get the previous evaluation's value. Mixing that with a
// fresher value of another series is what broke the 1h traffic shares (they summed to 1.16). Here
// every link reads a single rule, whose series of one evaluation share one timestamp and travel in
// one remote-write batch: a lagging read gets an older but consistent snapshot, never a mix. And
// the subquery reads the hourly counts only at whole hours, so the counts since the start change
// once an hour: a one-evaluation lag delays an update by 30 s, far less than any alert's `for`.
//
// The horizon H bounds the sum (PromQL ranges are literals). Once the experiment is older than H
// (its raw series existed H ago) the counts since the start are dropped, so every statistic and
// alert downstream stops: otherwise the window would start sliding and the false-alarm guarantee
// would erode. Prometheus (or the long-term store vmalert queries) must keep H + 1h of samples.
import type { Experiment } from "../../model/schema.ts";
import { OUT } from "../../model/conventions.ts";
import { horizonDays } from "../../stats/design.ts";
import { num } from "../promql.ts";

/** The sequential tests' horizon as a PromQL duration, e.g. "30d". */
export function horizon(exp: Experiment): string {
  return `${horizonDays(exp.schedule)}d`;
}

/** Sums a per-hour series over the horizon: one point per whole hour, aligned to the epoch. */
export function sinceStart(hourly: string, exp: Experiment): string {
  const operand = /^[a-zA-Z_:][a-zA-Z0-9_:]*(\{[^}]*\})?$/.test(hourly) ? hourly : `(${hourly})`;
  return `sum_over_time(${operand}[${horizon(exp)}:1h])`;
}

/** Present once the experiment's raw series existed a horizon ago: it is older than the horizon. */
export function olderThanHorizon(rawSelector: string, exp: Experiment): string {
  return `present_over_time(${rawSelector}[1h] offset ${horizon(exp)})`;
}

/**
 * Half-width of the always-valid confidence sequence for an estimate whose variance is `v` (a
 * PromQL expression), mixing standard deviation `tau`, error `alpha`: stats/mixture.ts halfWidth.
 */
export function halfWidthExpr(v: string, tau: number, alpha: number): string {
  const t2 = num(tau * tau);
  return [
    "sqrt(",
    `    ${v} * (${v} + ${t2}) / ${t2}`,
    `  * (${num(2 * Math.log(1 / alpha))} + ln((${v} + ${t2}) / ${v}))`,
    ")",
  ].join("\n");
}

/** The chi-square value at which the SRM test rejects after `n` requests: stats/srm.ts srmBoundary. */
export function srmBoundaryExpr(n: string, df: number, tau: number, alpha: number): string {
  const t2 = num(tau * tau);
  return `(1 + ${t2} * ${n}) / (${t2} * ${n}) * (${num(2 * Math.log(1 / alpha))} + ${num(df)} * ln(1 + ${t2} * ${n}))`;
}

/**
 * The SRM test's always-valid p-value 1/Λ from its chi-square and request count (series of one
 * rule, different `statistic` labels): exp((d/2) ln(1 + nτ²) − nτ² χ² / (2 (1 + nτ²))).
 */
export function srmPValueExpr(n: string, chi2: string, df: number, tau: number): string {
  const t2 = num(tau * tau);
  const on = `ignoring (${OUT.statistic})`;
  return [
    "exp(",
    `    ${num(df / 2)} * ln(1 + ${t2} * ${n})`,
    `  - ${on}`,
    `    ${t2} * ${n} * ${on} ${chi2}`,
    `      / ${on} (2 * (1 + ${t2} * ${n}))`,
    ")",
  ].join("\n");
}
