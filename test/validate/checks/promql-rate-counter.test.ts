// promql/rate-counter flags rate() and friends only over series known to be gauges: what the
// run's recording rules record from a rate or ratio, the contract's gauges, summary quantiles.
import { describe, expect, it } from "vitest";
import { rateCounter } from "../../../src/validate/checks/promql-rate-counter.ts";
import { context, rules, run } from "./support.ts";

const rule = (expr: string) => rules(`      - record: job:value:rate5m\n        expr: ${JSON.stringify(expr)}\n`);
const known = new Map([
  ["job:errors:ratio_rate5m", "recorded from a ratio of two series in rules.yml"],
  ["ab_test_model_accuracy", 'a gauge of the metric contract of experiment "demo"'],
]);

describe("promql/rate-counter", () => {
  it.each([
    ["rate() of a recorded ratio", "rate(job:errors:ratio_rate5m[5m])", 'rate() of "job:errors:ratio_rate5m", which is a gauge (recorded from a ratio of two series in rules.yml)'],
    ["increase() of a contract gauge", "sum(increase(ab_test_model_accuracy[1h]))", 'a gauge of the metric contract of experiment "demo"'],
    ["irate() of a summary quantile", 'irate(http_request_duration_seconds{quantile="0.99"}[5m]) / 2', "a summary's quantile series"],
  ])("warns on %s", async (_what, expr, text) => {
    const problems = await run(rateCounter, rule(expr), context({ gauges: known }));
    expect(problems).toHaveLength(1);
    expect(problems[0]!.severity).toBe("warning");
    expect(problems[0]!.message).toContain(text);
  });

  it.each([
    ["a _total counter", "rate(http_requests_total[5m])"],
    ["a counter without _total, as node_exporter and SNMP exporters name them", "rate(node_network_receive_bytes[5m]) + rate(ifHCInOctets[5m])"],
    ["histogram buckets", "rate(x_bucket[5m])"],
    ["a summary's count and sum", "rate(x_count[5m]) + rate(x_sum[5m])"],
    ["a recorded series nobody describes", "rate(job:requests:sum[5m])"],
    ["deriv() of a gauge", "deriv(ab_test_model_accuracy[5m])"],
  ])("accepts %s", async (_what, expr) => {
    expect(await run(rateCounter, rule(expr), context({ gauges: known }))).toEqual([]);
  });
});
