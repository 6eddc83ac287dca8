// Beyond the spec: a declared arm receives no requests while the experiment has traffic.
import { ALERTS } from "../../model/conventions.ts";
import { withArm } from "../../traffic/profile.ts";
import { M, scheduledText, testedArm, whileScheduled } from "./common.ts";
import type { AlertSpec } from "./spec.ts";
import { code, md, mdIf, words } from "../markdown.ts";
import { panels } from "./refs.ts";

export const armNoTraffic: AlertSpec = {
  name: ALERTS.armNoTraffic,
  severity: "warning",
  scope: "arm",
  for: "10m",
  panel: "requestRate",
  valueFormat: "humanizePercentage",
  // Driven by the declared weights, so an arm that never exported a single series is caught too.
  gated: true,
  expr: (ctx) =>
    `${ctx.src.q("armWeight")}\n` +
    `  unless on (${M}) (${ctx.src.q("requestsRate5m")} > 0)\n` +
    `  and on () (${ctx.src.q("totalRate5m")} > 0)${whileScheduled(ctx)}`,
  summary: ({ exp }) => `An arm of A/B experiment ${exp.id} receives no traffic`,
  description: (_ctx, s) => `${s.model} should receive ${s.value} of the traffic but has received none for at least 10m.`,
  runbook: (ctx) => ({
    meaning: md`An arm declared in the experiment has had no requests in the last five minutes, for ten minutes, while other arms have traffic${scheduledText(ctx.exp)}. Its comparisons (accuracy, latency, drift) have no data.`,
    causes: [
      md`the router's configuration dropped the arm`,
      md`the arm's deployment is scaled to zero or failing its readiness checks`,
      md`the arm is exported under another name than the experiment declares (${words(ctx.exp.arms.map((a) => code(a.name)))})`,
    ],
    triage: [
      mdIf`Check ${panels(ctx, "requestRate")} for the arm.`,
      md`Check the router's weights and the arm's deployment.`,
      md`Check that the arm name in the service's metrics matches the experiment file exactly.`,
    ],
  }),
  test: {
    at: 30,
    settle: 5,
    window: 5,
    exact: true,
    families: ["requests"],
    fault: (h, ctx) => withArm(h, testedArm(ctx), { requests: 0, evaluated: 0 }),
    expect: (ctx) => [{ arm: testedArm(ctx), value: ctx.exp.arms.find((a) => a.name === testedArm(ctx))!.weight }],
  },
};
