// Critical values of the chi-square distribution, for the sample-ratio-mismatch test with any
// number of arms: the smallest x with P(X > x) <= p for k degrees of freedom.

function logGamma(z: number): number {
  // Lanczos approximation (g = 7, n = 9), accurate to ~15 digits for z > 0.
  const c = [
    0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61503916999185,
    12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
  ];
  if (z < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * z)) - logGamma(1 - z);
  z -= 1;
  let x = c[0]!;
  for (let i = 1; i < 9; i++) x += c[i]! / (z + i);
  const t = z + 7.5;
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(x);
}

/** Regularized lower incomplete gamma P(s, x), by its power series (converges for all x here). */
function lowerGammaP(s: number, x: number): number {
  if (x <= 0) return 0;
  let term = 1 / s;
  let sum = term;
  for (let n = 1; n < 10_000; n++) {
    term *= x / (s + n);
    sum += term;
    if (term < sum * 1e-16) break;
  }
  return Math.min(1, Math.exp(-x + s * Math.log(x) - logGamma(s)) * sum);
}

export function chiSquareCdf(x: number, df: number): number {
  return lowerGammaP(df / 2, x / 2);
}

/** Critical value for significance `p` (e.g. 0.001) with `df` degrees of freedom, to 4 decimals. */
export function chiSquareCritical(p: number, df: number): number {
  let lo = 0;
  let hi = 1;
  while (1 - chiSquareCdf(hi, df) > p && hi < 1e6) hi *= 2;
  for (let i = 0; i < 200; i++) {
    const mid = (lo + hi) / 2;
    if (1 - chiSquareCdf(mid, df) > p) lo = mid;
    else hi = mid;
  }
  return Math.round(hi * 1e4) / 1e4;
}
