// The normal-mixture sequential probability ratio test (mSPRT) for one parameter: Robbins (1970),
// "Statistical methods related to the law of the iterated logarithm"; Johari, Koomen, Pekelis and
// Walsh (2017/2022), "Always Valid Inference: Continuous Monitoring of A/B Tests". Hand-written:
// these are four closed forms, the same ones the generated PromQL computes, so the test generator
// can check the rules against an implementation that shares no code with them.
//
// An estimate θ̂ of θ with variance V behaves, as data accrue, like a Brownian motion observed in
// "information time" 1/V. Mixing the likelihood ratio against θ over θ ~ N(0, τ²) gives
//   Λ = sqrt(V / (V + τ²)) · exp(θ̂² τ² / (2 V (V + τ²))),
// a non-negative martingale under θ = 0 with mean 1, so by Ville's inequality
//   P(Λ ever reaches 1/α) ≤ α
// however often it is looked at. Inverting the test around every θ gives a confidence sequence:
// intervals that contain θ at every moment, simultaneously, with probability ≥ 1 − α.

/** ln Λ for estimate `theta` with variance `variance`, mixing standard deviation `tau`. */
export function logLikelihoodRatio(theta: number, variance: number, tau: number): number {
  const t2 = tau * tau;
  return 0.5 * Math.log(variance / (variance + t2)) + (theta * theta * t2) / (2 * variance * (variance + t2));
}

/**
 * Half-width of the always-valid (1 − α) confidence sequence: θ̂ ± halfWidth holds θ at all times
 * with probability ≥ 1 − α. It is sqrt(V) times the z boundary, which grows like sqrt(ln n).
 */
export function halfWidth(variance: number, tau: number, alpha: number): number {
  const t2 = tau * tau;
  return Math.sqrt(((variance * (variance + t2)) / t2) * (2 * Math.log(1 / alpha) + Math.log((variance + t2) / variance)));
}

/** The boundary on |z| = |θ̂| / sqrt(V) at which Λ reaches 1/α. */
export function zBoundary(variance: number, tau: number, alpha: number): number {
  return halfWidth(variance, tau, alpha) / Math.sqrt(variance);
}

/**
 * Always-valid p-value min(1, 1/Λ): rejecting when it is ≤ α, at any time and however often, is the
 * test above. (The running minimum over time is the textbook form; the alerts use the current value,
 * which can only fire less often.)
 */
export function alwaysValidPValue(logLR: number): number {
  return Math.min(1, Math.exp(-logLR));
}
