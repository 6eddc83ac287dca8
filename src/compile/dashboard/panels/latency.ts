// Latency and errors row: the spec's response-time and request-rate panels, plus the error ratio.
import { ALERTS, OUT, PANEL_TITLES } from "../../../model/conventions.ts";
import { num } from "../../promql.ts";
import { defaultTimeseries, promQueries, runbookLinks, steps, thresholdLines, type PanelContext } from "../common.ts";

/** Spec panel 3: p50/p95/p99 per arm. */
export function responseTimeTimeseries({ exp, queries }: PanelContext) {
  const m = OUT.model;
  const limit = exp.thresholds.latencyP95Seconds;
  return defaultTimeseries("responseTime")
    .title(PANEL_TITLES.responseTime)
    .description(`p50, p95 and p99 latency per arm (5m). The p95 alert threshold is ${num(limit * 1000)} ms.`)
    .targets(
      promQueries(
        ([0.5, 0.95, 0.99] as const).map((q) => ({ expr: queries.latencyQuantile(q), legend: `{{${m}}} p${num(q * 100)}` })),
      ),
    )
    .unit("s")
    .min(0)
    .thresholds(steps("green", [limit, "red"]))
    .thresholdsStyle(thresholdLines())
    .links(runbookLinks(exp, [ALERTS.highResponseTime]));
}

/** Spec panel 5: requests per second per arm, success and error apart. */
export function requestRateTimeseries({ exp, queries }: PanelContext) {
  return defaultTimeseries("requestRate")
    .title(PANEL_TITLES.requestRate)
    .description("Requests per second per arm and status (5m).")
    .targets(
      promQueries([
        { expr: queries.successRateByArm, legend: `{{${OUT.model}}} success` },
        { expr: queries.errorRateByArm, legend: `{{${OUT.model}}} error` },
      ]),
    )
    .unit("reqps")
    .min(0)
    .links(runbookLinks(exp, [ALERTS.armNoTraffic, ALERTS.metricsAbsent]));
}

/** Beyond the spec: the error ratio the HighErrorRate alert evaluates. */
export function errorRatioTimeseries({ exp, queries }: PanelContext) {
  const limit = exp.thresholds.errorRatio;
  return defaultTimeseries("errorRatio")
    .title(PANEL_TITLES.errorRatio)
    .description(`Errors as a share of requests per arm (5m). Critical above ${num(limit * 100)} %.`)
    .targets(promQueries([{ expr: queries.errorRatioByArm, legend: `{{${OUT.model}}}` }]))
    .unit("percentunit")
    .min(0)
    .thresholds(steps("green", [limit, "red"]))
    .thresholdsStyle(thresholdLines())
    .links(runbookLinks(exp, [ALERTS.highErrorRate]))
    .span(24)
    .height(6);
}
