// Thresholds as a reader sees them: the number compared against, the series it is compared with.
import { describe, expect, it } from "vitest";
import { maskThresholds, reads, thresholds } from "../../src/diff/promql.ts";
import { shownSeries } from "../../src/diff/categories/alerts.ts";

const pick = (expr: string) => thresholds(expr)!.map((t) => `${t.series} ${t.op} ${t.value}`);

describe("thresholds", () => {
  it.each([
    ["x > 0.05", ["x > 0.05"]],
    ["0.05 < x", ["x > 0.05"]],
    ['z{experiment="a"} < -1.96', ['z{experiment="a"} < -1.96']],
    ["x >= (3)", ["x >= 3"]],
    ["x > bool 1", ["x > bool 1"]],
    ["a > 0.05\n  and on (m) b >= 0.05", ["a > 0.05", "b >= 0.05"]],
    ["abs(a - on (m) b) > 0.05", ["abs(a - on (m) b) > 0.05"]],
    // Comparisons between two series and arithmetic with numbers are not thresholds.
    ["a > b", []],
    ["a * 100", []],
  ])("%s", (expr, expected) => {
    expect(pick(expr)).toEqual(expected);
  });

  it("is undefined for an expression that does not parse", () => {
    expect(thresholds("x >")).toBeUndefined();
  });

  it("masks only the threshold numbers", () => {
    const expr = "rate(x[5m]) > 0.05 and y >= 2";
    expect(maskThresholds(expr, thresholds(expr)!)).toBe("rate(x[5m]) > # and y >= #");
    const other = "rate(x[10m]) > 0.1 and y >= 2";
    expect(maskThresholds(other, thresholds(other)!)).not.toBe(maskThresholds(expr, thresholds(expr)!));
  });

  it("shows a series without the experiment's own scope matcher", () => {
    expect(shownSeries('a{experiment="x"}', "x")).toBe("a");
    expect(shownSeries('a{experiment="x", status="error"}', "x")).toBe('a{status="error"}');
    expect(shownSeries('a{status="error", experiment="x"}', "x")).toBe('a{status="error"}');
    expect(shownSeries('a{experiment="y"}', "x")).toBe('a{experiment="y"}');
  });
});

describe("reads", () => {
  it("matches whole series names only", () => {
    expect(reads('experiment:a:rate5m{experiment="x"} > 1', "experiment:a:rate5m")).toBe(true);
    expect(reads("experiment:a:rate5m_total", "experiment:a:rate5m")).toBe(false);
    expect(reads("sum(experiment_model:experiment:a:rate5m)", "experiment:a:rate5m")).toBe(false);
  });
});
