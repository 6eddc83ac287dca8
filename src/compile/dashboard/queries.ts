// The PromQL behind every panel, scoped to one experiment. Aggregations happen before ratios and
// quantiles (`sum by (le, model)` before histogram_quantile), so replicas and extra labels never
// leak into a panel.
import type { MetricContract } from "../../model/contract.ts";
import type { Arm, Experiment } from "../../model/schema.ts";
import { by, num, selector } from "../promql.ts";

export interface ArmQuery {
  arm: Arm;
  expr: string;
}

export interface DashboardQueries {
  requestRateByArm: string;
  requestRateByArmAndStatus: string;
  errorRatioByArm: string;
  splitDeviation: ArmQuery[];
  accuracyByArm: string;
  accuracyDifference: ArmQuery[];
  latencyQuantile: (q: number) => string;
  meanConfidenceByArm?: string;
  drift?: ArmQuery[];
  business?: { netValue: string; revenueLift: string; costImpact: string; riskReduction: string; computedNet: string };
  forecast?: ArmQuery[];
  firingAlerts: string;
}

export function dashboardQueries(exp: Experiment, c: MetricContract): DashboardQueries {
  const m = c.labels.model;
  const scope = c.scope;
  const arm = (a: Arm) => ({ [m]: a.name });
  const requestRate = (extra: Record<string, string> = {}) => `rate(${selector(c.names.requests, scope, extra)}[5m])`;
  const totalRate = `sum(${requestRate()})`;
  const accuracyOf = (a: Arm) => `avg(${selector(c.names.accuracy, scope, arm(a))})`;

  const q: DashboardQueries = {
    requestRateByArm: `sum ${by(m)} (${requestRate()})`,
    requestRateByArmAndStatus: `sum ${by(m, c.labels.status)} (${requestRate()})`,
    errorRatioByArm:
      `sum ${by(m)} (${requestRate({ [c.labels.status]: c.values.error })})\n` +
      `  / on (${m})\n` +
      `sum ${by(m)} (${requestRate()})`,
    // Percentage points away from the declared weight; the panel draws the tolerance band.
    splitDeviation: exp.arms.map((a) => ({
      arm: a,
      expr: `(sum(${requestRate(arm(a))}) / ${totalRate} - ${num(a.weight)}) * 100`,
    })),
    accuracyByArm: `avg ${by(m)} (${selector(c.names.accuracy, scope)})`,
    accuracyDifference: c.treatments.map((t) => ({ arm: t, expr: `${accuracyOf(t)} - ${accuracyOf(c.control)}` })),
    latencyQuantile: (quantile: number) =>
      `histogram_quantile(${num(quantile)}, sum ${by("le", m)} (rate(${selector(`${c.names.responseTime}_bucket`, scope)}[5m])))`,
    firingAlerts: selector("ALERTS", { experiment: exp.id, alertstate: "firing" }),
  };

  const conf = c.names.confidence;
  if (conf !== undefined) {
    q.meanConfidenceByArm =
      `sum ${by(m)} (rate(${selector(`${conf}_sum`, scope)}[5m]))\n` +
      `  / on (${m})\n` +
      `sum ${by(m)} (rate(${selector(`${conf}_count`, scope)}[5m]))`;
  }

  const score = c.names.predictionScore;
  if (score !== undefined) {
    // Empirical CDF of an arm at each bucket edge; the KS distance is the largest gap between two CDFs.
    const cdf = (a: Arm) =>
      `sum ${by("le")} (rate(${selector(`${score}_bucket`, scope, arm(a), { "le!": "+Inf" })}[1h]))\n` +
      `    / scalar(sum(rate(${selector(`${score}_count`, scope, arm(a))}[1h])))`;
    q.drift = c.treatments.map((t) => ({
      arm: t,
      expr: `max(abs(\n    ${cdf(c.control)}\n  -\n    ${cdf(t)}\n))`,
    }));
  }

  const impact = c.names.businessImpact;
  if (impact !== undefined) {
    const metric = (type: string) => `avg(${selector(impact, scope, { [c.labels.metricType]: type })})`;
    const v = c.values;
    q.business = {
      netValue: metric(v.netBusinessValue),
      revenueLift: metric(v.revenueLift),
      costImpact: metric(v.costImpact),
      riskReduction: metric(v.riskReduction),
      computedNet: `${metric(v.revenueLift)} - ${metric(v.costImpact)} + ${metric(v.riskReduction)}`,
    };
  }

  if (exp.business !== undefined) {
    const b = exp.business;
    // Daily requests × accuracy improvement (a fraction) × revenue per prediction.
    q.forecast = c.treatments.map((t) => ({
      arm: t,
      expr: `${num(b.dailyRequests)} * (${accuracyOf(t)} - ${accuracyOf(c.control)}) / 100 * ${num(b.revenuePerPrediction)}`,
    }));
  }
  return q;
}
