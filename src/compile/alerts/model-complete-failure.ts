// Spec, critical: ab_test_model_accuracy < 50 for 2m, paged through PagerDuty.
import { ALERTS } from "../../model/conventions.ts";
import { num } from "../promql.ts";
import { withArm } from "../../traffic/profile.ts";
import { armTrafficGuard, testedArm } from "./common.ts";
import type { AlertSpec } from "./spec.ts";
import { code, md, mdIf } from "../markdown.ts";
import { panels } from "./refs.ts";

export const modelCompleteFailure: AlertSpec = {
  name: ALERTS.modelCompleteFailure,
  severity: "critical",
  scope: "arm",
  for: "2m",
  panel: "modelAccuracy",
  valueFormat: "humanize",
  expr: (ctx) =>
    `${ctx.src.q("accuracy")} < ${num(ctx.exp.thresholds.accuracy.critical)}\n  and ${armTrafficGuard(ctx)}`,
  summary: ({ exp }) => `A model in A/B experiment ${exp.id} is critically degraded`,
  description: ({ exp }, s) =>
    `Accuracy of ${s.model} is ${s.value}%, below the critical threshold of ${num(exp.thresholds.accuracy.critical)}% ` +
    `for at least 2m while it serves traffic. Its predictions are mostly wrong.`,
  runbook: (ctx) => ({
    meaning: md`The live accuracy gauge of one arm has stayed below ${num(ctx.exp.thresholds.accuracy.critical)}% for two minutes while the arm receives at least ${num(ctx.exp.thresholds.minRequestsPerSecond)} requests per second. Users on that arm are getting predictions that are mostly wrong.`,
    causes: [
      md`a broken model artifact or feature pipeline was deployed to the arm`,
      md`an upstream feature source returns defaults or nulls`,
      md`the service reports ${code(ctx.c.names.accuracy)} on the wrong scale (a fraction instead of a percent)`,
    ],
    triage: [
      mdIf`Compare the arm with the control (${code(ctx.c.control.name)}) on ${panels(ctx, "modelAccuracy")}: a drop on every arm points upstream, one arm points at its model.`,
      md`Check the latest deployment of the failing arm and roll it back, or set its traffic weight to 0 in the router.`,
      mdIf`Check ${panels(ctx, "predictionDrift", "meanConfidence")} for the same arm.`,
    ],
  }),
  test: {
    at: 30,
    settle: 0,
    window: 0,
    exact: true,
    families: ["requests", "accuracy"],
    fault: (h, ctx) => withArm(h, testedArm(ctx), { accuracy: ctx.exp.thresholds.accuracy.critical - 10 }),
    expect: (ctx) => [{ arm: testedArm(ctx), value: ctx.exp.thresholds.accuracy.critical - 10 }],
  },
};
