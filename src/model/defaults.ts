// Defaults taken from the source specification (../shared/spec) and the pinned metric contract.
// Kept as plain data so the schema, the README and the tests read the same numbers.

export const DEFAULT_METRIC_NAMES = {
  requests: "ab_test_requests_total",
  responseTime: "ab_test_response_time_seconds",
  accuracy: "ab_test_model_accuracy",
  predictionsEvaluated: "ab_test_predictions_evaluated_total",
  predictionScore: "ab_test_prediction_score",
  confidence: "ab_test_model_confidence",
  businessImpact: "ab_test_business_impact",
} as const;

export const DEFAULT_LABEL_NAMES = {
  experiment: "experiment",
  model: "model_name",
  status: "status",
  outcome: "outcome",
  metricType: "metric_type",
} as const;

export const DEFAULT_LABEL_VALUES = {
  success: "success",
  error: "error",
  correct: "correct",
  incorrect: "incorrect",
  revenueLift: "revenue_lift",
  costImpact: "cost_impact",
  riskReduction: "risk_reduction",
  netBusinessValue: "net_business_value",
} as const;

// Latency buckets bracket the spec's healthy range (45-80 ms, p95 79/109 ms) and put an edge on
// the 200 ms alert threshold: histogram_quantile interpolates inside a bucket.
export const DEFAULT_BUCKETS = {
  responseTime: [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.125, 0.15, 0.2, 0.3, 0.5, 1, 2.5],
  predictionScore: [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1],
  confidence: [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1],
} as const;

export const DEFAULT_THRESHOLDS = {
  // Stat colours: red below `yellow`, yellow below `green`, green from `green` (percent).
  accuracy: { green: 80, yellow: 70, warning: 75, critical: 50 },
  errorRatio: 0.05,
  latencyP95Seconds: 0.2,
  drift: 0.3,
  confidence: 0.7,
  // At most a 5 % chance that a statistical alert (sample-ratio mismatch, accuracy regression)
  // ever fires falsely during the experiment, however long it runs and however often it is checked.
  alpha: 0.05,
  // Minimum traffic before an alert may page: per-arm request rate, and samples in the 1h window
  // (for the sequential tests: labelled predictions per arm, or requests, since the start).
  minRequestsPerSecond: 0.05,
  minSamples: 1000,
} as const;

export const DEFAULT_SPLIT_TOLERANCE = 0.05;

export const DEFAULT_GRAFANA = {
  datasource: "prometheus",
  folder: "A/B tests",
  tags: ["abwatch", "ab-test"],
  refresh: "30s",
  timeFrom: "now-6h",
  // The spec's troubleshooting reaches Grafana with `kubectl port-forward svc/grafana 3000:3000`.
  url: "http://localhost:3000",
} as const;

export const DEFAULT_RUNBOOK_BASE_URL = "https://github.com/your-org/your-repo/blob/main/generated/runbooks";

// The spec's troubleshooting guide reaches the service's metrics and Prometheus at these addresses.
export const DEFAULT_METRICS_ENDPOINT = "http://localhost:8002/metrics";
export const DEFAULT_PROMETHEUS_URL = "http://prometheus:9090";

/**
 * Defaults that only make sense on the spec's own setup: links and commands built on them lead
 * nowhere in a real deployment. `generate` warns about them; `validate --strict` refuses them.
 */
export const PLACEHOLDER_URLS: Readonly<Record<string, string>> = {
  "runbooks.baseUrl": DEFAULT_RUNBOOK_BASE_URL,
  "grafana.url": DEFAULT_GRAFANA.url,
  "prometheus.url": DEFAULT_PROMETHEUS_URL,
  "metrics.endpoint": DEFAULT_METRICS_ENDPOINT,
};

export const DEFAULT_ROUTING = {
  critical: {
    name: "pagerduty-critical",
    pagerduty: { routingKeyFile: "/etc/alertmanager/secrets/pagerduty-routing-key" },
  },
  warning: {
    name: "slack-warnings",
    slack: { apiUrlFile: "/etc/alertmanager/secrets/slack-webhook-url", channel: "#ml-alerts" },
  },
  drift: {
    name: "data-science",
    slack: { apiUrlFile: "/etc/alertmanager/secrets/slack-webhook-url", channel: "#data-science" },
  },
} as const;
