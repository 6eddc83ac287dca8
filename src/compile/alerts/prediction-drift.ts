// Spec, drift detection: KS distance between the control's and a treatment's prediction scores
// above 0.3 alerts the data-science team.
import { ALERTS } from "../../model/conventions.ts";
import { num } from "../promql.ts";
import { HEALTHY_SCORE, cumulativeShare, withArm, type Masses } from "../../traffic/profile.ts";
import { experimentSampleGuard, testedArm } from "./common.ts";
import type { AlertContext, AlertSpec } from "./spec.ts";
import { code, maybe, md, mdIf } from "../markdown.ts";
import { alertLink, panels } from "./refs.ts";

const DRIFTED: Masses = [
  { value: 0.55, share: 0.1 },
  { value: 0.75, share: 0.3 },
  { value: 0.95, share: 0.6 },
];

function ks(ctx: AlertContext, a: Masses, b: Masses): number {
  return Math.max(...ctx.exp.metrics.buckets.predictionScore.map((le) => Math.abs(cumulativeShare(a, le) - cumulativeShare(b, le))));
}

export const predictionDrift: AlertSpec = {
  name: ALERTS.predictionDrift,
  severity: "warning",
  scope: "treatment",
  route: "drift",
  for: "5m",
  needs: "drift",
  panel: "predictionDrift",
  valueFormat: "humanize",
  expr: (ctx) => `${ctx.src.q("scoreKs1h")} > ${num(ctx.exp.thresholds.drift)}\n  and ${experimentSampleGuard(ctx)}`,
  summary: ({ exp }) => `Prediction drift between the arms of A/B experiment ${exp.id}`,
  description: ({ exp, c }, s) =>
    `Prediction scores of ${s.model} differ from ${c.control.name}'s: the KS distance over the last hour is ${s.value}, ` +
    `above ${num(exp.thresholds.drift)}.`,
  runbook: (ctx) => ({
    meaning: md`The two-sample Kolmogorov-Smirnov distance between the distribution of ${code(ctx.c.names.predictionScore!)} of the control (${code(ctx.c.control.name)}) and a treatment, over the last hour, exceeds ${num(ctx.exp.thresholds.drift)}. It is the largest gap between the two empirical CDFs at the histogram's bucket edges, a lower bound of the exact statistic. Bucket boundaries (${code("le")}) must be written identically by both arms, or the buckets fail to pair up.`,
    causes: [
      md`the treatment model is calibrated differently (expected for a new model; confirm it is intended)`,
      md`a feature is computed differently on one arm's path`,
      md`one arm receives a different population of requests${maybe(alertLink(ctx, ALERTS.sampleRatioMismatch), (l) => md` (check ${l})`)}`,
    ],
    triage: [
      mdIf`Open ${panels(ctx, "predictionDrift")} and look for a step change at a deployment.`,
      md`Compare the score histograms of both arms in Prometheus.`,
      md`The data-science team decides whether the drift is intended; route questions to them.`,
    ],
  }),
  test: {
    at: 30,
    settle: 0,
    window: 60,
    exact: false,
    families: ["requests", "score"],
    fault: (h, ctx) => withArm(h, testedArm(ctx), { score: DRIFTED }),
    expect: (ctx) => [{ arm: testedArm(ctx), value: ks(ctx, HEALTHY_SCORE, DRIFTED) }],
  },
};
