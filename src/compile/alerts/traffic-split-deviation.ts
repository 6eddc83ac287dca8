// Beyond the spec ("alerts for significant deviations"): an arm's share of the last hour's traffic
// is further from its declared weight than the split tolerance, in an hour with enough requests for
// the tolerance to span five standard errors (below that, chance alone crossed it: the calibration
// measured 1.6 false alarms a day for a 50/25/25 split with ±3 points at 20 requests a minute).
import { ALERTS } from "../../model/conventions.ts";
import { num } from "../promql.ts";
import { splitMinimumRequests, SPLIT_STANDARD_ERRORS } from "../../stats/design.ts";
import { withShares } from "../../traffic/profile.ts";
import { M, shiftedShares, splitText } from "./common.ts";
import type { AlertContext, AlertSpec } from "./spec.ts";
import { md, mdIf } from "../markdown.ts";
import { alertLink, panels } from "./refs.ts";

/** The hour's requests the alert needs: minSamples, or more when the tolerance is narrow. */
const minimumRequests = ({ exp }: AlertContext) =>
  Math.max(exp.thresholds.minSamples, splitMinimumRequests(exp.arms.map((a) => a.weight), exp.splitTolerance));

export const trafficSplitDeviation: AlertSpec = {
  name: ALERTS.trafficSplitDeviation,
  severity: "warning",
  scope: "arm",
  for: "15m",
  panel: "splitDeviation",
  valueFormat: "humanizePercentage",
  expr: (ctx) =>
    `abs(${ctx.src.q("share1h")} - on (${M}) ${ctx.src.q("armWeight")}) > ${num(ctx.exp.splitTolerance)}\n` +
    `  and on () ${ctx.src.q("totalIncrease1h")} >= ${num(minimumRequests(ctx))}`,
  summary: ({ exp }) => `Traffic split of A/B experiment ${exp.id} is off target`,
  description: (ctx, s) =>
    `${s.model}'s share of the last hour's traffic is ${s.value} away from its target, outside the tolerance of ` +
    `±${num(ctx.exp.splitTolerance * 100)} points (targets: ${splitText(ctx)}).`,
  runbook: (ctx) => {
    const tol = ctx.exp.splitTolerance;
    const split = (shares: Record<string, number>) => ctx.exp.arms.map((a) => num(Number((shares[a.name]! * 100).toFixed(2)))).join("/");
    return {
      meaning: md`Over the last hour an arm received a share of requests more than ${num(tol * 100)} percentage points away from its declared weight (${splitText(ctx)}), with at least ${num(minimumRequests(ctx))} requests in the window: enough for the tolerance to span ${SPLIT_STANDARD_ERRORS} standard errors of every arm's share, so chance alone practically never crosses it (with fewer requests an hour the band is noise; the sample-ratio-mismatch test still watches the split). For this experiment a ${split(shiftedShares(ctx, tol * 0.6))} split stays quiet and ${split(shiftedShares(ctx, tol * 1.5))} fires. A deviation of exactly the tolerance may fire for one arm and not another: the comparison is in floating point.`,
      causes: [
        md`the traffic router's weights differ from the experiment's declaration`,
        md`one arm fails or times out more and retries land on the other`,
        md`sticky assignment (per user) with a few very active users`,
      ],
      triage: [
        md`Compare the router's configured weights with the experiment file.`,
        mdIf`Check ${alertLink(ctx, ALERTS.sampleRatioMismatch)}: a real assignment problem usually fires both.`,
        mdIf`Check whether one arm's error ratio is higher on ${panels(ctx, "errorRatio")} (retries shift traffic).`,
      ],
    };
  },
  test: {
    at: 30,
    settle: 0,
    window: 60,
    exact: false,
    families: ["requests"],
    fault: (h, ctx) => withShares(h, shiftedShares(ctx, ctx.exp.splitTolerance * 3)),
    expect: (ctx) => {
      const shares = shiftedShares(ctx, ctx.exp.splitTolerance * 3);
      return ctx.exp.arms
        .map((a) => ({ arm: a.name, value: Math.abs(shares[a.name]! - a.weight) }))
        .filter((e) => e.value > ctx.exp.splitTolerance);
    },
  },
};
