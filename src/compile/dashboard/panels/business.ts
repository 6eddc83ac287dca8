// Business row: the spec's business impact summary and the daily revenue forecast.
import * as common from "@grafana/grafana-foundation-sdk/common";
import { ALERTS, OUT, PANEL_TITLES } from "../../../model/conventions.ts";
import { num } from "../../promql.ts";
import { defaultStat, promQueries, runbookLinks, steps, type PanelContext } from "../common.ts";

/** Spec panel 4: net business value, and revenue lift against cost impact. */
export function businessImpactStat({ exp, queries }: PanelContext) {
  const b = queries.business!;
  const expected = exp.business?.components;
  const expectation = expected
    ? ` Expected: ${num(expected.revenueLift)} − ${num(expected.costImpact)} + ${num(expected.riskReduction)} = ` +
      `${num(expected.revenueLift - expected.costImpact + expected.riskReduction)} %.`
    : "";
  return defaultStat("businessImpact")
    .title(PANEL_TITLES.businessImpact)
    .description(
      `Net business value = revenue lift − cost impact + risk reduction, in percent (as exported, or computed from ` +
        `the components when the service does not export it).${expectation}`,
    )
    .targets(
      promQueries([
        { expr: b.netValue, legend: "Net business value" },
        { expr: b.revenueLift, legend: "Revenue lift" },
        { expr: b.costImpact, legend: "Cost impact" },
        { expr: b.riskReduction, legend: "Risk reduction" },
      ]),
    )
    .unit("percent")
    .decimals(1)
    .thresholds(steps("red", [0, "green"]))
    .graphMode(common.BigValueGraphMode.None)
    .links(runbookLinks(exp, [ALERTS.negativeBusinessValue]))
    .span(16);
}

/** Spec's forecasting: daily requests × accuracy improvement × revenue per prediction. */
export function businessForecastStat({ exp, contract, queries }: PanelContext) {
  const b = exp.business!;
  return defaultStat("businessForecast")
    .title(PANEL_TITLES.businessForecast)
    .description(
      `${num(b.dailyRequests)} daily requests × accuracy improvement over ${contract.control.name} × ` +
        `${num(b.revenuePerPrediction)} ${b.currency} per prediction.`,
    )
    .targets(promQueries([{ expr: queries.forecast!, legend: `{{${OUT.model}}} vs ${contract.control.name}` }]))
    .unit(`currency${b.currency}`)
    .decimals(0)
    .thresholds(steps("red", [0, "green"]))
    .span(8);
}
