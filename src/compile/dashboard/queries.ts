// The PromQL behind every panel. Panels read the recorded series of the experiment's rule group:
// cheaper than re-aggregating raw series on every refresh, labelled `model_name` whatever the
// service calls its model label, and the same numbers the alerts evaluate.
import type { MetricContract } from "../../model/contract.ts";
import { OUT, STATISTIC } from "../../model/conventions.ts";
import type { Experiment } from "../../model/schema.ts";
import { TAU_ACCURACY, TAU_SRM, perComparisonAlpha } from "../../stats/design.ts";
import { halfWidthExpr, srmBoundaryExpr } from "../rules/sequential.ts";
import { recordedSource } from "../rules/source.ts";
import { selector } from "../promql.ts";

export interface DashboardQueries {
  requestRateByArm: string;
  successRateByArm: string;
  errorRateByArm: string;
  errorRatioByArm: string;
  splitDeviation: string;
  accuracyByArm: string;
  accuracyDifference: string;
  /** The SRM test since the start: its chi-square and the boundary it must cross. */
  srm: { chi2: string; boundary: string };
  /** Each treatment's accuracy minus the control's since the start, and its confidence sequence, in points. */
  accuracySequential?: { estimate: string; lower: string; upper: string };
  latencyQuantile: (q: 0.5 | 0.95 | 0.99) => string;
  meanConfidenceByArm?: string;
  drift?: string;
  business?: { netValue: string; revenueLift: string; costImpact: string; riskReduction: string };
  forecast?: string;
  firingAlerts: string;
}

export function dashboardQueries(exp: Experiment, c: MetricContract): DashboardQueries {
  const src = recordedSource(exp);
  const q: DashboardQueries = {
    requestRateByArm: src.q("requestsRate5m"),
    successRateByArm: `${src.q("requestsRate5m")} - ${src.q("errorsRate5m")}`,
    errorRateByArm: src.q("errorsRate5m"),
    errorRatioByArm: src.q("errorRatio5m"),
    // Percentage points away from the declared weight; the panel draws the tolerance band.
    splitDeviation: `(${src.q("share5m")} - on (${OUT.model}) ${src.q("armWeight")}) * 100`,
    accuracyByArm: src.q("accuracy"),
    accuracyDifference: src.q("accuracyDifference"),
    latencyQuantile: (quantile) => src.q(quantile === 0.5 ? "latencyP50" : quantile === 0.95 ? "latencyP95" : "latencyP99"),
    srm: {
      chi2: src.q("srmCumulative", undefined, { [OUT.statistic]: STATISTIC.chi2 }),
      boundary: srmBoundaryExpr(
        src.q("srmCumulative", undefined, { [OUT.statistic]: STATISTIC.requests }),
        exp.arms.length - 1,
        TAU_SRM,
        exp.thresholds.alpha,
      ),
    },
    firingAlerts: selector("ALERTS", { [OUT.experiment]: exp.id, alertstate: "firing" }),
  };
  if (c.features.significance) {
    const stat = (s: string) => src.q("accuracyDifferenceCumulative", undefined, { [OUT.statistic]: s });
    const h = halfWidthExpr(stat(STATISTIC.variance), TAU_ACCURACY, perComparisonAlpha(exp.thresholds.alpha, c.treatments.length));
    const bound = (sign: "-" | "+") => `100 * (${stat(STATISTIC.estimate)} ${sign} ignoring (${OUT.statistic}) ${h.replace(/\n\s*/g, " ")})`;
    q.accuracySequential = { estimate: `100 * ${stat(STATISTIC.estimate)}`, lower: bound("-"), upper: bound("+") };
  }
  if (c.features.confidence) q.meanConfidenceByArm = src.q("confidenceMean1h");
  if (c.features.drift) q.drift = src.q("scoreKs1h");
  if (c.features.business) {
    q.business = {
      netValue: src.q("businessNet"),
      revenueLift: src.q("businessRevenueLift"),
      costImpact: src.q("businessCostImpact"),
      riskReduction: src.q("businessRiskReduction"),
    };
  }
  if (c.features.forecast) q.forecast = src.q("revenueForecast");
  return q;
}
