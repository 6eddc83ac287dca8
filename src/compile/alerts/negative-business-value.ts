// Beyond the spec: the experiment's net business value (revenue lift - cost impact + risk
// reduction) is negative.
import { ALERTS } from "../../model/conventions.ts";
import { num } from "../promql.ts";
import type { AlertSpec } from "./spec.ts";
import { code, md, mdIf } from "../markdown.ts";
import { panels } from "./refs.ts";

const LOSING = { revenueLift: 1, costImpact: 4, riskReduction: 1, netBusinessValue: -2 };

export const negativeBusinessValue: AlertSpec = {
  name: ALERTS.negativeBusinessValue,
  severity: "warning",
  scope: "experiment",
  for: "30m",
  needs: "business",
  panel: "businessImpact",
  valueFormat: "humanize",
  expr: ({ src }) => `${src.q("businessNet")} < 0`,
  summary: ({ exp }) => `A/B experiment ${exp.id} is losing business value`,
  description: ({ exp }, s) =>
    `Net business value of experiment ${exp.id} has been ${s.value}% for at least 30m: ` +
    `revenue lift minus cost impact plus risk reduction is negative.`,
  runbook: (ctx) => {
    const e = ctx.exp.business?.components;
    const expected = e
      ? md` The experiment expected ${num(e.revenueLift)} - ${num(e.costImpact)} + ${num(e.riskReduction)} = ${num(e.revenueLift - e.costImpact + e.riskReduction)} %.`
      : md``;
    return {
      meaning: md`${code(ctx.c.names.businessImpact!)} reports a negative net business value (revenue lift - cost impact + risk reduction; computed from the components when the service does not export the net value) for half an hour.${expected}`,
      causes: [
        md`the treatment's extra cost (latency, compute) outweighs its revenue lift`,
        md`a pricing or cost input of the business calculation changed`,
      ],
      triage: [
        mdIf`Open ${panels(ctx, "businessImpact")}: which component moved?`,
        mdIf`Compare with ${panels(ctx, "accuracyDifference", "responseTime")}.`,
        md`Bring it to ${ctx.exp.owner.team}: it is a product decision, not an incident.`,
      ],
    };
  },
  test: {
    at: 30,
    settle: 0,
    window: 0,
    exact: true,
    families: ["business"],
    fault: (h) => ({ ...h, business: LOSING }),
    expect: () => [{ value: LOSING.netBusinessValue }],
  },
};
