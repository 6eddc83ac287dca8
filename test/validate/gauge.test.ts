// Which expressions certainly yield gauges (src/validate/promql/gauge.ts): what rate-counter
// trusts instead of metric names.
import { describe, expect, it } from "vitest";
import { gaugeReason } from "../../src/validate/promql/gauge.ts";
import { parsePromQL } from "../../src/validate/promql/parse.ts";

const reason = (expr: string, known = new Map<string, string>()) => gaugeReason(parsePromQL(expr).expr!, (name) => known.get(name));

describe("gauge inference", () => {
  it.each([
    ["sum by (job) (rate(x_total[5m]))", "rate() of a series"],
    ["sum(rate(a_total[5m])) / sum(rate(b_total[5m]))", "a ratio of two series"],
    ["a_total / b_total", "a ratio of two series"],
    ["count(up)", "count() of series"],
    ["histogram_quantile(0.9, sum by (le) (rate(x_bucket[5m])))", "histogram_quantile() of a series"],
    ["up == bool 1", "a comparison with bool (0 or 1)"],
    ['x{quantile="0.5"}', "a summary's quantile series (it has a quantile label)"],
    ["known_gauge * 100", "from elsewhere"],
  ])("%s is a gauge: %s", (expr, why) => {
    expect(reason(expr, new Map([["known_gauge", "from elsewhere"]]))).toBe(why);
  });

  it.each(["x_total", "sum by (job) (x_total)", "x_total * 8", "a_total - b_total", "max(node_cpu_seconds)", "label_replace(x, \"a\", \"b\", \"c\", \"d\")", "x > 5"])(
    "%s may be a counter",
    (expr) => expect(reason(expr)).toBeUndefined(),
  );
});
