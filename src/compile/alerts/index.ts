// The alert catalogue and compileAlertRules.
import { metricContract } from "../../model/contract.ts";
import { OUT, panelUrl, runbookUrl } from "../../model/conventions.ts";
import type { Experiment } from "../../model/schema.ts";
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
import type { AlertContext, AlertSpec } from "./spec.ts";
import { trafficSplitDeviation } from "./traffic-split-deviation.ts";
import { FORMAT_TEMPLATE } from "./templates.ts";

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
  return { exp, c, raw: rawHelpers(c), src: src ?? recordedSource(exp) };
}

/** The alerts this experiment gets: those whose metrics (or schedule) it declares. */
export function alertsFor(ctx: AlertContext): AlertSpec[] {
  return ALERT_SPECS.filter((a) => {
    if (a.needs === undefined) return true;
    if (a.needs === "schedule") return ctx.exp.schedule?.end !== undefined;
    return ctx.c.features[a.needs];
  });
}

export function alertingRule(ctx: AlertContext, a: AlertSpec): AlertingRule {
  const { exp } = ctx;
  return {
    alert: a.name,
    expr: a.expr(ctx),
    for: a.for,
    labels: { [OUT.severity]: a.severity, [OUT.experiment]: exp.id, [OUT.team]: exp.owner.team },
    annotations: {
      summary: a.summary(ctx),
      description: a.description(ctx, { value: FORMAT_TEMPLATE[a.valueFormat], model: `{{ $labels.${OUT.model} }}` }),
      runbook_url: runbookUrl(exp, a.name),
      dashboard: panelUrl(exp, a.panel),
    },
  };
}

export function compileAlertRules(exp: Experiment, src?: Source): AlertingRule[] {
  const ctx = alertContext(exp, src);
  return alertsFor(ctx).map((a) => alertingRule(ctx, a));
}
