// Spec, confidence tracking: mean confidence of an arm below 0.7 means its quality needs a look.
import { ALERTS } from "../../model/conventions.ts";
import { num } from "../promql.ts";
import { mean, withArm, type Masses } from "../../traffic/profile.ts";
import { armTrafficGuard, testedArm } from "./common.ts";
import type { AlertSpec } from "./spec.ts";
import { code, maybe, md, mdIf } from "../markdown.ts";
import { alertLink, panels } from "./refs.ts";

const UNSURE: Masses = [
  { value: 0.55, share: 0.5 },
  { value: 0.65, share: 0.5 },
];

export const lowModelConfidence: AlertSpec = {
  name: ALERTS.lowModelConfidence,
  severity: "warning",
  scope: "arm",
  for: "10m",
  needs: "confidence",
  panel: "meanConfidence",
  valueFormat: "humanize",
  expr: (ctx) => `${ctx.src.q("confidenceMean1h")} < ${num(ctx.exp.thresholds.confidence)}\n  and ${armTrafficGuard(ctx)}`,
  summary: ({ exp }) => `Model confidence is low in A/B experiment ${exp.id}`,
  description: ({ exp }, s) =>
    `Mean confidence of ${s.model} over the last hour is ${s.value}, below ${num(exp.thresholds.confidence)} for at least 10m.`,
  runbook: (ctx) => ({
    meaning: md`The mean of ${code(ctx.c.names.confidence!)} (its histogram's sum divided by its count) over the last hour is below ${num(ctx.exp.thresholds.confidence)} for one arm. The model is unsure of its predictions more often than it should be.`,
    causes: [
      md`inputs outside the training distribution${maybe(alertLink(ctx, ALERTS.predictionDrift), (l) => md` (check ${l})`)}`,
      md`a missing or defaulted feature`,
      md`a recalibrated model whose confidence scale changed`,
    ],
    triage: [
      mdIf`Open ${panels(ctx, "meanConfidence")} and compare the arms.`,
      mdIf`Check ${panels(ctx, "predictionDrift", "modelAccuracy")} for the same arm.`,
      md`Ask ${ctx.exp.owner.team} whether the confidence scale changed with the treatment.`,
    ],
  }),
  test: {
    at: 30,
    settle: 0,
    window: 60,
    exact: false,
    families: ["requests", "confidence"],
    fault: (h, ctx) => withArm(h, testedArm(ctx), { confidence: UNSURE }),
    expect: (ctx) => [{ arm: testedArm(ctx), value: mean(UNSURE) }],
  },
};
