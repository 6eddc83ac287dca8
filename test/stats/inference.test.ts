// The inference module against what defines it, not against its own formulas: the mixture
// likelihood ratio against numerical integration over the mixing distribution, the martingale
// property (mean 1 under no effect), the boundaries as the points where the ratio reaches 1/α, and
// Pearson's chi-square in its textbook form.
import { describe, expect, it } from "vitest";
import {
  alwaysValidPValue,
  armAccuracy,
  compareAccuracy,
  halfWidth,
  horizonDays,
  logLikelihoodRatio,
  pearsonChiSquare,
  perComparisonAlpha,
  srmBoundary,
  srmDetectionN,
  srmLogLikelihoodRatio,
  srmTest,
  zBoundary,
} from "../../src/stats/index.ts";

const normalPdf = (x: number, mean: number, sd: number) => Math.exp(-0.5 * ((x - mean) / sd) ** 2) / (sd * Math.sqrt(2 * Math.PI));

/** ∫ f over [a, b] by composite Simpson's rule. */
function integrate(f: (x: number) => number, a: number, b: number, n = 20_000): number {
  const h = (b - a) / n;
  let s = f(a) + f(b);
  for (let i = 1; i < n; i++) s += (i % 2 === 0 ? 2 : 4) * f(a + i * h);
  return (s * h) / 3;
}

describe("normal-mixture likelihood ratio", () => {
  it.each([
    [0.01, 0.0001, 0.03],
    [-0.02, 0.00004, 0.03],
    [0.5, 0.2, 1],
    [0, 0.001, 0.05],
  ])("equals the likelihood ratio integrated over θ ~ N(0, τ²) (θ̂ = %s, V = %s, τ = %s)", (est, v, tau) => {
    const sd = Math.sqrt(v);
    const mixed = integrate((theta) => (normalPdf(est, theta, sd) / normalPdf(est, 0, sd)) * normalPdf(theta, 0, tau), -12 * tau, 12 * tau);
    expect(logLikelihoodRatio(est, v, tau)).toBeCloseTo(Math.log(mixed), 8);
  });

  it("is a martingale under no effect: its mean over θ̂ ~ N(0, V) is 1", () => {
    for (const [v, tau] of [
      [0.0001, 0.03],
      [0.01, 0.03],
      [1, 0.5],
    ] as const) {
      // Λ · density, in logs: each factor alone overflows or underflows in the tails.
      const logPdf = (x: number) => -0.5 * (x * x) / v - 0.5 * Math.log(2 * Math.PI * v);
      const reach = 12 * Math.sqrt(v + tau * tau);
      const mean = integrate((x) => Math.exp(logLikelihoodRatio(x, v, tau) + logPdf(x)), -reach, reach);
      expect(mean).toBeCloseTo(1, 6);
    }
  });

  it("reaches 1/α exactly at the confidence sequence's half-width, and z boundary = half-width / sd", () => {
    for (const alpha of [0.05, 0.01, 0.025]) {
      for (const v of [1e-6, 1e-4, 0.01]) {
        const h = halfWidth(v, 0.03, alpha);
        expect(logLikelihoodRatio(h, v, 0.03)).toBeCloseTo(Math.log(1 / alpha), 9);
        expect(logLikelihoodRatio(-h, v, 0.03)).toBeCloseTo(Math.log(1 / alpha), 9);
        expect(zBoundary(v, 0.03, alpha)).toBeCloseTo(h / Math.sqrt(v), 12);
      }
    }
  });

  it("grows like sqrt(log n) in z once n τ² is large: wider than the fixed-sample 1.96, ever more slowly", () => {
    const z = [1e-5, 1e-7, 1e-9, 1e-11].map((v) => zBoundary(v, 0.03, 0.05));
    expect(z[0]!).toBeGreaterThan(1.96);
    for (let i = 1; i < z.length; i++) expect(z[i]! - z[i - 1]!).toBeGreaterThan(0);
    expect(z[3]! - z[2]!).toBeLessThan(z[1]! - z[0]!);
  });

  it("gives p = min(1, 1/Λ)", () => {
    expect(alwaysValidPValue(Math.log(40))).toBeCloseTo(0.025, 15);
    expect(alwaysValidPValue(-3)).toBe(1);
  });
});

describe("sample-ratio mismatch", () => {
  it("computes Pearson's chi-square as the textbook Σ (O − E)² / E", () => {
    const arms = [
      { count: 7050, weight: 0.7 },
      { count: 2950, weight: 0.3 },
    ];
    const { n, chi2 } = pearsonChiSquare(arms);
    expect(n).toBe(10_000);
    const textbook = arms.reduce((s, a) => s + (a.count - n * a.weight) ** 2 / (n * a.weight), 0);
    expect(chi2).toBeCloseTo(textbook, 9);
    expect(textbook).toBeCloseTo(1.1904761904761905, 12); // PROMQL-STATS.md, case 1
  });

  it("counts an arm without traffic as observed 0", () => {
    const { chi2 } = pearsonChiSquare([
      { count: 10_000, weight: 0.7 },
      { count: 0, weight: 0.3 },
    ]);
    expect(chi2).toBeCloseTo(4285.714285714286, 6); // PROMQL-STATS.md: missing arm
  });

  it("with two arms equals the one-dimensional mixture on the standardised share", () => {
    for (const [n, chi2] of [
      [1000, 3.2],
      [50_000, 12],
    ] as const) {
      expect(srmLogLikelihoodRatio(n, chi2, 1, 0.05)).toBeCloseTo(logLikelihoodRatio(Math.sqrt(chi2 / n), 1 / n, 0.05), 10);
    }
  });

  it("has its boundary where ln Λ reaches ln(1/α), for any number of arms", () => {
    for (const df of [1, 2, 4]) {
      for (const n of [500, 20_000, 3e6]) {
        const b = srmBoundary(n, df, 0.05, 0.05);
        expect(srmLogLikelihoodRatio(n, b, df, 0.05)).toBeCloseTo(Math.log(20), 9);
      }
    }
  });

  it("flags the spec's 74/26 of 10,000 against 70/30 and not 70.5/29.5", () => {
    const w = (a: number) => [
      { count: a, weight: 0.7 },
      { count: 10_000 - a, weight: 0.3 },
    ];
    expect(srmTest(w(7400), { alpha: 0.05, tau: 0.05 }).mismatch).toBe(true);
    expect(srmTest(w(7050), { alpha: 0.05, tau: 0.05 }).mismatch).toBe(false);
  });
});

describe("accuracy comparison", () => {
  it("adds one success and one failure per arm (Agresti–Caffo)", () => {
    expect(armAccuracy({ correct: 8, total: 10 })).toEqual({ estimate: 0.75, variance: (0.75 * 0.25) / 12 });
    expect(armAccuracy({ correct: 0, total: 0 }).variance).toBeGreaterThan(0);
  });

  it("reports a confidence sequence around the difference and flags it only when it lies below zero", () => {
    const worse = compareAccuracy({ correct: 7700, total: 10_000 }, { correct: 8000, total: 10_000 }, { alpha: 0.05, tau: 0.03 });
    expect(worse.estimate).toBeCloseTo(7701 / 10_002 - 8001 / 10_002, 12);
    expect(worse.upper).toBeLessThan(0);
    expect(worse.lower).toBeLessThan(worse.estimate);
    expect(worse.regression).toBe(true);
    expect(worse.pValue).toBeLessThan(0.05);
    const same = compareAccuracy({ correct: 7990, total: 10_000 }, { correct: 8000, total: 10_000 }, { alpha: 0.05, tau: 0.03 });
    expect(same.regression).toBe(false);
    expect(same.lower).toBeLessThan(0);
    expect(same.upper).toBeGreaterThan(0);
  });
});

describe("design", () => {
  it("splits α across treatments", () => {
    expect(perComparisonAlpha(0.05, 1)).toBe(0.05);
    expect(perComparisonAlpha(0.05, 2)).toBe(0.025);
  });

  it("watches the declared schedule, both days included, or 30 days", () => {
    expect(horizonDays({ start: "2026-11-01", end: "2026-12-31" })).toBe(61);
    expect(horizonDays({ start: "2026-11-01" })).toBe(30);
    expect(horizonDays(undefined)).toBe(30);
    expect(horizonDays({ start: "2026-11-01T00:00:00Z", end: "2026-11-14T12:00:00Z" })).toBe(15);
  });
});

describe("planning", () => {
  it("finds the request count at which a given mismatch is detected on expected counts", () => {
    const n = srmDetectionN([0.7, 0.3], [0.72, 0.28], { alpha: 0.05, tau: 0.05 });
    const w2 = 0.02 ** 2 / 0.7 + 0.02 ** 2 / 0.3;
    expect(srmLogLikelihoodRatio(n, n * w2, 1, 0.05)).toBeGreaterThanOrEqual(Math.log(20));
    expect(srmLogLikelihoodRatio(n - 1, (n - 1) * w2, 1, 0.05)).toBeLessThan(Math.log(20));
    expect(srmDetectionN([0.7, 0.3], [0.7, 0.3], { alpha: 0.05, tau: 0.05 })).toBe(Number.POSITIVE_INFINITY);
  });
});
