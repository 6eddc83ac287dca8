// Beyond the spec: a treatment's accuracy on labelled predictions is significantly below the
// control's (two-proportion z-test over the last hour).
import { ALERTS } from "../../model/conventions.ts";
import { num } from "../promql.ts";
import { TOTAL_REQUESTS_PER_MINUTE, healthyTraffic, withArm } from "../../traffic/profile.ts";
import { code, md, mdIf } from "../markdown.ts";
import { experimentSampleGuard, testedArm } from "./common.ts";
import { panels } from "./refs.ts";
import type { AlertContext, AlertSpec } from "./spec.ts";

const FAULT_CORRECT_RATIO = 0.7;

/** z = (p_t - p_c) / sqrt(p (1 - p) (1/n_t + 1/n_c)), p pooled, as the recording rules compute it. */
function zScore(ctx: AlertContext): number {
  // Healthy traffic labels a tenth of each arm's requests.
  const n = (weight: number) => (TOTAL_REQUESTS_PER_MINUTE * 60 * weight) / 10;
  const nt = n(ctx.exp.arms.find((a) => a.name === testedArm(ctx))!.weight);
  const nc = n(ctx.c.control.weight);
  const ct = nt * FAULT_CORRECT_RATIO;
  const cc = nc * healthyTraffic(ctx.exp, ctx.c).arms[ctx.c.control.name]!.correctRatio;
  const p = (ct + cc) / (nt + nc);
  return (ct / nt - cc / nc) / Math.sqrt(p * (1 - p) * (1 / nt + 1 / nc));
}

export const accuracyRegression: AlertSpec = {
  name: ALERTS.accuracyRegression,
  severity: "warning",
  scope: "treatment",
  for: "10m",
  needs: "significance",
  panel: "accuracyDifference",
  valueFormat: "humanize",
  expr: (ctx) => `${ctx.src.q("accuracyZ1h")} < -${num(ctx.exp.thresholds.significanceZ)}\n  and ${experimentSampleGuard(ctx)}`,
  summary: ({ exp }) => `A treatment is significantly less accurate than the control in A/B experiment ${exp.id}`,
  description: ({ exp, c }, s) =>
    `Accuracy of ${s.model} on labelled predictions over the last hour is significantly below ${c.control.name}'s: ` +
    `z = ${s.value}, below -${num(exp.thresholds.significanceZ)}.`,
  runbook: (ctx) => ({
    meaning: md`A two-proportion z-test on ${code(ctx.c.names.predictionsEvaluated!)} (outcome ${code(ctx.c.values.correct)} vs ${code(ctx.c.values.incorrect)}) over the last hour says the treatment's accuracy is lower than the control's (${code(ctx.c.control.name)}) beyond chance: z < -${num(ctx.exp.thresholds.significanceZ)}. The test assumes independent predictions and is checked continuously, so an occasional false alarm is expected; a sustained one is not.`,
    causes: [
      md`the treatment model is worse on live traffic than offline`,
      md`labels arrive with a delay that differs between arms`,
      md`the arms receive different populations (check sample ratio mismatch)`,
    ],
    triage: [
      mdIf`Open ${panels(ctx, "accuracyDifference")} and check how long the gap has lasted.`,
      md`Check the sample-ratio-mismatch alert before trusting the comparison.`,
      md`Tell ${ctx.exp.owner.team}: stopping a losing treatment early is their call.`,
    ],
  }),
  test: {
    at: 30,
    settle: 0,
    window: 60,
    exact: false,
    families: ["requests", "evaluated"],
    fault: (h, ctx) => withArm(h, testedArm(ctx), { correctRatio: FAULT_CORRECT_RATIO }),
    expect: (ctx) => [{ arm: testedArm(ctx), value: zScore(ctx) }],
  },
};
