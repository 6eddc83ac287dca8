// The calibration draws its traffic from a binomial sampler: its first two moments must be right,
// or every false-alarm rate it measures is wrong (a biased sampler made a correct 70/30 split look
// mismatched 5.7 times as often as it should).
import { describe, expect, it } from "vitest";
import { sampler, splitRequests } from "../../bench/calibration/traffic.ts";

describe("the calibration's binomial sampler", () => {
  it.each([
    [10, 0.8],
    [100, 0.7],
    [100, 0.8],
    [1000, 0.5],
    [6000, 0.7],
    [60_000, 0.8],
  ])("draws Binomial(%i, %s) with the right mean and variance", (n, p) => {
    const draw = sampler(`moments ${n} ${p}`);
    const k = 100_000;
    let s = 0;
    let s2 = 0;
    for (let i = 0; i < k; i++) {
      const x = draw(n, p);
      s += x;
      s2 += x * x;
    }
    const mean = s / k;
    const variance = s2 / k - mean * mean;
    const sd = Math.sqrt(n * p * (1 - p));
    // Five standard errors of each estimate.
    expect(Math.abs(mean - n * p)).toBeLessThan((5 * sd) / Math.sqrt(k));
    expect(Math.abs(variance / (sd * sd) - 1)).toBeLessThan(5 * Math.sqrt(2 / k));
  });

  it("is seeded: the same name draws the same traffic", () => {
    const a = splitRequests(sampler("same"), [0.7, 0.3], 100, 120, 1);
    const b = splitRequests(sampler("same"), [0.7, 0.3], 100, 120, 1);
    expect(a[0]!.at(120)).toBe(b[0]!.at(120));
    expect(a[0]!.at(120) + a[1]!.at(120)).toBe(12_000);
  });
});
