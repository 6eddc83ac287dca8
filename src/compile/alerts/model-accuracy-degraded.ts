// Spec, warning: ab_test_model_accuracy < 75 for 5m, to Slack.
import { ALERTS } from "../../model/conventions.ts";
import { num } from "../promql.ts";
import { withArm } from "../../traffic/profile.ts";
import { armTrafficGuard, testedArm } from "./common.ts";
import type { AlertContext, AlertSpec } from "./spec.ts";
import { code, maybe, md, mdIf } from "../markdown.ts";
import { alertLink, panels } from "./refs.ts";

/** Between the critical and the warning level: only the warning fires. */
const faultAccuracy = ({ exp }: AlertContext) => (exp.thresholds.accuracy.critical + exp.thresholds.accuracy.warning) / 2;

export const modelAccuracyDegraded: AlertSpec = {
  name: ALERTS.modelAccuracyDegraded,
  severity: "warning",
  scope: "arm",
  for: "5m",
  panel: "modelAccuracy",
  valueFormat: "humanize",
  expr: (ctx) => `${ctx.src.q("accuracy")} < ${num(ctx.exp.thresholds.accuracy.warning)}\n  and ${armTrafficGuard(ctx)}`,
  summary: ({ exp }) => `Model accuracy below threshold in A/B experiment ${exp.id}`,
  description: ({ exp }, s) =>
    `Accuracy of ${s.model} is ${s.value}%, below the warning threshold of ${num(exp.thresholds.accuracy.warning)}% for at least 5m.`,
  runbook: (ctx) => ({
    meaning: md`One arm's live accuracy has stayed below ${num(ctx.exp.thresholds.accuracy.warning)}% for five minutes. It is not yet a failure (that is below ${num(ctx.exp.thresholds.accuracy.critical)}%), but the arm is worse than the experiment accepts.`,
    causes: [
      md`the live data has moved away from the training data${maybe(alertLink(ctx, ALERTS.predictionDrift), (l) => md` (check ${l})`)}`,
      md`a partial feature outage degrades some requests`,
      md`the treatment is simply worse than expected: the experiment is answering its question`,
    ],
    triage: [
      mdIf`Compare the arm with the control (${code(ctx.c.control.name)}) on ${panels(ctx, "modelAccuracy", "accuracyDifference")}.`,
      mdIf`Check ${panels(ctx, "predictionDrift", "meanConfidence")} for the same arm.`,
      md`If the treatment is worse for a sustained period, tell ${ctx.exp.owner.team}: they decide whether to stop the experiment.`,
    ],
  }),
  test: {
    at: 30,
    settle: 0,
    window: 0,
    exact: true,
    families: ["requests", "accuracy"],
    fault: (h, ctx) => withArm(h, testedArm(ctx), { accuracy: faultAccuracy(ctx) }),
    expect: (ctx) => [{ arm: testedArm(ctx), value: faultAccuracy(ctx) }],
  },
};
