// Beyond the spec: Pearson's chi-square of the last hour's per-arm counts against the declared
// weights. A mismatch means assignment is broken and the experiment's results cannot be trusted.
import { ALERTS } from "../../model/conventions.ts";
import { num } from "../promql.ts";
import { TOTAL_REQUESTS_PER_MINUTE, withShares } from "../../traffic/profile.ts";
import { chiSquareCritical } from "./chi-square.ts";
import { mdIf, text } from "../markdown.ts";
import { experimentSampleGuard, shiftedShares, splitText } from "./common.ts";
import { panels } from "./refs.ts";
import type { AlertContext, AlertSpec } from "./spec.ts";

// Memoised: the critical value is read several times per experiment, and is the same for most.
const criticalValues = new Map<string, number>();
export const srmCritical = ({ exp }: AlertContext) => {
  const key = `${exp.thresholds.srmPValue}/${exp.arms.length - 1}`;
  let v = criticalValues.get(key);
  if (v === undefined) criticalValues.set(key, (v = chiSquareCritical(exp.thresholds.srmPValue, exp.arms.length - 1)));
  return v;
};
/** Inside the split tolerance, so only this alert fires: chi-square sees what a ±band cannot. */
const shares = (ctx: AlertContext) => shiftedShares(ctx, ctx.exp.splitTolerance * 0.8);

export const sampleRatioMismatch: AlertSpec = {
  name: ALERTS.sampleRatioMismatch,
  severity: "warning",
  scope: "experiment",
  for: "10m",
  panel: "trafficDistribution",
  valueFormat: "humanize",
  expr: (ctx) => `${ctx.src.q("srmChi2")} > ${num(srmCritical(ctx))}\n  and ${experimentSampleGuard(ctx)}`,
  summary: ({ exp }) => `Sample ratio mismatch in A/B experiment ${exp.id}`,
  description: (ctx, s) =>
    `Over the last hour the per-arm request counts do not fit the declared split (${splitText(ctx)}): chi-square ${s.value} ` +
    `exceeds ${num(srmCritical(ctx))} (p < ${num(ctx.exp.thresholds.srmPValue)}, ${ctx.exp.arms.length - 1} degrees of freedom). ` +
    `Treat the experiment's results as untrustworthy until assignment is fixed.`,
  runbook: (ctx) => ({
    meaning: text(
      `The observed split of the last hour's requests is very unlikely under the declared weights (${splitText(ctx)}): ` +
      `the chi-square statistic sum((observed - expected)^2 / expected) exceeds the critical value ${num(srmCritical(ctx))} ` +
      `for p = ${num(ctx.exp.thresholds.srmPValue)} with ${ctx.exp.arms.length - 1} degrees of freedom. An arm without any ` +
      `traffic counts as observed 0, so a vanished arm fires this alert too. Chi-square grows with volume: at tens of ` +
      `thousands of requests a 74/26 split against 70/30 is a clear mismatch even though it is inside the ±5 point band.`,
    ),
    causes: [
      text("assignment is not random (bucketing by a field that correlates with traffic)"),
      text("one arm drops or fails to log some requests"),
      text("bots or retries hitting one arm more than the other"),
    ],
    triage: [
      mdIf`Check ${panels(ctx, "trafficDistribution", "splitDeviation")}.`,
      text("Compare request counts from the router's own logs with the exported counters."),
      text("Until explained, do not draw conclusions from the accuracy or business comparisons."),
    ],
  }),
  test: {
    at: 30,
    settle: 0,
    window: 60,
    exact: false,
    families: ["requests"],
    fault: (h, ctx) => withShares(h, shares(ctx)),
    expect: (ctx) => {
      // Once the whole hour is faulty: N Σ (s_i - w_i)² / w_i.
      const n = TOTAL_REQUESTS_PER_MINUTE * 60;
      const s = shares(ctx);
      const chi2 = ctx.exp.arms.reduce((sum, a) => sum + (n * s[a.name]! - n * a.weight) ** 2 / (n * a.weight), 0);
      return [{ value: chi2 }];
    },
  },
};
