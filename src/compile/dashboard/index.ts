// compileDashboard: Experiment → Grafana dashboard model. Reads top to bottom as the dashboard
// does: variables, links, annotations, then rows of panels. The SDK lays out the grid.
import * as dashboard from "@grafana/grafana-foundation-sdk/dashboard";
import * as prometheus from "@grafana/grafana-foundation-sdk/prometheus";
import { metricContract } from "../../model/contract.ts";
import { DATASOURCE_VARIABLE, OUT, PANEL_IDS, PANEL_TITLES, dashboardUid, runbookIndexUrl, type PanelKey } from "../../model/conventions.ts";
import type { Experiment } from "../../model/schema.ts";
import { DATASOURCE, type PanelContext } from "./common.ts";
import { businessForecastStat, businessImpactStat } from "./panels/business.ts";
import { errorRatioTimeseries, requestRateTimeseries, responseTimeTimeseries } from "./panels/latency.ts";
import {
  aboutText,
  accuracyDifferenceTimeseries,
  modelAccuracyStat,
  splitDeviationTimeseries,
  trafficDistributionPie,
} from "./panels/overview.ts";
import { meanConfidenceTimeseries, predictionDriftTimeseries } from "./panels/quality.ts";
import { panelsFor } from "./layout.ts";
import { accuracySequentialTimeseries, sampleRatioMismatchTimeseries } from "./panels/sequential.ts";
import { dashboardQueries } from "./queries.ts";

export function compileDashboard(exp: Experiment): dashboard.Dashboard {
  const contract = metricContract(exp);
  const ctx: PanelContext = { exp, contract, queries: dashboardQueries(exp, contract) };
  const panels = panelsFor(contract);
  const has = (key: PanelKey) => panels.has(key);

  const builder = new dashboard.DashboardBuilder(exp.title)
    .uid(dashboardUid(exp))
    .description(exp.description)
    .tags(exp.grafana.tags)
    .refresh(exp.grafana.refresh)
    .time({ from: exp.grafana.timeFrom, to: "now" })
    .timezone("browser")
    .tooltip(dashboard.DashboardCursorSync.Crosshair)
    .withVariable(
      new dashboard.DatasourceVariableBuilder(DATASOURCE_VARIABLE)
        .label("Data source")
        .type("prometheus")
        .current({ text: exp.grafana.datasource, value: exp.grafana.datasource }),
    )
    .link(
      new dashboard.DashboardLinkBuilder("Runbooks")
        .type(dashboard.DashboardLinkType.Link)
        .icon("doc")
        .tooltip(`Runbooks for every alert of ${exp.id}`)
        .url(runbookIndexUrl(exp))
        .targetBlank(true),
    )
    .annotation(
      new dashboard.AnnotationQueryBuilder()
        .name("Experiment alerts")
        .datasource(DATASOURCE)
        .enable(true)
        .iconColor("red")
        .target(new prometheus.DataqueryBuilder().expr(ctx.queries.firingAlerts).refId("Anno"))
        .expr(ctx.queries.firingAlerts)
        .step("60s")
        .titleFormat("{{alertname}}")
        .textFormat(`{{severity}} {{${OUT.model}}}`)
        .tagKeys("severity,alertname"),
    );

  builder
    .withRow(new dashboard.RowBuilder(PANEL_TITLES.rowOverview).id(PANEL_IDS.rowOverview))
    .withPanel(aboutText(ctx))
    .withPanel(trafficDistributionPie(ctx))
    .withPanel(splitDeviationTimeseries(ctx))
    .withPanel(modelAccuracyStat(ctx))
    .withPanel(accuracyDifferenceTimeseries(ctx))
    .withPanel(sampleRatioMismatchTimeseries(ctx));
  if (has("accuracySequential")) builder.withPanel(accuracySequentialTimeseries(ctx));

  builder
    .withRow(new dashboard.RowBuilder(PANEL_TITLES.rowLatency).id(PANEL_IDS.rowLatency))
    .withPanel(responseTimeTimeseries(ctx))
    .withPanel(requestRateTimeseries(ctx))
    .withPanel(errorRatioTimeseries(ctx));

  if (has("rowQuality")) {
    builder.withRow(new dashboard.RowBuilder(PANEL_TITLES.rowQuality).id(PANEL_IDS.rowQuality));
    if (has("predictionDrift")) builder.withPanel(predictionDriftTimeseries(ctx));
    if (has("meanConfidence")) builder.withPanel(meanConfidenceTimeseries(ctx));
  }

  if (has("rowBusiness")) {
    builder.withRow(new dashboard.RowBuilder(PANEL_TITLES.rowBusiness).id(PANEL_IDS.rowBusiness));
    if (has("businessImpact")) builder.withPanel(businessImpactStat(ctx));
    if (has("businessForecast")) builder.withPanel(businessForecastStat(ctx));
  }

  return builder.build();
}
