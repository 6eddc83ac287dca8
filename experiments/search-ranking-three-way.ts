// Three arms against one control, on a service with its own metric and label names: it exports
// `variant` instead of `model_name`, scopes experiments with `exp`, and has no business metric.
import { defineExperiment } from "abwatch";

export default defineExperiment({
  id: "search-ranking-three-way",
  title: "Search ranking: BM25 control vs two neural rerankers",
  owner: { team: "search-relevance", contact: "search-oncall@acme.example" },
  arms: [
    { name: "bm25", weight: 0.5, control: true },
    { name: "bert-rerank", weight: 0.25 },
    { name: "llm-rerank", weight: 0.25 },
  ],
  splitTolerance: 0.03,
  metrics: {
    names: {
      requests: "search_ranker_requests_total",
      responseTime: "search_ranker_latency_seconds",
      accuracy: "search_ranker_ndcg_percent",
      predictionsEvaluated: "search_ranker_judged_total",
      predictionScore: "search_ranker_relevance_score",
      confidence: "search_ranker_confidence",
      businessImpact: false,
    },
    labels: { experiment: "exp", model: "variant", status: "result", outcome: "judgement" },
    values: { success: "ok", error: "failed", correct: "relevant", incorrect: "irrelevant" },
    scope: { exp: "ranking-q4", service: "search" },
    buckets: { responseTime: [0.025, 0.05, 0.1, 0.15, 0.25, 0.4, 0.6, 1, 2] },
  },
  thresholds: {
    accuracy: { green: 70, yellow: 60, warning: 62, critical: 40 },
    errorRatio: 0.02,
    latencyP95Seconds: 0.4,
    drift: 0.25,
  },
  runbooks: { baseUrl: "https://wiki.acme.example/search/runbooks" },
  routing: {
    critical: { name: "pagerduty-search", pagerduty: { routingKeyFile: "/etc/alertmanager/secrets/pagerduty-search" } },
    warning: { name: "slack-search", slack: { apiUrlFile: "/etc/alertmanager/secrets/slack-webhook-url", channel: "#search-alerts" } },
  },
  grafana: { url: "https://grafana.acme.example", folder: "Search", tags: ["abwatch", "search"], refresh: "1m" },
});
