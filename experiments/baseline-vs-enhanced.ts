// The specification's experiment: the baseline model keeps 70 % of traffic while the enhanced
// model takes 30 %, with the spec's thresholds, business model and routing.
import { defineExperiment } from "abwatch";

export default defineExperiment({
  id: "baseline-vs-enhanced",
  title: "Baseline vs enhanced recommendation model",
  description:
    "Does the enhanced model's +3.6 point accuracy pay for its extra latency? " +
    "Net business value is revenue lift minus cost impact plus risk reduction.",
  owner: { team: "ml-platform", contact: "#ml-platform" },
  arms: [
    { name: "baseline", weight: 0.7, control: true, description: "current production model" },
    { name: "enhanced", weight: 0.3, description: "candidate with richer features" },
  ],
  splitTolerance: 0.05,
  schedule: { start: "2026-11-01", end: "2026-12-31" },
  thresholds: {
    accuracy: { green: 80, yellow: 70, warning: 75, critical: 50 },
    errorRatio: 0.05,
    latencyP95Seconds: 0.2,
    drift: 0.3,
    confidence: 0.7,
  },
  business: {
    dailyRequests: 50_000,
    revenuePerPrediction: 2.5,
    currency: "USD",
    components: { revenueLift: 1.8, costImpact: 1.9, riskReduction: 4.0 },
  },
  runbooks: { baseUrl: "https://github.com/acme/ml-monitoring/blob/main/generated/runbooks" },
  grafana: { url: "https://grafana.acme.example", folder: "A/B tests", tags: ["abwatch", "ab-test", "recommendations"] },
});
