// Shared panel defaults: every panel starts from one of these factories and reads the data source
// from the dashboard variable, so one dashboard serves any Prometheus.
import type * as cog from "@grafana/grafana-foundation-sdk/cog";
import * as common from "@grafana/grafana-foundation-sdk/common";
import * as dashboard from "@grafana/grafana-foundation-sdk/dashboard";
import * as prometheus from "@grafana/grafana-foundation-sdk/prometheus";
import * as stat from "@grafana/grafana-foundation-sdk/stat";
import * as timeseries from "@grafana/grafana-foundation-sdk/timeseries";
import type { MetricContract } from "../../model/contract.ts";
import { DATASOURCE_VARIABLE, PANEL_IDS, type PanelKey, runbookUrl, type AlertName } from "../../model/conventions.ts";
import type { Experiment } from "../../model/schema.ts";
import type { DashboardQueries } from "./queries.ts";

/** What every panel function receives. */
export interface PanelContext {
  exp: Experiment;
  contract: MetricContract;
  queries: DashboardQueries;
}

export const DATASOURCE: { type: string; uid: string } = { type: "prometheus", uid: `\${${DATASOURCE_VARIABLE}}` };

export interface Query {
  expr: string;
  legend: string;
  instant?: boolean;
}

const REF_IDS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";

export function promQueries(queries: readonly Query[]): cog.Builder<cog.Dataquery>[] {
  return queries.map((q, i) => {
    const b = new prometheus.DataqueryBuilder()
      .datasource(DATASOURCE)
      .refId(REF_IDS[i] ?? `Q${i}`)
      .expr(q.expr)
      .legendFormat(q.legend);
    return q.instant ? b.instant() : b.range();
  });
}

/** Threshold steps from a base colour and ascending (value, colour) pairs. */
export function steps(base: string, ...rest: [number, string][]): cog.Builder<dashboard.ThresholdsConfig> {
  return new dashboard.ThresholdsConfigBuilder().mode(dashboard.ThresholdsMode.Absolute).steps([
    // Grafana's base step has no value; the SDK types it as number, the JSON model as null.
    { value: null as unknown as number, color: base },
    ...rest.map(([value, color]) => ({ value, color })),
  ]);
}

/** Links from a panel to the runbooks of the alerts it explains. */
export function runbookLinks(exp: Experiment, alerts: readonly AlertName[]): cog.Builder<dashboard.DashboardLink>[] {
  return alerts.map((alert) =>
    new dashboard.DashboardLinkBuilder(`Runbook: ${alert}`)
      .type(dashboard.DashboardLinkType.Link)
      .url(runbookUrl(exp, alert))
      .targetBlank(true),
  );
}

export function defaultTimeseries(id: PanelKey): timeseries.PanelBuilder {
  return new timeseries.PanelBuilder()
    .id(PANEL_IDS[id])
    .datasource(DATASOURCE)
    .height(8)
    .span(12)
    .lineWidth(1)
    .fillOpacity(10)
    .showPoints(common.VisibilityMode.Never)
    .legend(
      new common.VizLegendOptionsBuilder()
        .showLegend(true)
        .displayMode(common.LegendDisplayMode.Table)
        .placement(common.LegendPlacement.Bottom)
        .calcs(["mean", "lastNotNull"]),
    )
    .tooltip(new common.VizTooltipOptionsBuilder().mode(common.TooltipDisplayMode.Multi).sort(common.SortOrder.Descending));
}

export function defaultStat(id: PanelKey): stat.PanelBuilder {
  return new stat.PanelBuilder()
    .id(PANEL_IDS[id])
    .datasource(DATASOURCE)
    .height(6)
    .span(6)
    .graphMode(common.BigValueGraphMode.Area)
    .colorMode(common.BigValueColorMode.Value)
    .textMode(common.BigValueTextMode.ValueAndName)
    .reduceOptions(new common.ReduceDataOptionsBuilder().calcs(["lastNotNull"]).values(false));
}

/** Dashed threshold lines on a time series, so the alert level is visible beside the data. */
export function thresholdLines(): cog.Builder<common.GraphThresholdsStyleConfig> {
  return new common.GraphThresholdsStyleConfigBuilder().mode(common.GraphThresholdsStyleMode.Dashed);
}
