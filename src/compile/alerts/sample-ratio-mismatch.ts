// Beyond the spec: the per-arm request counts since the experiment started do not fit the declared
// weights. A sequential test (mixture SPRT on Pearson's chi-square, stats/srm.ts): the chance it
// ever fires on a correctly split experiment is at most α, however long it runs. A mismatch means
// assignment is broken and the experiment's results cannot be trusted.
import { ALERTS, OUT, STATISTIC } from "../../model/conventions.ts";
import { num } from "../promql.ts";
import { srmPValueExpr } from "../rules/sequential.ts";
import { TAU_SRM } from "../../stats/design.ts";
import { srmDetectionN } from "../../stats/srm.ts";
import { srmAfter, splitBy } from "../../traffic/sequential.ts";
import { healthyTraffic } from "../../traffic/profile.ts";
import { mdIf, strong, text, md } from "../markdown.ts";
import { pct, sequentialHorizonText, shiftedShares, splitText } from "./common.ts";
import { panels } from "./refs.ts";
import type { AlertContext, AlertSpec } from "./spec.ts";

/**
 * The test's fault: traffic moved to the control by 0.8 × the split tolerance, inside the band, so
 * only this alert fires; strong enough to be caught within the first hour even at the lower volume
 * of a time-compressed `verify` run (a few thousand requests an hour).
 */
const faultShares = (ctx: AlertContext) => shiftedShares(ctx, ctx.exp.splitTolerance * 0.8);

/** p-value of the recorded statistics: requests and chi-square of one rule. */
export function srmPValue(ctx: AlertContext): string {
  const stat = (s: string) => ctx.src.q("srmCumulative", undefined, { [OUT.statistic]: s });
  return srmPValueExpr(stat(STATISTIC.requests), stat(STATISTIC.chi2), ctx.exp.arms.length - 1, TAU_SRM);
}

const roughly = (n: number) => Number(n.toPrecision(2)).toLocaleString("en-US");

/** The experiment's own example: how soon a mismatch inside the split tolerance is caught. */
function example(ctx: AlertContext): string {
  const { exp } = ctx;
  const weights = exp.arms.map((a) => a.weight);
  const opts = { alpha: exp.thresholds.alpha, tau: TAU_SRM };
  const split = (shares: Record<string, number>) => exp.arms.map((a) => pct(shares[a.name]!)).join("/");
  const inside = shiftedShares(ctx, exp.splitTolerance * 0.8);
  const small = shiftedShares(ctx, 0.01);
  const n = (shares: Record<string, number>) => roughly(srmDetectionN(weights, exp.arms.map((a) => shares[a.name]!), opts));
  return (
    `With this experiment's split (${splitText(ctx)}), a split of ${split(inside)} — inside the ` +
    `±${num(exp.splitTolerance * 100)}-point tolerance, so TrafficSplitDeviation stays quiet — is caught after about ` +
    `${n(inside)} requests, and ${split(small)} after about ${n(small)} (typical figures: real counts get there a little ` +
    `sooner or later).`
  );
}

export const sampleRatioMismatch: AlertSpec = {
  name: ALERTS.sampleRatioMismatch,
  severity: "warning",
  scope: "experiment",
  for: "10m",
  panel: "sampleRatioMismatch",
  valueFormat: "plain",
  expr: (ctx) =>
    `${srmPValue(ctx)}\n  <= ${num(ctx.exp.thresholds.alpha)}\n` +
    `  and on () ${ctx.src.q("totalRate5m")} >= ${num(ctx.exp.thresholds.minRequestsPerSecond)}`,
  summary: ({ exp }) => `Sample ratio mismatch in A/B experiment ${exp.id}`,
  description: (ctx, s) =>
    `Since the experiment started, its per-arm request counts do not fit the declared split (${splitText(ctx)}): ` +
    `always-valid p-value ${s.value}, at most ${num(ctx.exp.thresholds.alpha)}. This test may be checked continuously; ` +
    `on a correctly split experiment it fires falsely with probability at most ${num(ctx.exp.thresholds.alpha)} over its whole run. ` +
    `Treat the experiment's results as untrustworthy until assignment is fixed.`,
  runbook: (ctx) => ({
    meaning: md`Counting every request since the experiment started, the split between the arms is incompatible with the declared weights (${splitText(ctx)}). The test is sequential (a mixture sequential probability ratio test on Pearson's chi-square): it is re-evaluated every 30 seconds, yet on a correctly split experiment the chance that it ever fires is at most α = ${num(ctx.exp.thresholds.alpha)} ${sequentialHorizonText(ctx)}. ${example(ctx)} An arm without any traffic counts as observed 0, so a vanished arm fires this alert too. ${strong("It does not resolve when the split recovers")}: the evidence that assignment was broken stays in the counts. It resolves when the experiment stops receiving traffic, once it is older than its horizon, or when the experiment restarts under a new id (fix assignment first, then start over: data from a broken split is not comparable).`,
    causes: [
      text("assignment is not random (bucketing by a field that correlates with traffic)"),
      text("one arm drops or fails to log some requests"),
      text("bots or retries hitting one arm more than the other"),
    ],
    triage: [
      mdIf`Open ${panels(ctx, "sampleRatioMismatch")}: the chi-square since the start against its boundary, and when it crossed.`,
      mdIf`Check ${panels(ctx, "trafficDistribution", "splitDeviation")}: is the mismatch ongoing or was it a past incident?`,
      text("Compare request counts from the router's own logs with the exported counters."),
      text("Until explained, do not draw conclusions from the accuracy or business comparisons."),
    ],
  }),
  test: {
    at: 0,
    settle: 60,
    window: 0,
    exact: true,
    latched: true,
    families: ["requests"],
    fault: (h, ctx) => splitBy(h, faultShares(ctx)),
    expect: (ctx) => [{ value: srmAfter(ctx.exp, splitBy(healthyTraffic(ctx.exp, ctx.c), faultShares(ctx)), 1).pValue }],
  },
};
