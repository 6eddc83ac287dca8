// Model quality row: prediction drift between arms and mean confidence per arm.
import { ALERTS, OUT, PANEL_TITLES } from "../../../model/conventions.ts";
import { num } from "../../promql.ts";
import { defaultTimeseries, promQueries, runbookLinks, steps, thresholdLines, type PanelContext } from "../common.ts";

/** Kolmogorov–Smirnov distance between the control's and each treatment's prediction scores. */
export function predictionDriftTimeseries({ exp, contract, queries }: PanelContext) {
  const limit = exp.thresholds.drift;
  return defaultTimeseries("predictionDrift")
    .title(PANEL_TITLES.predictionDrift)
    .description(
      `Largest gap between the empirical CDFs of prediction scores, ${contract.control.name} vs each treatment (1h), ` +
        `measured at bucket edges. Above ${num(limit)} the data-science team is alerted.`,
    )
    .targets(promQueries([{ expr: queries.drift!, legend: `{{${OUT.model}}} vs ${contract.control.name}` }]))
    .unit("none")
    .min(0)
    .max(1)
    .thresholds(steps("green", [limit, "red"]))
    .thresholdsStyle(thresholdLines())
    .links(runbookLinks(exp, [ALERTS.predictionDrift]));
}

/** Mean model confidence per arm, from the confidence histogram's sum and count. */
export function meanConfidenceTimeseries({ exp, queries }: PanelContext) {
  const limit = exp.thresholds.confidence;
  return defaultTimeseries("meanConfidence")
    .title(PANEL_TITLES.meanConfidence)
    .description(`Average confidence per arm (1h). Below ${num(limit)} the model quality is investigated.`)
    .targets(promQueries([{ expr: queries.meanConfidenceByArm!, legend: `{{${OUT.model}}}` }]))
    .unit("percentunit")
    .min(0)
    .max(1)
    .thresholds(steps("red", [limit, "green"]))
    .thresholdsStyle(thresholdLines())
    .links(runbookLinks(exp, [ALERTS.lowModelConfidence]));
}
