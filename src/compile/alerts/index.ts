// The alert catalogue and compileAlertRules.
import { metricContract, type MetricContract } from "../../model/contract.ts";
import { OUT, panelUrl, runbookUrl } from "../../model/conventions.ts";
import type { Experiment } from "../../model/schema.ts";
import { panelsFor } from "../dashboard/layout.ts";
import { rawHelpers, recordedSource, type Source } from "../rules/source.ts";
import type { AlertingRule } from "../rules/types.ts";
import { accuracyRegression } from "./accuracy-regression.ts";
import { armNoTraffic } from "./arm-no-traffic.ts";
import { highErrorRate } from "./high-error-rate.ts";
import { highResponseTime } from "./high-response-time.ts";
import { lowModelConfidence } from "./low-model-confidence.ts";
import { metricsAbsent } from "./metrics-absent.ts";
import { modelAccuracyDegraded } from "./model-accuracy-degraded.ts";
import { modelCompleteFailure } from "./model-complete-failure.ts";
import { negativeBusinessValue } from "./negative-business-value.ts";
import { pastEndDate } from "./past-end-date.ts";
import { predictionDrift } from "./prediction-drift.ts";
import { sampleRatioMismatch } from "./sample-ratio-mismatch.ts";
import type { AlertContext, AlertSpec, Shown } from "./spec.ts";
import { trafficSplitDeviation } from "./traffic-split-deviation.ts";
import { FORMAT_TEMPLATE, templateText } from "./templates.ts";

/** In the order a reader triages: the spec's four, then traffic, quality, plumbing, business. */
export const ALERT_SPECS: readonly AlertSpec[] = [
  modelCompleteFailure,
  highErrorRate,
  modelAccuracyDegraded,
  highResponseTime,
  trafficSplitDeviation,
  sampleRatioMismatch,
  predictionDrift,
  lowModelConfidence,
  accuracyRegression,
  metricsAbsent,
  armNoTraffic,
  negativeBusinessValue,
  pastEndDate,
];

export function alertContext(exp: Experiment, src?: Source): AlertContext {
  const c = metricContract(exp);
  const alerts = new Set(ALERT_SPECS.filter((a) => declares(exp, c, a)).map((a) => a.name));
  return { exp, c, raw: rawHelpers(c), src: src ?? recordedSource(exp), panels: panelsFor(c), alerts };
}

function declares(exp: Experiment, c: MetricContract, a: AlertSpec): boolean {
  if (a.needs === undefined) return true;
  if (a.needs === "schedule") return exp.schedule?.end !== undefined;
  return c.features[a.needs];
}

/** The alerts this experiment gets: those whose metrics (or schedule) it declares. */
export function alertsFor(ctx: AlertContext): AlertSpec[] {
  return ALERT_SPECS.filter((a) => ctx.alerts.has(a.name));
}

/** The annotations as they read once rendered, with `shown` standing in for the alert's value and arm. */
export function renderedAnnotations(ctx: AlertContext, a: AlertSpec, shown: Shown): Record<string, string> {
  return {
    summary: a.summary(ctx),
    description: a.description(ctx, shown),
    runbook_url: runbookUrl(ctx.exp, a.name),
    dashboard: panelUrl(ctx.exp, a.panel),
  };
}

// Stand-ins for the template actions, which no experiment string can contain (the schema refuses
// control characters): the text around them is escaped, then they become actions.
const VALUE = "\u0000value\u0000";
const MODEL = "\u0000model\u0000";

export function alertingRule(ctx: AlertContext, a: AlertSpec): AlertingRule {
  const { exp } = ctx;
  const rendered = renderedAnnotations(ctx, a, { value: VALUE, model: MODEL });
  const annotations: Record<string, string> = {};
  for (const [key, text] of Object.entries(rendered)) {
    annotations[key] = templateText(text).replaceAll(VALUE, FORMAT_TEMPLATE[a.valueFormat]).replaceAll(MODEL, `{{ $labels.${OUT.model} }}`);
  }
  return {
    alert: a.name,
    expr: a.expr(ctx),
    for: a.for,
    labels: { [OUT.severity]: a.severity, [OUT.experiment]: exp.id, [OUT.team]: exp.owner.team },
    annotations,
  };
}

export function compileAlertRules(exp: Experiment, src?: Source): AlertingRule[] {
  const ctx = alertContext(exp, src);
  return alertsFor(ctx).map((a) => alertingRule(ctx, a));
}
