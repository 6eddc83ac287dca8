import { describe, expect, it } from "vitest";
import { histogramQuantileLe } from "../../../src/validate/checks/promql-histogram-quantile-le.ts";
import { rules, run } from "./support.ts";

const rule = (expr: string) => rules(`      - record: job:latency:p95\n        expr: ${JSON.stringify(expr)}\n`);

describe("promql/histogram-quantile-le", () => {
  it.each([
    ["an aggregation by other labels", "histogram_quantile(0.95, sum by (job) (rate(x_bucket[5m])))", "only job"],
    ["an aggregation without a by clause", "histogram_quantile(0.95, sum(rate(x_bucket[5m])))", "no labels"],
    ["an aggregation that drops le explicitly", "histogram_quantile(0.95, sum without (le) (rate(x_bucket[5m])))", "every label except __name__, le"],
    ["a nested aggregation that loses le on the way", "histogram_quantile(0.9, max by (le) (sum by (job) (rate(x_bucket[5m]))))", "no labels"],
  ])("warns on %s", async (_what, expr, keeps) => {
    const problems = await run(histogramQuantileLe, rule(expr));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ severity: "warning", group: "example", rule: 1, ruleName: "job:latency:p95" });
    expect(problems[0]!.message).toContain(keeps);
  });

  it.each([
    ["an aggregation by le", "histogram_quantile(0.95, sum by (le, job) (rate(x_bucket[5m])))"],
    ["a plain rate of buckets", "histogram_quantile(0.95, rate(x_bucket[5m]))"],
    ["an aggregation without other labels", "histogram_quantile(0.95, sum without (instance) (rate(x_bucket[5m])))"],
    ["a recorded series", "histogram_quantile(0.95, job_le:x_bucket:rate5m)"],
    ["VictoriaMetrics buckets (vmrange)", "histogram_quantile(0.99, sum(increase(x_bucket[5m])) by (job, vmrange))"],
  ])("accepts %s", async (_what, expr) => {
    expect(await run(histogramQuantileLe, rule(expr))).toEqual([]);
  });
});
