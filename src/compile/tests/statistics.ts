// promql_expr_test cases for the statistical recording rules, on the spec's observed traffic
// (a 74/26 split against 70/30). Each case compares a recorded series with a formula written out by
// hand, and the comment above it shows the arithmetic; `abs(recorded - hand) < bool 1e-6` is 1
// when they agree (promtool compares floats exactly, see PROMQL-STATS.md). The sequential tests'
// boundaries are checked against the inference module (src/stats), which shares no code with the
// PromQL, and by alerts that fire just past a boundary and stay quiet just short of it.
import { ALERTS, OUT, RECORD, STATISTIC, type RecordKey } from "../../model/conventions.ts";
import { num, selector, type Matchers } from "../promql.ts";
import type { AlertContext, AlertSpec } from "../alerts/spec.ts";
import { shiftedShares, testedArm } from "../alerts/common.ts";
import { minimumDrop } from "../alerts/accuracy-regression.ts";
import { srmPValue } from "../alerts/sample-ratio-mismatch.ts";
import { halfWidthExpr, srmBoundaryExpr } from "../rules/sequential.ts";
import { armAccuracy, halfWidth, srmBoundary, srmLogLikelihoodRatio } from "../../stats/index.ts";
import { TAU_ACCURACY, TAU_SRM, perComparisonAlpha } from "../../stats/design.ts";
import { accuracyAfter, sharesForSrmPValue, splitBy } from "../../traffic/sequential.ts";
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
  const series = (key: RecordKey, arm?: string, extra: Matchers = {}) =>
    selector(RECORD[key], { [OUT.experiment]: id }, arm ? { [OUT.model]: arm } : {}, extra);
  const labels = (arm?: string, extra: Matchers = {}) => selector("", { [OUT.experiment]: id }, arm ? { [OUT.model]: arm } : {}, extra);
  const cases: PromqlExprTest[] = [];
  const check = (comment: string, key: RecordKey, hand: string, arm?: string, extra: Matchers = {}) =>
    cases.push({
      comment,
      expr: `abs(${series(key, arm, extra)} - (${hand})) < bool 1e-6`,
      eval_time: at(EVAL_MINUTE),
      exp_samples: [{ labels: labels(arm, extra), value: 1 }],
    });
  /** An expression over recorded series (an alert's or a panel's closed form) against the reference value. */
  const checkExpr = (comment: string, expr: string, reference: number, arm?: string, extra: Matchers = {}) =>
    cases.push({
      comment,
      expr: `abs(\n  ${expr.replace(/\n/g, "\n  ")}\n  - ${f(reference)}\n) < bool 1e-6`,
      eval_time: at(EVAL_MINUTE),
      exp_samples: [{ labels: labels(arm, extra), value: 1 }],
    });

  const n = TOTAL_REQUESTS_PER_MINUTE * 60;
  const observed = exp.arms.map((a) => ({ arm: a, o: n * shares[a.name]!, e: n * a.weight }));
  check(
    `Traffic share (1h) of ${control}: ${f(observed[0]!.o)} of ${f(n)} requests`,
    "share1h",
    `${f(observed.find((x) => x.arm.name === control)!.o)} / ${f(n)}`,
    control,
  );
  // The sequential tests read counts since the start: at minute 70 that is the first whole hour.
  const alpha = exp.thresholds.alpha;
  const totalN = observed.reduce((sum, x) => sum + x.o, 0);
  const chi2 = observed.reduce((sum, x) => sum + (x.o - x.e) ** 2 / x.e, 0);
  check(
    `Requests since the start of ${control}: the first hour's ${f(observed.find((x) => x.arm.name === control)!.o)}`,
    "requestsCumulative",
    f(observed.find((x) => x.arm.name === control)!.o),
    control,
  );
  check(
    `Sample-ratio-mismatch chi-square since the start: sum of (observed - expected)^2 / expected\n` +
      observed.map((x) => `  ${x.arm.name}: observed ${f(x.o)}, expected ${f(x.e)} (${f(x.arm.weight)} of ${f(n)})`).join("\n") +
      `\n  = ${f(chi2)}`,
    "srmCumulative",
    observed.map((x) => `(${f(x.o)} - ${f(x.e)}) ^ 2 / ${f(x.e)}`).join(" + "),
    undefined,
    { [OUT.statistic]: STATISTIC.chi2 },
  );
  check(`Requests since the start, all declared arms: ${f(totalN)}`, "srmCumulative", f(totalN), undefined, { [OUT.statistic]: STATISTIC.requests });
  const df = exp.arms.length - 1;
  const srmStat = (st: string) => series("srmCumulative", undefined, { [OUT.statistic]: st });
  checkExpr(
    `The SRM test's boundary on chi-square after ${f(totalN)} requests (the panel's line), from the inference module:\n` +
      `  (1 + N tau^2) / (N tau^2) (2 ln(1/alpha) + d ln(1 + N tau^2)) = ${f(srmBoundary(totalN, df, TAU_SRM, alpha))}`,
    srmBoundaryExpr(srmStat(STATISTIC.requests), df, TAU_SRM, alpha),
    srmBoundary(totalN, df, TAU_SRM, alpha),
    undefined,
    { [OUT.statistic]: STATISTIC.requests },
  );
  checkExpr(
    `The SRM alert's always-valid p-value, as ln(1/p) = ln Lambda from the inference module: ${f(srmLogLikelihoodRatio(totalN, chi2, df, TAU_SRM))}`,
    `-ln(${srmPValue(ctx)})`,
    srmLogLikelihoodRatio(totalN, chi2, df, TAU_SRM),
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
    const labelled = (arm: string) => {
      const a = traffic.arms[arm]!;
      return { correct: a.evaluated * a.correctRatio * 60, total: a.evaluated * 60 };
    };
    for (const arm of [control, treatment]) {
      const o = labelled(arm);
      const ref = armAccuracy(o);
      check(
        `Accuracy of ${arm} since the start, with one pseudo-success and one pseudo-failure (Agresti-Caffo):\n` +
          `  (${f(o.correct)} + 1) / (${f(o.total)} + 2) = ${f(ref.estimate)}`,
        "accuracyCumulative",
        `(${f(o.correct)} + 1) / (${f(o.total)} + 2)`,
        arm,
        { [OUT.statistic]: STATISTIC.estimate },
      );
      check(
        `Its variance: p (1 - p) / (n + 2) = ${f(ref.variance)}`,
        "accuracyCumulative",
        `(${f(o.correct)} + 1) / (${f(o.total)} + 2) * (1 - (${f(o.correct)} + 1) / (${f(o.total)} + 2)) / (${f(o.total)} + 2)`,
        arm,
        { [OUT.statistic]: STATISTIC.variance },
      );
    }
    const cmp = accuracyAfter(exp, c, traffic, treatment, 1);
    check(
      `Accuracy difference since the start, ${treatment} - ${control} = ${f(cmp.estimate)}`,
      "accuracyDifferenceCumulative",
      f(cmp.estimate),
      treatment,
      { [OUT.statistic]: STATISTIC.estimate },
    );
    check(
      `Its variance, the sum of the arms' = ${f(cmp.variance)}`,
      "accuracyDifferenceCumulative",
      f(cmp.variance),
      treatment,
      { [OUT.statistic]: STATISTIC.variance },
    );
    const alphaT = perComparisonAlpha(alpha, c.treatments.length);
    const h = halfWidth(cmp.variance, TAU_ACCURACY, alphaT);
    checkExpr(
      `Half-width of the always-valid ${f((1 - alphaT) * 100)}% confidence sequence (the panel's band), from the inference module: ${f(h)}`,
      halfWidthExpr(series("accuracyDifferenceCumulative", treatment, { [OUT.statistic]: STATISTIC.variance }), TAU_ACCURACY, alphaT),
      h,
      treatment,
      { [OUT.statistic]: STATISTIC.variance },
    );
    checkExpr(
      `The accuracy alert's value, the smallest drop in points the sequence allows: -(difference + half-width) x 100 = ${f(-cmp.upper * 100)}\n` +
        `  (negative: ${treatment} is better, so the alert is quiet)`,
      minimumDrop(ctx, treatment),
      -cmp.upper * 100,
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
  const keys: RecordKey[] = ["errorRatio5m", "share5m", "share1h", "srmCumulative", "latencyP95"];
  if (c.features.significance) keys.push("accuracyCumulative", "accuracyDifferenceCumulative");
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

/** The boundary tests' hour: the statistic crosses (or just misses) its boundary at the 2nd whole hour. */
const BOUNDARY_HOURS = 2;
/** How close to the boundary: 2 % of α for the p-value, 0.5 % of the half-width for the accuracy interval. */
const P_MARGIN = 0.02;
const WIDTH_MARGIN = 0.005;

/** The ALERTS series of alert `a` in `alertstate` (labels sorted as promtool prints them). */
function alertsSeries(ctx: AlertContext, a: AlertSpec, alertstate: "pending" | "firing", arm?: string): string {
  const labels: Record<string, string> = {
    alertname: a.name,
    alertstate,
    [OUT.experiment]: ctx.exp.id,
    ...(arm !== undefined ? { [OUT.model]: arm } : {}),
    [OUT.severity]: a.severity,
    [OUT.team]: ctx.exp.owner.team,
  };
  return selector("ALERTS", Object.fromEntries(Object.entries(labels).sort(([x], [y]) => (x < y ? -1 : 1))));
}

/**
 * A sequential alert on traffic that puts its statistic just past its boundary at hour 2 (it fires
 * exactly then: pending from 120m, firing at 120m + for) and on traffic just short of it (quiet).
 * The traffic is designed with the inference module, so a rule file whose α, τ or formula differs
 * from it by more than the margin fails one of the two.
 */
function boundaryPair(
  ctx: AlertContext,
  a: AlertSpec,
  what: string,
  traffic: (side: "past" | "short") => { traffic: ReturnType<typeof healthyTraffic>; note: string },
  arm?: string,
): TestGroup[] {
  const crossing = BOUNDARY_HOURS * 60;
  const forMinutes = Number.parseInt(a.for, 10);
  const end = crossing + forMinutes + 5;
  const families = a.test.families;
  const past = traffic("past");
  const short = traffic("short");
  const state = (alertstate: "pending" | "firing", minute: number, present: boolean, comment: string): PromqlExprTest => {
    const series = alertsSeries(ctx, a, alertstate, arm);
    return { comment, expr: series, eval_time: at(minute), exp_samples: present ? [{ labels: series, value: 1 }] : [] };
  };
  return [
    {
      name: `${a.name} fires when ${what} is just past its sequential boundary, at the hour it crosses`,
      interval: "1m",
      input_series: inputSeries(ctx.exp, ctx.c, [{ from: 0, traffic: past.traffic }], end, families),
      promql_expr_test: [
        state("pending", crossing - 1, false, `${past.note}\nAfter one hour the statistic is well inside its boundary: not even pending.`),
        state("pending", crossing + forMinutes - 1, true, `The second hour's counts put it just past the boundary: pending from ${crossing}m.`),
        state("firing", crossing + forMinutes, true, `Firing once its for (${a.for}) has passed.`),
      ],
    },
    {
      name: `${a.name} stays quiet when ${what} is just short of its sequential boundary`,
      interval: "1m",
      input_series: inputSeries(ctx.exp, ctx.c, [{ from: 0, traffic: short.traffic }], end, families),
      promql_expr_test: [
        state("pending", crossing + 1, false, `${short.note}\nJust short of the boundary: not pending.`),
        state("firing", end, false, "Nor firing."),
      ],
    },
  ];
}

export function sequentialBoundaryGroups(ctx: AlertContext, alerts: readonly AlertSpec[]): TestGroup[] {
  const { exp, c } = ctx;
  const healthy = healthyTraffic(exp, c);
  const alpha = exp.thresholds.alpha;
  const groups: TestGroup[] = [];
  const srm = alerts.find((a) => a.name === ALERTS.sampleRatioMismatch);
  if (srm !== undefined) {
    groups.push(
      ...boundaryPair(ctx, srm, "the sample-ratio p-value", (side) => {
        const p = alpha * (side === "past" ? 1 - P_MARGIN : 1 + P_MARGIN);
        const shares = sharesForSrmPValue(exp, c, healthy, BOUNDARY_HOURS, p);
        const split = exp.arms.map((a) => `${a.name} ${f(shares[a.name]! * 100)}%`).join(", ");
        return {
          traffic: splitBy(healthy, shares),
          note: `Split ${split}: after ${BOUNDARY_HOURS} hours the inference module gives p = ${f(p)} (alpha = ${f(alpha)}).`,
        };
      }),
    );
  }
  const regression = alerts.find((a) => a.name === ALERTS.accuracyRegression);
  if (regression !== undefined) {
    const arm = testedArm(ctx);
    groups.push(
      ...boundaryPair(
        ctx,
        regression,
        "the accuracy confidence sequence's upper end",
        (side) => {
          const margin = side === "past" ? -WIDTH_MARGIN : WIDTH_MARGIN;
          const ratio = accuracyAtMargin(ctx, healthy, arm, margin);
          const t = withArm(healthy, arm, { correctRatio: ratio });
          const cmp = accuracyAfter(exp, c, t, arm, BOUNDARY_HOURS);
          return {
            traffic: t,
            note:
              `${arm} correct on ${f(ratio * 100)}% of its labelled predictions: after ${BOUNDARY_HOURS} hours the ` +
              `confidence sequence's upper end is ${f(cmp.upper)}, ${f(Math.abs(margin) * 100)}% of its half-width ` +
              `${side === "past" ? "below" : "above"} 0 (inference module).`,
          };
        },
        arm,
      ),
    );
  }
  return groups;
}

/** The treatment accuracy whose interval's upper end after BOUNDARY_HOURS is `margin` half-widths from 0. */
function accuracyAtMargin(ctx: AlertContext, healthy: ReturnType<typeof healthyTraffic>, arm: string, margin: number): number {
  const { exp, c } = ctx;
  // One copy of the traffic whose arm's ratio each step sets, rather than a new copy per step: the
  // same numbers reach accuracyAfter, which keeps nothing of it.
  const scratch = withArm(healthy, arm, {});
  const tested = scratch.arms[arm]!;
  const at = (ratio: number) => {
    tested.correctRatio = ratio;
    return accuracyAfter(exp, c, scratch, arm, BOUNDARY_HOURS);
  };
  // upper / half-width = 1 + estimate / half-width grows with the ratio.
  let lo = 0;
  let hi = 1;
  for (let i = 0; i < 200; i++) {
    const mid = (lo + hi) / 2;
    if (mid === lo || mid === hi) return mid; // converged: further steps would not move (lo + hi) / 2
    const r = at(mid);
    if (r.upper / (r.upper - r.estimate) < margin) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}
