// Sample-ratio mismatch as a sequential test: are the per-arm counts since the start consistent with
// the declared weights? Pearson's chi-square of N observations over k arms is, under the declared
// split, approximately the squared norm of a d = k − 1 dimensional Gaussian sum with covariance N·I.
// Mixing its mean over N(0, τ² I) gives the d-dimensional mixture likelihood ratio
//   ln Λ = −(d/2) ln(1 + N τ²) + N τ² χ² / (2 (1 + N τ²)),
// a martingale under the declared split (Robbins 1970; the normal approximation to the multinomial;
// Lindon and Malek 2022, "Anytime-valid inference for multinomial count data", give the exact
// Dirichlet-multinomial form, which needs lgamma and so cannot be computed in PromQL).
// τ is on the scale of Cohen's effect size w = sqrt(Σ (p_i − w_i)² / w_i) per observation.

/** One arm's observed count and declared weight. */
export interface ArmCount {
  count: number;
  weight: number;
}

/**
 * Pearson's chi-square Σ (O − N w)² / (N w), written as Σ O² / (N w) − N: the closed form the rules
 * use (no expected-count series, and an arm with no traffic simply contributes nothing to the sum).
 */
export function pearsonChiSquare(arms: readonly ArmCount[]): { n: number; chi2: number } {
  const n = arms.reduce((s, a) => s + a.count, 0);
  if (n <= 0) return { n, chi2: Number.NaN };
  return { n, chi2: arms.reduce((s, a) => s + (a.count * a.count) / a.weight, 0) / n - n };
}

export function srmLogLikelihoodRatio(n: number, chi2: number, df: number, tau: number): number {
  const nt2 = n * tau * tau;
  return -(df / 2) * Math.log(1 + nt2) + (nt2 * chi2) / (2 * (1 + nt2));
}

/** The chi-square value at which ln Λ reaches ln(1/α) after n observations: the sequential boundary. */
export function srmBoundary(n: number, df: number, tau: number, alpha: number): number {
  const nt2 = n * tau * tau;
  return ((1 + nt2) / nt2) * (2 * Math.log(1 / alpha) + df * Math.log(1 + nt2));
}

export interface SrmResult {
  n: number;
  chi2: number;
  boundary: number;
  logLR: number;
  pValue: number;
  mismatch: boolean;
}

export function srmTest(arms: readonly ArmCount[], opts: { alpha: number; tau: number }): SrmResult {
  const { n, chi2 } = pearsonChiSquare(arms);
  const df = arms.length - 1;
  const logLR = srmLogLikelihoodRatio(n, chi2, df, opts.tau);
  const pValue = Math.min(1, Math.exp(-logLR));
  return { n, chi2, boundary: srmBoundary(n, df, opts.tau, opts.alpha), logLR, pValue, mismatch: pValue <= opts.alpha };
}

/**
 * Planning: the number of observations after which a true split of `shares` (against the declared
 * `weights`) makes the test reject, taking the expected counts (chi-square N · w², w being Cohen's
 * effect size). Half the time the real counts get there sooner, half later.
 */
export function srmDetectionN(weights: readonly number[], shares: readonly number[], opts: { alpha: number; tau: number }): number {
  const w2 = weights.reduce((s, w, i) => s + (shares[i]! - w) ** 2 / w, 0);
  if (w2 <= 0) return Number.POSITIVE_INFINITY;
  const df = weights.length - 1;
  const rejects = (n: number) => srmLogLikelihoodRatio(n, n * w2, df, opts.tau) >= Math.log(1 / opts.alpha);
  let hi = 1;
  for (let i = 0; i < 200 && !rejects(hi); i++) hi *= 2;
  let lo = hi / 2;
  for (let i = 0; i < 100 && hi - lo > 0.5; i++) {
    const mid = (lo + hi) / 2;
    if (rejects(mid)) hi = mid;
    else lo = mid;
  }
  return Math.ceil(hi);
}
