// promql_expr_test cases for the statistical recording rules, on the spec's observed traffic
// (a 74/26 split against 70/30). Each case compares a recorded series with a formula written out by
// hand, and the comment above it shows the arithmetic; `abs(recorded - hand) < bool 1e-6` is 1
// when they agree (promtool compares floats exactly, see PROMQL-STATS.md).
import { OUT, RECORD, type RecordKey } from "../../model/conventions.ts";
import { num, selector } from "../promql.ts";
import type { AlertContext } from "../alerts/spec.ts";
import { shiftedShares } from "../alerts/common.ts";
import { at } from "./durations.ts";
import { inputSeries } from "./series.ts";
import {
  TOTAL_REQUESTS_PER_MINUTE,
  cumulativeShare,
  healthyTraffic,
  withArm,
  withShares,
  type Masses,
} from "../../traffic/profile.ts";
import type { PromqlExprTest, TestGroup } from "./types.ts";

const EVAL_MINUTE = 70;
const f = (v: number) => num(v);

/** histogram_quantile over point masses, as PromQL interpolates it, with its formula. */
export function bucketQuantile(q: number, buckets: readonly number[], masses: Masses): { value: number; formula: string } {
  let lower = 0;
  let below = 0;
  for (const le of buckets) {
    const share = cumulativeShare(masses, le);
    if (share >= q) {
      const value = lower + ((le - lower) * (q - below)) / (share - below);
      return { value, formula: `${f(lower)} + (${f(le)} - ${f(lower)}) * (${f(q)} - ${f(below)}) / (${f(share)} - ${f(below)})` };
    }
    lower = le;
    below = share;
  }
  return { value: lower, formula: f(lower) };
}

export function statisticsGroup(ctx: AlertContext): TestGroup {
  const { exp, c } = ctx;
  const id = exp.id;
  const control = c.control.name;
  const treatment = c.treatments[0]!.name;
  const shares = shiftedShares(ctx, 0.04);
  const traffic = withShares(healthyTraffic(exp, c), shares);
  const series = (key: RecordKey, arm?: string) => selector(RECORD[key], { [OUT.experiment]: id }, arm ? { [OUT.model]: arm } : {});
  const labels = (arm?: string) => selector("", { [OUT.experiment]: id }, arm ? { [OUT.model]: arm } : {});
  const cases: PromqlExprTest[] = [];
  const check = (comment: string, key: RecordKey, hand: string, arm?: string) =>
    cases.push({
      comment,
      expr: `abs(${series(key, arm)} - (${hand})) < bool 1e-6`,
      eval_time: at(EVAL_MINUTE),
      exp_samples: [{ labels: labels(arm), value: 1 }],
    });

  const n = TOTAL_REQUESTS_PER_MINUTE * 60;
  const observed = exp.arms.map((a) => ({ arm: a, o: n * shares[a.name]!, e: n * a.weight }));
  check(
    `Traffic share (1h) of ${control}: ${f(observed[0]!.o)} of ${f(n)} requests`,
    "share1h",
    `${f(observed.find((x) => x.arm.name === control)!.o)} / ${f(n)}`,
    control,
  );
  check(
    `Sample-ratio-mismatch chi-square (1h): sum of (observed - expected)^2 / expected\n` +
      observed.map((x) => `  ${x.arm.name}: observed ${f(x.o)}, expected ${f(x.e)} (${f(x.arm.weight)} of ${f(n)})`).join("\n") +
      `\n  = ${f(observed.reduce((s, x) => s + (x.o - x.e) ** 2 / x.e, 0))}`,
    "srmChi2",
    observed.map((x) => `(${f(x.o)} - ${f(x.e)}) ^ 2 / ${f(x.e)}`).join(" + "),
  );

  const healthy = healthyTraffic(exp, c);
  const ctl = healthy.arms[control]!;
  check(`Error ratio (5m) of ${control}: healthy traffic's ${f(ctl.errorRatio * 100)}% errors`, "errorRatio5m", f(ctl.errorRatio), control);

  const p95 = bucketQuantile(0.95, exp.metrics.buckets.responseTime, ctl.latency);
  check(
    `p95 latency (5m) of ${control}: histogram_quantile interpolates in the bucket holding 95% of requests\n  = ${p95.formula} = ${f(p95.value)} s`,
    "latencyP95",
    p95.formula,
    control,
  );

  if (c.features.confidence) {
    check(
      `Mean confidence (1h) of ${control}: ${ctl.confidence.map((m) => `${f(m.share)} x ${f(m.value)}`).join(" + ")}`,
      "confidenceMean1h",
      ctl.confidence.map((m) => `${f(m.share)} * ${f(m.value)}`).join(" + "),
      control,
    );
  }
  if (c.features.drift) {
    check(
      `KS distance (1h) of ${treatment} vs ${control}: identical score distributions, so 0 (up to float rounding)`,
      "scoreKs1h",
      "0",
      treatment,
    );
  }
  if (c.features.significance) {
    const nc = (n * shares[control]!) / 10;
    const nt = (n * shares[treatment]!) / 10;
    const pc = ctl.correctRatio;
    const pt = healthy.arms[treatment]!.correctRatio;
    const pooled = (nc * pc + nt * pt) / (nc + nt);
    const z = (pt - pc) / Math.sqrt(pooled * (1 - pooled) * (1 / nt + 1 / nc));
    check(
      `Two-proportion z-score (1h) of ${treatment} vs ${control}:\n` +
        `  n = ${f(nt)} and ${f(nc)} labelled predictions, accuracy ${f(pt)} and ${f(pc)}\n` +
        `  pooled p = (${f(nt * pt)} + ${f(nc * pc)}) / (${f(nt)} + ${f(nc)}) = ${f(pooled)}\n` +
        `  z = (${f(pt)} - ${f(pc)}) / sqrt(p (1 - p) (1/${f(nt)} + 1/${f(nc)})) = ${f(z)}`,
      "accuracyZ1h",
      `(${f(pt)} - ${f(pc)}) / (${f(pooled)} * (1 - ${f(pooled)}) * (1 / ${f(nt)} + 1 / ${f(nc)})) ^ 0.5`,
      treatment,
    );
  }
  if (c.features.business) {
    const b = healthy.business;
    check(
      `Net business value: revenue lift - cost impact + risk reduction = ${f(b.revenueLift)} - ${f(b.costImpact)} + ${f(b.riskReduction)} = ${f(b.netBusinessValue)}%`,
      "businessNet",
      f(b.netBusinessValue),
    );
  }
  if (c.features.forecast) {
    const b = exp.business!;
    const [ca, ta] = [ctl.accuracy, healthy.arms[treatment]!.accuracy];
    const improvement = ta - ca;
    check(
      `Daily revenue forecast of ${treatment}: daily requests x accuracy improvement x revenue per prediction\n` +
        `  = ${f(b.dailyRequests)} x ${f(improvement / 100)} x ${f(b.revenuePerPrediction)} = ${f((b.dailyRequests * improvement * b.revenuePerPrediction) / 100)}`,
      "revenueForecast",
      `${f(b.dailyRequests)} * (${f(ta)} - ${f(ca)}) / 100 * ${f(b.revenuePerPrediction)}`,
      treatment,
    );
  }
  return {
    name: `statistics on the spec's observed split (${exp.arms.map((a) => `${a.name} ${f(shares[a.name]! * 100)}%`).join(", ")}) match hand-computed values`,
    interval: "1m",
    input_series: inputSeries(exp, c, [{ from: 0, traffic }], EVAL_MINUTE),
    promql_expr_test: cases,
  };
}

/** Zero traffic must give no series at all, never NaN (PROMQL-STATS.md, gotcha 1). */
export function zeroTrafficGroup(ctx: AlertContext): TestGroup {
  const { exp, c } = ctx;
  const idle = exp.arms.reduce((t, a) => withArm(t, a.name, { requests: 0, evaluated: 0 }), healthyTraffic(exp, c));
  const keys: RecordKey[] = ["errorRatio5m", "share5m", "share1h", "srmChi2", "latencyP95"];
  if (c.features.significance) keys.push("accuracyRatio1h", "accuracyZ1h");
  if (c.features.drift) keys.push("scoreCdf1h", "scoreKs1h");
  if (c.features.confidence) keys.push("confidenceMean1h");
  return {
    name: "zero traffic gives no statistical series (no NaN)",
    interval: "1m",
    input_series: inputSeries(exp, c, [{ from: 0, traffic: idle }], EVAL_MINUTE),
    promql_expr_test: keys.map((key) => ({
      expr: selector(RECORD[key], { [OUT.experiment]: exp.id }),
      eval_time: at(EVAL_MINUTE),
      exp_samples: [],
    })),
  };
}
