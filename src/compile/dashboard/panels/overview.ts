// Overview row: what the experiment is, how traffic is split, and how the arms score.
import * as piechart from "@grafana/grafana-foundation-sdk/piechart";
import * as common from "@grafana/grafana-foundation-sdk/common";
import * as text from "@grafana/grafana-foundation-sdk/text";
import * as stat from "@grafana/grafana-foundation-sdk/stat";
import { ALERTS, OUT, PANEL_IDS, PANEL_TITLES } from "../../../model/conventions.ts";
import { md, renderMarkdown, strong, text as mdText, textLines, type Block } from "../../markdown.ts";
import { num } from "../../promql.ts";
import { DATASOURCE, defaultStat, defaultTimeseries, promQueries, runbookLinks, steps, thresholdLines, type PanelContext } from "../common.ts";

const pct = (w: number) => `${num(w * 100)} %`;

/** A short description of the experiment: arms, targets, owner, thresholds (Markdown, every string escaped). */
export function aboutText({ exp, contract }: PanelContext): text.PanelBuilder {
  const t = exp.thresholds;
  const contact = exp.owner.contact !== undefined ? md` (${exp.owner.contact})` : md``;
  const schedule = exp.schedule
    ? md` Runs from ${exp.schedule.start}${exp.schedule.end !== undefined ? md` to ${exp.schedule.end}` : md``}.`
    : md``;
  const alerts =
    `Alerts: accuracy < ${num(t.accuracy.critical)} % (critical) or < ${num(t.accuracy.warning)} % (warning),` +
    ` error ratio > ${num(t.errorRatio * 100)} %, p95 latency > ${num(t.latencyP95Seconds * 1000)} ms` +
    (contract.features.drift ? `, prediction drift (KS) > ${num(t.drift)}` : "") +
    (contract.features.confidence ? `, mean confidence < ${num(t.confidence)}` : "") +
    ".";
  const blocks: Block[] = [
    ...(exp.description.trim() !== "" ? [{ kind: "paragraph" as const, text: textLines(exp.description) }] : []),
    {
      kind: "table",
      head: [md`arm`, md`target share`, md`description`],
      rows: exp.arms.map((a) => [md`${a.name}${a.control ? " (control)" : ""}`, mdText(pct(a.weight)), mdText(a.description ?? "")]),
    },
    {
      kind: "paragraph",
      text: md`Owner: ${strong(exp.owner.team)}${contact}. Split tolerance ±${num(exp.splitTolerance * 100)} points.${schedule}
${alerts}`,
    },
  ];
  return new text.PanelBuilder()
    .id(PANEL_IDS.about)
    .title(PANEL_TITLES.about)
    .mode(text.TextMode.Markdown)
    .content(renderMarkdown(blocks))
    .height(6)
    .span(8);
}

/** Spec panel 1: the live split of requests between the arms. */
export function trafficDistributionPie({ exp, queries }: PanelContext): piechart.PanelBuilder {
  return new piechart.PanelBuilder()
    .id(PANEL_IDS.trafficDistribution)
    .title(PANEL_TITLES.trafficDistribution)
    .description(
      `Share of requests per arm over the last 5 minutes. Target: ${exp.arms.map((a) => `${a.name} ${pct(a.weight)}`).join(", ")}.`,
    )
    .datasource(DATASOURCE)
    .targets(promQueries([{ expr: queries.requestRateByArm, legend: `{{${OUT.model}}}`, instant: true }]))
    .pieType(piechart.PieChartType.Donut)
    .displayLabels([piechart.PieChartLabels.Name, piechart.PieChartLabels.Percent])
    .reduceOptions(new common.ReduceDataOptionsBuilder().calcs(["lastNotNull"]).values(false))
    .legend(
      new piechart.PieChartLegendOptionsBuilder()
        .showLegend(true)
        .displayMode(common.LegendDisplayMode.Table)
        .placement(common.LegendPlacement.Right)
        .values([piechart.PieChartLegendValues.Percent]),
    )
    .unit("reqps")
    .links(runbookLinks(exp, [ALERTS.trafficSplitDeviation, ALERTS.sampleRatioMismatch]))
    .height(6)
    .span(8);
}

/** Beyond the spec: how far each arm's share is from its target, against the tolerance band. */
export function splitDeviationTimeseries({ exp, queries }: PanelContext) {
  const tol = Number(num(exp.splitTolerance * 100));
  return defaultTimeseries("splitDeviation")
    .title(PANEL_TITLES.splitDeviation)
    .description(
      `Actual share minus target share, in percentage points (5m). The experiment tolerates ±${num(tol)} points.`,
    )
    .targets(promQueries([{ expr: queries.splitDeviation, legend: `{{${OUT.model}}}` }]))
    .unit("suffix: pp")
    .thresholds(steps("red", [-tol, "green"], [tol, "red"]))
    .thresholdsStyle(thresholdLines())
    .links(runbookLinks(exp, [ALERTS.trafficSplitDeviation, ALERTS.sampleRatioMismatch]))
    .height(6)
    .span(8);
}

/** Spec panel 2: live accuracy per arm, red < yellow ≤ … < green. */
export function modelAccuracyStat({ exp, queries }: PanelContext): stat.PanelBuilder {
  const a = exp.thresholds.accuracy;
  return defaultStat("modelAccuracy")
    .title(PANEL_TITLES.modelAccuracy)
    .description(
      `Live accuracy per arm. Red below ${num(a.yellow)} %, yellow ${num(a.yellow)}–${num(a.green)} %, green from ${num(a.green)} %.`,
    )
    .targets(promQueries([{ expr: queries.accuracyByArm, legend: `{{${OUT.model}}}` }]))
    .unit("percent")
    .min(0)
    .max(100)
    .decimals(1)
    .thresholds(steps("red", [a.yellow, "yellow"], [a.green, "green"]))
    .links(runbookLinks(exp, [ALERTS.modelCompleteFailure, ALERTS.modelAccuracyDegraded]))
    .span(8);
}

/** Beyond the spec: each treatment's accuracy minus the control's, in points. */
export function accuracyDifferenceTimeseries({ exp, contract, queries }: PanelContext) {
  return defaultTimeseries("accuracyDifference")
    .title(`${PANEL_TITLES.accuracyDifference} vs ${contract.control.name}`)
    .description(`Each treatment's live accuracy minus the control's (${contract.control.name}), in percentage points.`)
    .targets(promQueries([{ expr: queries.accuracyDifference, legend: `{{${OUT.model}}} − ${contract.control.name}` }]))
    .unit("suffix: pp")
    .thresholds(steps("red", [0, "green"]))
    .thresholdsStyle(thresholdLines())
    .links(runbookLinks(exp, contract.features.significance ? [ALERTS.accuracyRegression] : []))
    .height(6)
    .span(16);
}
