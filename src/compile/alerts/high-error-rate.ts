// Spec, critical: error ratio over 5m > 5 % for 1m, paged through PagerDuty.
import { ALERTS } from "../../model/conventions.ts";
import { num } from "../promql.ts";
import { withArm } from "../../traffic/profile.ts";
import { armTrafficGuard, pct, testedArm } from "./common.ts";
import type { AlertSpec } from "./spec.ts";
import { code, md, mdIf } from "../markdown.ts";
import { panels } from "./refs.ts";

const FAULT_RATIO = 0.25;

export const highErrorRate: AlertSpec = {
  name: ALERTS.highErrorRate,
  severity: "critical",
  scope: "arm",
  for: "1m",
  panel: "errorRatio",
  valueFormat: "humanizePercentage",
  expr: (ctx) => `${ctx.src.q("errorRatio5m")} > ${num(ctx.exp.thresholds.errorRatio)}\n  and ${armTrafficGuard(ctx)}`,
  summary: ({ exp }) => `A model in A/B experiment ${exp.id} fails too many requests`,
  description: ({ exp }, s) =>
    `${s.model} failed ${s.value} of its requests over the last 5m, above the critical threshold of ${pct(exp.thresholds.errorRatio)}.`,
  runbook: (ctx) => ({
    meaning: md`More than ${pct(ctx.exp.thresholds.errorRatio)} of one arm's requests ended with ${code(`${ctx.c.labels.status}="${ctx.c.values.error}"`)} over the last five minutes, for a minute or more.`,
    causes: [
      md`the arm's model server is crashing, out of memory or timing out`,
      md`a dependency of the arm (feature store, model registry) is failing`,
      md`the arm was deployed with an incompatible request schema`,
    ],
    triage: [
      mdIf`Open ${panels(ctx, "errorRatio", "requestRate")}: is one arm failing or all of them?`,
      md`Read the failing arm's server logs around the start of the alert.`,
      md`If only a treatment fails, move its traffic to the control (${code(ctx.c.control.name)}) until it is fixed.`,
    ],
  }),
  test: {
    at: 30,
    settle: 1,
    window: 5,
    exact: true,
    families: ["requests"],
    fault: (h, ctx) => withArm(h, testedArm(ctx), { errorRatio: FAULT_RATIO }),
    expect: (ctx) => [{ arm: testedArm(ctx), value: FAULT_RATIO }],
  },
};
