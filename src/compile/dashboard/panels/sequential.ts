// The sequential tests, each drawn as its statistic against the boundary that fires its alert
// (never a naive z-score): the sample-ratio chi-square since the start with its boundary, and each
// treatment's accuracy difference since the start inside its always-valid confidence sequence.
import { ALERTS, OUT, PANEL_TITLES } from "../../../model/conventions.ts";
import { MIN_LABELLED_PER_ARM, perComparisonAlpha } from "../../../stats/design.ts";
import { num } from "../../promql.ts";
import { defaultTimeseries, promQueries, runbookLinks, steps, thresholdLines, type PanelContext } from "../common.ts";

/** Chi-square of every request since the start against the sequential boundary. */
export function sampleRatioMismatchTimeseries({ exp, queries }: PanelContext) {
  return defaultTimeseries("sampleRatioMismatch")
    .title(PANEL_TITLES.sampleRatioMismatch)
    .description(
      `Pearson's chi-square of all requests since the experiment started against the declared split, and the boundary ` +
        `of the sequential test (mixture SPRT, α = ${num(exp.thresholds.alpha)}). The boundary rises slowly with the ` +
        `number of requests, so the test can be watched continuously: on a correctly split experiment the chance that ` +
        `the statistic ever crosses it is at most α. Updates hourly; shown once ${num(exp.thresholds.minSamples)} requests are in.`,
    )
    .targets(
      promQueries([
        { expr: queries.srm.chi2, legend: "chi-square since the start" },
        { expr: queries.srm.boundary, legend: `boundary (α = ${num(exp.thresholds.alpha)})` },
      ]),
    )
    .unit("none")
    .min(0)
    .links(runbookLinks(exp, [ALERTS.sampleRatioMismatch]))
    .height(8)
    .span(12);
}

/** Each treatment minus the control since the start, inside its always-valid confidence sequence. */
export function accuracySequentialTimeseries({ exp, contract, queries }: PanelContext) {
  const q = queries.accuracySequential!;
  const m = OUT.model;
  const ctl = contract.control.name;
  const level = num((1 - perComparisonAlpha(exp.thresholds.alpha, contract.treatments.length)) * 100);
  return defaultTimeseries("accuracySequential")
    .title(PANEL_TITLES.accuracySequential)
    .description(
      `Each treatment's accuracy minus ${ctl}'s on all labelled predictions since the experiment started, in percentage ` +
        `points, with its always-valid ${level} % confidence sequence (lower and upper). It holds however often it is ` +
        `looked at; when the upper line drops below 0 the treatment is worse and AccuracyRegression fires. ` +
        `Updates hourly; shown once each arm has ${num(MIN_LABELLED_PER_ARM)} labelled predictions.`,
    )
    .targets(
      promQueries([
        { expr: q.estimate, legend: `{{${m}}} − ${ctl}` },
        { expr: q.lower, legend: `{{${m}}} lower` },
        { expr: q.upper, legend: `{{${m}}} upper` },
      ]),
    )
    .unit("suffix: pp")
    .thresholds(steps("red", [0, "green"]))
    .thresholdsStyle(thresholdLines())
    .links(runbookLinks(exp, [ALERTS.accuracyRegression]))
    .height(8)
    .span(12);
}
