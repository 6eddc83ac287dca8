// What the sequential rules hold after whole hours of constant traffic from minute 0, computed with
// the inference module (src/stats), not with the rules' PromQL: the promtool test generator states
// its expected values and designs faults that cross a boundary at a chosen hour from here.
//
// With constant traffic each hourly `increase` is exact (no extrapolation error), so after `hours`
// the counts since the start are hours × 60 × the per-minute rate.
import type { MetricContract } from "../model/contract.ts";
import type { Experiment } from "../model/schema.ts";
import { compareAccuracy, type ComparisonResult } from "../stats/proportions.ts";
import { TAU_ACCURACY, TAU_SRM, perComparisonAlpha } from "../stats/design.ts";
import { srmTest, type SrmResult } from "../stats/srm.ts";
import { TOTAL_REQUESTS_PER_MINUTE, type Traffic } from "./profile.ts";

const perHour = (perMinute: number, hours: number) => perMinute * 60 * hours;

/** The SRM test on the requests since the start after `hours` of `traffic`. */
export function srmAfter(exp: Experiment, traffic: Traffic, hours: number): SrmResult {
  const arms = exp.arms.map((a) => ({ count: perHour(traffic.arms[a.name]?.requests ?? 0, hours), weight: a.weight }));
  return srmTest(arms, { alpha: exp.thresholds.alpha, tau: TAU_SRM });
}

/** One treatment against the control on the labelled predictions since the start. */
export function accuracyAfter(exp: Experiment, c: MetricContract, traffic: Traffic, treatment: string, hours: number): ComparisonResult {
  const outcomes = (arm: string) => {
    const a = traffic.arms[arm]!;
    return { correct: perHour(a.evaluated * a.correctRatio, hours), total: perHour(a.evaluated, hours) };
  };
  const alpha = perComparisonAlpha(exp.thresholds.alpha, c.treatments.length);
  return compareAccuracy(outcomes(treatment), outcomes(c.control.name), { alpha, tau: TAU_ACCURACY });
}

/** Bisection for the x in [lo, hi] where the increasing function f crosses `target`. */
function solve(f: (x: number) => number, target: number, lo: number, hi: number): number {
  for (let i = 0; i < 200; i++) {
    const mid = (lo + hi) / 2;
    // No double lies between lo and hi: every further step would leave (lo + hi) / 2 at mid.
    if (mid === lo || mid === hi) return mid;
    if (f(mid) < target) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

/** Shares with `d` of the traffic moved from the treatments (in proportion) to the control. */
export function sharesTowardControl(exp: Experiment, c: MetricContract, d: number): Record<string, number> {
  return Object.fromEntries(exp.arms.map((a) => [a.name, shareTowardControl(c, a, d)]));
}

function shareTowardControl(c: MetricContract, arm: Experiment["arms"][number], d: number): number {
  const w = c.control.weight;
  return arm.name === c.control.name ? w + d : (arm.weight * (1 - w - d)) / (1 - w);
}

/** Traffic with the total split by `shares`, labelled predictions a tenth of requests as in the healthy profile. */
export function splitBy(t: Traffic, shares: Readonly<Record<string, number>>): Traffic {
  const arms = { ...t.arms };
  for (const [arm, share] of Object.entries(shares)) {
    const a = arms[arm];
    if (a) arms[arm] = { ...a, requests: TOTAL_REQUESTS_PER_MINUTE * share, evaluated: (TOTAL_REQUESTS_PER_MINUTE * share) / 10 };
  }
  return { ...t, arms };
}

/**
 * Shares toward the control whose SRM p-value after `hours` is `p`: slightly below α fires the
 * alert at that hour and not before; slightly above never does within the hour.
 */
export function sharesForSrmPValue(exp: Experiment, c: MetricContract, healthy: Traffic, hours: number, p: number): Record<string, number> {
  // The p-value srmAfter(exp, splitBy(healthy, sharesTowardControl(exp, c, x)), hours) gives, with
  // the same arithmetic, but without building a traffic and shares at each of the ~60 steps.
  const counts = exp.arms.map((a) => ({ count: 0, weight: a.weight, exports: (healthy.arms[a.name] ?? undefined) !== undefined }));
  const opts = { alpha: exp.thresholds.alpha, tau: TAU_SRM };
  const pValueAt = (x: number) => {
    exp.arms.forEach((a, i) => {
      const arm = counts[i]!;
      arm.count = arm.exports ? perHour(TOTAL_REQUESTS_PER_MINUTE * shareTowardControl(c, a, x), hours) : 0;
    });
    return srmTest(counts, opts).pValue;
  };
  // ln p falls as the shift grows: solve on −ln p.
  const d = solve((x) => -Math.log(pValueAt(x)), -Math.log(p), 0, 0.2);
  return sharesTowardControl(exp, c, d);
}
