// Which panels an experiment's dashboard has: the dashboard builds exactly these, and runbooks
// link only to these, so an on-call engineer is never sent to a panel that does not exist.
import type { MetricContract } from "../../model/contract.ts";
import type { PanelKey } from "../../model/conventions.ts";

export function panelsFor(c: MetricContract): ReadonlySet<PanelKey> {
  const f = c.features;
  const panels: PanelKey[] = [
    "rowOverview",
    "about",
    "trafficDistribution",
    "splitDeviation",
    "modelAccuracy",
    "accuracyDifference",
    "sampleRatioMismatch",
    "rowLatency",
    "responseTime",
    "requestRate",
    "errorRatio",
  ];
  if (f.significance) panels.splice(panels.indexOf("rowLatency"), 0, "accuracySequential");
  if (f.drift || f.confidence) panels.push("rowQuality");
  if (f.drift) panels.push("predictionDrift");
  if (f.confidence) panels.push("meanConfidence");
  if (f.business || f.forecast) panels.push("rowBusiness");
  if (f.business) panels.push("businessImpact");
  if (f.forecast) panels.push("businessForecast");
  return new Set(panels);
}
