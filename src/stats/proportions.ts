// Comparing two arms' accuracies (share of labelled predictions judged correct) as a sequential
// test: the mixture SPRT of ./mixture.ts on the difference of the two proportions.
//
// Each arm's proportion is estimated with one pseudo-success and one pseudo-failure added
// (Agresti and Caffo 2000, "Simple and effective confidence intervals for proportions and
// differences of proportions result from adding two successes and two failures"): the variance is
// then never zero, so an arm at 0 % or 100 % still gets an honest interval, and the effect on large
// samples is negligible. The difference's variance is the sum of the arms' (unpooled), so the same
// numbers give a confidence sequence for the difference, not only a test of "no difference".
import { alwaysValidPValue, halfWidth, logLikelihoodRatio } from "./mixture.ts";

export interface Outcomes {
  /** Labelled predictions judged correct. */
  correct: number;
  /** All labelled predictions. */
  total: number;
}

/** An arm's adjusted accuracy (s + 1) / (n + 2) and the variance of that estimate. */
export function armAccuracy(o: Outcomes): { estimate: number; variance: number } {
  const estimate = (o.correct + 1) / (o.total + 2);
  return { estimate, variance: (estimate * (1 - estimate)) / (o.total + 2) };
}

export interface ComparisonResult {
  /** Treatment accuracy minus control accuracy (a fraction: −0.03 is 3 points worse). */
  estimate: number;
  variance: number;
  /** The always-valid (1 − α) confidence sequence for the difference. */
  lower: number;
  upper: number;
  /** Always-valid two-sided p-value for "no difference". */
  pValue: number;
  /** The whole confidence sequence lies below zero: the treatment is worse. */
  regression: boolean;
}

export function compareAccuracy(treatment: Outcomes, control: Outcomes, opts: { alpha: number; tau: number }): ComparisonResult {
  const t = armAccuracy(treatment);
  const c = armAccuracy(control);
  const estimate = t.estimate - c.estimate;
  const variance = t.variance + c.variance;
  const h = halfWidth(variance, opts.tau, opts.alpha);
  return {
    estimate,
    variance,
    lower: estimate - h,
    upper: estimate + h,
    pValue: alwaysValidPValue(logLikelihoodRatio(estimate, variance, opts.tau)),
    regression: estimate + h < 0,
  };
}
