// Beyond the spec: a treatment's accuracy on labelled predictions is lower than the control's. A
// sequential test (mixture SPRT on the difference of the two accuracies, stats/proportions.ts): the
// chance that it ever fires for any treatment while none is worse is at most α, however long the
// experiment runs and however often the rule is evaluated.
import { ALERTS, OUT, STATISTIC } from "../../model/conventions.ts";
import { num } from "../promql.ts";
import { code, md, mdIf, strong } from "../markdown.ts";
import { halfWidthExpr } from "../rules/sequential.ts";
import { TAU_ACCURACY, perComparisonAlpha } from "../../stats/design.ts";
import { healthyTraffic, withArm, type Traffic } from "../../traffic/profile.ts";
import { accuracyAfter } from "../../traffic/sequential.ts";
import { armTrafficGuard, sequentialHorizonText, testedArm } from "./common.ts";
import { panels } from "./refs.ts";
import type { AlertContext, AlertSpec } from "./spec.ts";

/**
 * The test's fault: the treatment 10 points less accurate than the control on labelled predictions
 * (the accuracy gauge stays healthy): caught within the first hour even at the lower volume of a
 * time-compressed `verify` run.
 */
const FAULT_DROP = 0.1;
function faulty(ctx: AlertContext, healthy: Traffic): Traffic {
  return withArm(healthy, testedArm(ctx), { correctRatio: healthy.arms[ctx.c.control.name]!.correctRatio - FAULT_DROP });
}

const comparisonAlpha = ({ exp, c }: AlertContext) => perComparisonAlpha(exp.thresholds.alpha, c.treatments.length);
const confidence = (ctx: AlertContext) => `${num((1 - comparisonAlpha(ctx)) * 100)}%`;

/**
 * The smallest accuracy drop, in percentage points, that the always-valid confidence sequence
 * still allows: −(difference + half-width) × 100. Positive only when the whole sequence is below 0.
 */
export function minimumDrop(ctx: AlertContext, arm?: string): string {
  const stat = (s: string) => ctx.src.q("accuracyDifferenceCumulative", arm, { [OUT.statistic]: s });
  return [
    "(",
    `    -${stat(STATISTIC.estimate)}`,
    `  - ignoring (${OUT.statistic})`,
    `    ${halfWidthExpr(stat(STATISTIC.variance), TAU_ACCURACY, comparisonAlpha(ctx)).replace(/\n/g, "\n    ")}`,
    ") * 100",
  ].join("\n");
}

export const accuracyRegression: AlertSpec = {
  name: ALERTS.accuracyRegression,
  severity: "warning",
  scope: "treatment",
  for: "10m",
  needs: "significance",
  panel: "accuracySequential",
  valueFormat: "plain",
  expr: (ctx) => `${minimumDrop(ctx)} > 0\n  and ${armTrafficGuard(ctx)}`,
  summary: ({ exp }) => `A treatment is less accurate than the control in A/B experiment ${exp.id}`,
  description: (ctx, s) =>
    `Since the experiment started, ${s.model} has been less accurate than ${ctx.c.control.name} on labelled predictions: ` +
    `by at least ${s.value} percentage points, with ${confidence(ctx)} confidence that holds however often it is checked.`,
  runbook: (ctx) => {
    const { exp, c } = ctx;
    const alpha = comparisonAlpha(ctx);
    const perTreatment = c.treatments.length > 1 ? ` (α = ${num(alpha)} for each of the ${c.treatments.length} treatments)` : "";
    return {
      meaning: md`Counting every labelled prediction since the experiment started (${code(c.names.predictionsEvaluated!)}, outcome ${code(c.values.correct)} vs ${code(c.values.incorrect)}), the treatment's accuracy is lower than the control's (${code(c.control.name)}): the always-valid ${confidence(ctx)} confidence interval for the difference lies entirely below 0, and the alert's value is its upper end, the smallest drop the data still allow. The test is sequential (a mixture sequential probability ratio test): it is re-evaluated every 30 seconds, yet when no treatment is worse the chance that it ever fires is at most α = ${num(exp.thresholds.alpha)} ${sequentialHorizonText(ctx)}${perTreatment}. It assumes independent predictions. ${strong("It does not resolve when accuracy recovers")}: the evidence that the treatment was worse stays in the counts. It resolves when the treatment stops receiving traffic, once the experiment is older than its horizon, or when the experiment restarts under a new id.`,
      causes: [
        md`the treatment model is worse on live traffic than offline`,
        md`labels arrive with a delay that differs between arms`,
        md`the arms receive different populations (check sample ratio mismatch)`,
      ],
      triage: [
        mdIf`Open ${panels(ctx, "accuracySequential")}: the difference since the start, its interval, and when the interval left 0.`,
        md`Check the sample-ratio-mismatch alert before trusting the comparison.`,
        md`Tell ${exp.owner.team}: stopping a losing treatment is their call; routing its traffic away resolves the alert.`,
      ],
    };
  },
  test: {
    at: 0,
    settle: 60,
    window: 0,
    exact: true,
    latched: true,
    families: ["requests", "evaluated"],
    fault: (h, ctx) => faulty(ctx, h),
    // The smallest drop the confidence sequence allows after the first hour, in points.
    expect: (ctx) => [
      { arm: testedArm(ctx), value: -accuracyAfter(ctx.exp, ctx.c, faulty(ctx, healthyTraffic(ctx.exp, ctx.c)), testedArm(ctx), 1).upper * 100 },
    ],
  },
};
