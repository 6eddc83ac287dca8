import { describe, expect, it } from "vitest";
import { rateCounter } from "../../../src/validate/checks/promql-rate-counter.ts";
import { rules, run } from "./support.ts";

const rule = (expr: string) => rules(`      - record: job:value:rate5m\n        expr: ${JSON.stringify(expr)}\n`);

describe("promql/rate-counter", () => {
  it.each([
    ["rate() of a gauge", "rate(node_memory_free_bytes[5m])", "rate() of \"node_memory_free_bytes\""],
    ["increase() of a gauge", "sum(increase(queue_length[1h]))", "increase()"],
    ["irate() inside a ratio", "irate(temperature_celsius[5m]) / 2", "irate()"],
  ])("warns on %s", async (_what, expr, text) => {
    const problems = await run(rateCounter, rule(expr));
    expect(problems).toHaveLength(1);
    expect(problems[0]!.severity).toBe("warning");
    expect(problems[0]!.message).toContain(text);
  });

  it.each([
    ["a _total counter", "rate(http_requests_total[5m])"],
    ["histogram buckets", "rate(x_bucket[5m])"],
    ["a summary's count and sum", "rate(x_count[5m]) + rate(x_sum[5m])"],
    ["a recorded series, whose name does not tell its type", "rate(job:requests:sum[5m])"],
    ["deriv() of a gauge", "deriv(node_memory_free_bytes[5m])"],
  ])("accepts %s", async (_what, expr) => {
    expect(await run(rateCounter, rule(expr))).toEqual([]);
  });
});
