// Baseline for the generate benchmark: the same dashboards as abwatch generates for the synthetic
// experiments (same panels, options, queries, descriptions and links), written by hand with the raw
// foundation SDK and JSON.stringify. Plain JavaScript, so node runs it without any TypeScript loader.
// The benchmark reports both output sizes, so a reader can see the two do the same work.
import * as common from "@grafana/grafana-foundation-sdk/common";
import * as dashboard from "@grafana/grafana-foundation-sdk/dashboard";
import * as piechart from "@grafana/grafana-foundation-sdk/piechart";
import * as prometheus from "@grafana/grafana-foundation-sdk/prometheus";
import * as stat from "@grafana/grafana-foundation-sdk/stat";
import * as text from "@grafana/grafana-foundation-sdk/text";
import * as timeseries from "@grafana/grafana-foundation-sdk/timeseries";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

const ds = { type: "prometheus", uid: "${datasource}" };
const base = "https://wiki.bench.example/runbooks";

const queries = (qs) =>
  qs.map(([expr, legend, instant], i) => {
    const b = new prometheus.DataqueryBuilder().datasource(ds).refId("ABCDEFGH"[i]).expr(expr).legendFormat(legend);
    return instant ? b.instant() : b.range();
  });
const steps = (...s) =>
  new dashboard.ThresholdsConfigBuilder().mode(dashboard.ThresholdsMode.Absolute).steps(s.map(([value, color]) => ({ value, color })));
const links = (id, alerts) =>
  alerts.map((a) => new dashboard.DashboardLinkBuilder(`Runbook: ${a}`).type(dashboard.DashboardLinkType.Link).url(`${base}/${id}/${a}.md`).targetBlank(true));
const ts = (id) =>
  new timeseries.PanelBuilder().id(id).datasource(ds).height(8).span(12).lineWidth(1).fillOpacity(10).showPoints(common.VisibilityMode.Never)
    .legend(new common.VizLegendOptionsBuilder().showLegend(true).displayMode(common.LegendDisplayMode.Table).placement(common.LegendPlacement.Bottom).calcs(["mean", "lastNotNull"]))
    .tooltip(new common.VizTooltipOptionsBuilder().mode(common.TooltipDisplayMode.Multi).sort(common.SortOrder.Descending));
const st = (id) =>
  new stat.PanelBuilder().id(id).datasource(ds).height(6).span(6).graphMode(common.BigValueGraphMode.Area).colorMode(common.BigValueColorMode.Value)
    .textMode(common.BigValueTextMode.ValueAndName).reduceOptions(new common.ReduceDataOptionsBuilder().calcs(["lastNotNull"]).values(false));
const dashed = () => new common.GraphThresholdsStyleConfigBuilder().mode(common.GraphThresholdsStyleMode.Dashed);

/** The dashboard of synthetic experiment `i`, built with the SDK's builders. */
export function rawDashboard(i) {
  const id = `bench-${i}`;
  const w = 0.5 + (i % 4) * 0.1;
  const [wc, wt] = [Number(w.toFixed(1)), Number((1 - w).toFixed(1))];
  const daily = 10_000 + i;
  const r = (name) => `${name}{experiment="${id}"}`;
  const alerts = `ALERTS{experiment="${id}", alertstate="firing"}`;
  const srm = (statistic) => `experiment_statistic:ab_test_srm:cumulative{experiment="${id}", statistic="${statistic}"}`;
  const diff = (statistic) => `experiment_model_statistic:ab_test_accuracy_difference:cumulative{experiment="${id}", statistic="${statistic}"}`;

  const d = new dashboard.DashboardBuilder(`Benchmark experiment ${i}`)
    .uid(`abwatch-${id}`).description("").tags(["abwatch", "ab-test"]).refresh("30s").time({ from: "now-6h", to: "now" }).timezone("browser")
    .tooltip(dashboard.DashboardCursorSync.Crosshair)
    .withVariable(new dashboard.DatasourceVariableBuilder("datasource").label("Data source").type("prometheus").current({ text: "prometheus", value: "prometheus" }))
    .link(new dashboard.DashboardLinkBuilder("Runbooks").type(dashboard.DashboardLinkType.Link).icon("doc").tooltip(`Runbooks for every alert of ${id}`).url(`${base}/${id}/README.md`).targetBlank(true))
    .annotation(new dashboard.AnnotationQueryBuilder().name("Experiment alerts").datasource(ds).enable(true).iconColor("red")
      .target(new prometheus.DataqueryBuilder().expr(alerts).refId("Anno")).expr(alerts).step("60s").titleFormat("{{alertname}}")
      .textFormat("{{severity}} {{model_name}}").tagKeys("severity,alertname"))
    .withRow(new dashboard.RowBuilder("Overview").id(1))
    .withPanel(new text.PanelBuilder().id(2).title("About this experiment").mode(text.TextMode.Markdown).height(6).span(8)
      .content(`| arm | target share | description |\n|---|---|---|\n| baseline (control) | ${wc * 100} % |  |\n| enhanced | ${wt * 100} % |  |\n\nOwner: **team-${i % 17}**. Split tolerance ±5 points.\nAlerts: accuracy < 50 % (critical) or < 75 % (warning), error ratio > 5 %, p95 latency > 200 ms, prediction drift (KS) > 0.3, mean confidence < 0.7.\n`))
    .withPanel(new piechart.PanelBuilder().id(3).title("Traffic Distribution").description(`Share of requests per arm over the last 5 minutes. Target: baseline ${wc * 100} %, enhanced ${wt * 100} %.`)
      .datasource(ds).targets(queries([[r("experiment_model:ab_test_requests:rate5m"), "{{model_name}}", true]]))
      .pieType(piechart.PieChartType.Donut).displayLabels([piechart.PieChartLabels.Name, piechart.PieChartLabels.Percent])
      .reduceOptions(new common.ReduceDataOptionsBuilder().calcs(["lastNotNull"]).values(false))
      .legend(new piechart.PieChartLegendOptionsBuilder().showLegend(true).displayMode(common.LegendDisplayMode.Table).placement(common.LegendPlacement.Right).values([piechart.PieChartLegendValues.Percent]))
      .unit("reqps").links(links(id, ["TrafficSplitDeviation", "SampleRatioMismatch"])).height(6).span(8))
    .withPanel(ts(4).title("Traffic split deviation from target").description("Actual share minus target share, in percentage points (5m). The experiment tolerates ±5 points.")
      .targets(queries([[`(${r("experiment_model:ab_test_traffic_share:ratio5m")} - on (model_name) ${r("experiment_model:ab_test_arm_weight:config")}) * 100`, "{{model_name}}"]]))
      .unit("suffix: pp").thresholds(steps([null, "red"], [-5, "green"], [5, "red"])).thresholdsStyle(dashed()).links(links(id, ["TrafficSplitDeviation", "SampleRatioMismatch"])).height(6).span(8))
    .withPanel(st(5).title("Model Accuracy Comparison").description("Live accuracy per arm. Red below 70 %, yellow 70–80 %, green from 80 %.")
      .targets(queries([[r("experiment_model:ab_test_model_accuracy:avg"), "{{model_name}}"]])).unit("percent").min(0).max(100).decimals(1)
      .thresholds(steps([null, "red"], [70, "yellow"], [80, "green"])).links(links(id, ["ModelCompleteFailure", "ModelAccuracyDegraded"])).span(8))
    .withPanel(ts(6).title("Accuracy difference vs baseline").description("Each treatment's live accuracy minus the control's (baseline), in percentage points.")
      .targets(queries([[r("experiment_model:ab_test_accuracy_difference:avg"), "{{model_name}} − baseline"]])).unit("suffix: pp").thresholds(steps([null, "red"], [0, "green"])).thresholdsStyle(dashed())
      .links(links(id, ["AccuracyRegression"])).height(6).span(16))
    .withPanel(ts(7).title("Sample ratio mismatch since the start (sequential test)").description("Pearson's chi-square of all requests since the experiment started against the declared split, and the boundary of the sequential test (mixture SPRT, α = 0.05). The boundary rises slowly with the number of requests, so the test can be watched continuously: on a correctly split experiment the chance that the statistic ever crosses it is at most α. Updates hourly; shown once 1000 requests are in.")
      .targets(queries([[srm("chi2"), "chi-square since the start"], [`(1 + 0.0025 * ${srm("requests")}) / (0.0025 * ${srm("requests")}) * (5.99146454711 + 1 * ln(1 + 0.0025 * ${srm("requests")}))`, "boundary (α = 0.05)"]]))
      .unit("none").min(0).links(links(id, ["SampleRatioMismatch"])).height(8).span(12))
    .withPanel(ts(8).title("Accuracy difference since the start (always-valid confidence)").description("Each treatment's accuracy minus baseline's on all labelled predictions since the experiment started, in percentage points, with its always-valid 95 % confidence sequence (lower and upper). It holds however often it is looked at; when the upper line drops below 0 the treatment is worse and AccuracyRegression fires. Updates hourly; shown once each arm has 100 labelled predictions.")
      .targets(queries([[`100 * ${diff("estimate")}`, "{{model_name}} − baseline"], ...["-", "+"].map((sign, i) => [`100 * (${diff("estimate")} ${sign} ignoring (statistic) sqrt( ${diff("variance")} * (${diff("variance")} + 0.0009) / 0.0009 * (5.99146454711 + ln((${diff("variance")} + 0.0009) / ${diff("variance")})) ))`, `{{model_name}} ${i === 0 ? "lower" : "upper"}`])]))
      .unit("suffix: pp").thresholds(steps([null, "red"], [0, "green"])).thresholdsStyle(dashed()).links(links(id, ["AccuracyRegression"])).height(8).span(12))
    .withRow(new dashboard.RowBuilder("Latency and errors").id(10))
    .withPanel(ts(11).title("Response Time Distribution").description("p50, p95 and p99 latency per arm (5m). The p95 alert threshold is 200 ms.")
      .targets(queries([50, 95, 99].map((q) => [r(`experiment_model:ab_test_response_time_seconds:p${q}_rate5m`), `{{model_name}} p${q}`])))
      .unit("s").min(0).thresholds(steps([null, "green"], [0.2, "red"])).thresholdsStyle(dashed()).links(links(id, ["HighResponseTime"])))
    .withPanel(ts(12).title("Request Rate Over Time").description("Requests per second per arm and status (5m).")
      .targets(queries([[`${r("experiment_model:ab_test_requests:rate5m")} - ${r("experiment_model:ab_test_request_errors:rate5m")}`, "{{model_name}} success"], [r("experiment_model:ab_test_request_errors:rate5m"), "{{model_name}} error"]])).unit("reqps").min(0)
      .links(links(id, ["ArmReceivingNoTraffic", "ExperimentMetricsAbsent"])))
    .withPanel(ts(13).title("Error ratio").description("Errors as a share of requests per arm (5m). Critical above 5 %.")
      .targets(queries([[r("experiment_model:ab_test_request_errors:ratio_rate5m"), "{{model_name}}"]]))
      .unit("percentunit").min(0).thresholds(steps([null, "green"], [0.05, "red"])).thresholdsStyle(dashed()).links(links(id, ["HighErrorRate"])).span(24).height(6))
    .withRow(new dashboard.RowBuilder("Model quality").id(20))
    .withPanel(ts(21).title("Prediction drift (KS distance)").description("Largest gap between the empirical CDFs of prediction scores, baseline vs each treatment (1h), measured at bucket edges. Above 0.3 the data-science team is alerted.")
      .targets(queries([[r("experiment_model:ab_test_prediction_score:ks_rate1h"), "{{model_name}} vs baseline"]])).unit("none").min(0).max(1)
      .thresholds(steps([null, "green"], [0.3, "red"])).thresholdsStyle(dashed()).links(links(id, ["PredictionDrift"])))
    .withPanel(ts(22).title("Mean model confidence").description("Average confidence per arm (1h). Below 0.7 the model quality is investigated.")
      .targets(queries([[r("experiment_model:ab_test_model_confidence:mean_rate1h"), "{{model_name}}"]]))
      .unit("percentunit").min(0).max(1).thresholds(steps([null, "red"], [0.7, "green"])).thresholdsStyle(dashed()).links(links(id, ["LowModelConfidence"])))
    .withRow(new dashboard.RowBuilder("Business impact").id(30))
    .withPanel(st(31).title("Business Impact Summary").description("Net business value = revenue lift − cost impact + risk reduction, in percent (as exported, or computed from the components when the service does not export it).")
      .targets(queries([["net_value", "Net business value"], ["revenue_lift", "Revenue lift"], ["cost_impact", "Cost impact"], ["risk_reduction", "Risk reduction"]].map(([m, l]) => [r(`experiment:ab_test_business_${m}:avg`), l])))
      .unit("percent").decimals(1).thresholds(steps([null, "red"], [0, "green"])).graphMode(common.BigValueGraphMode.None).links(links(id, ["NegativeBusinessValue"])).span(16))
    .withPanel(st(32).title("Daily revenue impact forecast").description(`${daily} daily requests × accuracy improvement over baseline × 2.5 USD per prediction.`)
      .targets(queries([[r("experiment_model:ab_test_revenue_forecast:daily"), "{{model_name}} vs baseline"]])).unit("currencyUSD").decimals(0)
      .thresholds(steps([null, "red"], [0, "green"])).span(8));
  return d.build();
}

// `node bench/raw-sdk.mjs N DIR`: writes N dashboards, as a process of its own.
if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const [n, out] = [Number(process.argv[2]), process.argv[3]];
  mkdirSync(join(out, "dashboards"), { recursive: true });
  for (let i = 0; i < n; i++) writeFileSync(join(out, "dashboards", `bench-${i}.json`), `${JSON.stringify(rawDashboard(i), null, 2)}\n`);
}
