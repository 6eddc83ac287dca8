// Findings of `validate --strict` on test/fixtures/real-world that were read by hand (a sample of
// every ninth alerts/template-labels finding, and every finding of the other checks), with the
// verdict. bench/validate.ts reports the precision of each check from this list, and fails when a
// sampled finding disappears, so the list cannot silently go stale. Add a verdict here when a
// check changes what it reports.
export interface SampledFinding {
  /** Path under test/fixtures/real-world. */
  file: string;
  /** The rule's alert or record name. */
  rule: string;
  check: string;
  /** True when the finding is a real bug (the rule gives a wrong or empty result). */
  real: boolean;
  note: string;
}

export const SAMPLE: readonly SampledFinding[] = [
  { file: "awesome-prometheus-alerts/cassandra--criteo-cassandra-exporter.yml", rule: "CassandraNodeDown", check: "alerts/template-labels", real: true, note: "read: the label is not in the expression's result, so the notification shows it empty" },
  { file: "awesome-prometheus-alerts/cilium--embedded-exporter.yml", rule: "CiliumAgentEndpointRegenerationFailures", check: "alerts/template-labels", real: true, note: "read: the label is not in the expression's result, so the notification shows it empty" },
  { file: "awesome-prometheus-alerts/cilium--embedded-exporter.yml", rule: "CiliumAgentPolicyMapPressure", check: "alerts/template-labels", real: true, note: "read: the label is not in the expression's result, so the notification shows it empty" },
  { file: "awesome-prometheus-alerts/cilium--embedded-exporter.yml", rule: "CiliumAgentKubernetesClientErrors", check: "alerts/template-labels", real: true, note: "read: the label is not in the expression's result, so the notification shows it empty" },
  { file: "awesome-prometheus-alerts/cloudflare--lablabs-cloudflare-exporter.yml", rule: "CloudflareHttp5xxErrorRate", check: "alerts/template-labels", real: true, note: "read: the label is not in the expression's result, so the notification shows it empty" },
  { file: "awesome-prometheus-alerts/etcd--embedded-exporter.yml", rule: "EtcdInsufficientMembers", check: "alerts/template-labels", real: true, note: "read: the label is not in the expression's result, so the notification shows it empty" },
  { file: "awesome-prometheus-alerts/gitlab-ci--gitaly.yml", rule: "GitlabGitalyResourceExhausted", check: "alerts/template-labels", real: true, note: "read: the label is not in the expression's result, so the notification shows it empty" },
  { file: "awesome-prometheus-alerts/gitlab-ci--gitlab-built-in-exporter.yml", rule: "GitlabSidekiqHighJobCompletionTime", check: "alerts/template-labels", real: true, note: "read: the label is not in the expression's result, so the notification shows it empty" },
  { file: "awesome-prometheus-alerts/gitlab-ci--workhorse.yml", rule: "GitlabWorkhorseHighLatency", check: "alerts/template-labels", real: true, note: "read: the label is not in the expression's result, so the notification shows it empty" },
  { file: "awesome-prometheus-alerts/grafana-mimir--embedded-exporter.yml", rule: "MimirIngestedDataTooFarInTheFuture", check: "alerts/template-labels", real: true, note: "read: the label is not in the expression's result, so the notification shows it empty" },
  { file: "awesome-prometheus-alerts/grafana-tempo--embedded-exporter.yml", rule: "TempoMetricsGeneratorUnhealthy", check: "alerts/template-labels", real: true, note: "read: the label is not in the expression's result, so the notification shows it empty" },
  { file: "awesome-prometheus-alerts/grafana-tempo--embedded-exporter.yml", rule: "TempoDistributorUsageTrackerErrors", check: "alerts/template-labels", real: true, note: "read: the label is not in the expression's result, so the notification shows it empty" },
  { file: "awesome-prometheus-alerts/haproxy--embedded-exporter-v2.yml", rule: "HaproxyServerResponseErrors", check: "alerts/template-labels", real: true, note: "read: the label is not in the expression's result, so the notification shows it empty" },
  { file: "awesome-prometheus-alerts/haproxy--haproxy-exporter-v1.yml", rule: "HaproxyHighHttp5xxErrorRateServer(v1)", check: "alerts/template-labels", real: true, note: "read: the label is not in the expression's result, so the notification shows it empty" },
  { file: "awesome-prometheus-alerts/hashicorp-vault--embedded-exporter.yml", rule: "VaultTooManyPendingTokens", check: "alerts/template-labels", real: true, note: "read: the label is not in the expression's result, so the notification shows it empty" },
  { file: "awesome-prometheus-alerts/istio--embedded-exporter.yml", rule: "IstioHigh5xxErrorRate", check: "alerts/template-labels", real: true, note: "read: the label is not in the expression's result, so the notification shows it empty" },
  { file: "awesome-prometheus-alerts/keycloak--aerogear-keycloak-metrics-spi.yml", rule: "KeycloakHighRegistrationFailureRate", check: "alerts/template-labels", real: true, note: "read: the label is not in the expression's result, so the notification shows it empty" },
  { file: "awesome-prometheus-alerts/litellm--embedded-exporter.yml", rule: "LitellmProxyFailedRequestsRateHigh", check: "alerts/template-labels", real: true, note: "read: the label is not in the expression's result, so the notification shows it empty" },
  { file: "awesome-prometheus-alerts/nginx--knyar-nginx-exporter.yml", rule: "NginxHighHttp4xxErrorRate", check: "alerts/template-labels", real: true, note: "read: the label is not in the expression's result, so the notification shows it empty" },
  { file: "awesome-prometheus-alerts/prometheus-self-monitoring--embedded-exporter.yml", rule: "PrometheusAlertmanagerConfigNotSynced", check: "alerts/template-labels", real: true, note: "read: the label is not in the expression's result, so the notification shows it empty" },
  { file: "awesome-prometheus-alerts/pulsar--embedded-exporter.yml", rule: "PulsarLargeMessagePayload", check: "alerts/template-labels", real: true, note: "read: the label is not in the expression's result, so the notification shows it empty" },
  { file: "awesome-prometheus-alerts/rabbitmq--rabbitmq-exporter.yml", rule: "RabbitmqTooManyUnackMessages", check: "alerts/template-labels", real: true, note: "read: the label is not in the expression's result, so the notification shows it empty" },
  { file: "awesome-prometheus-alerts/thanos--thanos-compactor.yml", rule: "ThanosCompactorHighCompactionFailures", check: "alerts/template-labels", real: true, note: "read: the label is not in the expression's result, so the notification shows it empty" },
  { file: "awesome-prometheus-alerts/thanos--thanos-query.yml", rule: "ThanosQueryHttpRequestQueryErrorRateHigh", check: "alerts/template-labels", real: true, note: "read: the label is not in the expression's result, so the notification shows it empty" },
  { file: "awesome-prometheus-alerts/thanos--thanos-receiver.yml", rule: "ThanosReceiveHighForwardRequestFailures", check: "alerts/template-labels", real: true, note: "read: the label is not in the expression's result, so the notification shows it empty" },
  { file: "awesome-prometheus-alerts/traefik--embedded-exporter-v1.yml", rule: "TraefikHighHttp5xxErrorRateBackend", check: "alerts/template-labels", real: true, note: "read: the label is not in the expression's result, so the notification shows it empty" },
  { file: "kube-prometheus/alertmanager-prometheusRule.yml", rule: "AlertmanagerClusterDown", check: "alerts/template-labels", real: true, note: "read: the label is not in the expression's result, so the notification shows it empty" },
  { file: "monitoring-mixins/jaeger--alerts.yml", rule: "JaegerCollectorPersistenceSlow", check: "alerts/template-labels", real: true, note: "read: the label is not in the expression's result, so the notification shows it empty" },
  { file: "monitoring-mixins/postgres-exporter--alerts.yml", rule: "PostgreSQLQPS", check: "alerts/template-labels", real: true, note: "read: the label is not in the expression's result, so the notification shows it empty" },
  { file: "victoriametrics/app--vmalert--config--testdata--rules--rules_interval_good.yml", rule: "VMRows", check: "alerts/template-labels", real: true, note: "read: the label is not in the expression's result, so the notification shows it empty" },
  { file: "monitoring-mixins/kafka--alerts.yml", rule: "KafkaZookeeperSyncConnect", check: "promql/rate-counter", real: true, note: "read: rate() of a summary's quantile series, compared `< 0` (rate() is never negative): the alert can never fire" },
  { file: "monitoring-mixins/thanos--alerts.yml", rule: "ThanosBucketReplicateRunLatency", check: "promql/histogram-quantile-le", real: true, note: "read: `sum by (job)` drops `le`; the quantile is NaN, the alert can never fire" },
  { file: "prometheus/cmd--promtool--testdata--prometheus-rules.lint.yml", rule: "HighRequestLatency", check: "rules/duplicate", real: true, note: "read: an identical copy (name, labels, expression) evaluated twice; deliberate in this test data, promtool's duplicate-rules lint flags it too" },
  { file: "prometheus/cmd--promtool--testdata--rules_duplicates.yml", rule: "job:test:count_over_time1m", check: "rules/duplicate", real: true, note: "read: an identical copy (name, labels, expression) evaluated twice; deliberate in this test data, promtool's duplicate-rules lint flags it too" },
  { file: "prometheus/cmd--promtool--testdata--rules_large.yml", rule: "job:http_inprogress_requests:sum:1", check: "rules/duplicate", real: true, note: "read: an identical copy (name, labels, expression) evaluated twice; deliberate in this test data, promtool's duplicate-rules lint flags it too" },
  { file: "prometheus/cmd--promtool--testdata--rules_large.yml", rule: "job:http_inprogress_requests:sum:10000", check: "rules/duplicate", real: true, note: "read: an identical copy (name, labels, expression) evaluated twice; deliberate in this test data, promtool's duplicate-rules lint flags it too" },
  { file: "prometheus/model--rulefmt--testdata--test.yml", rule: "HighErrors", check: "rules/duplicate", real: true, note: "read: an identical copy (name, labels, expression) evaluated twice; deliberate in this test data, promtool's duplicate-rules lint flags it too" },
  { file: "prometheus/model--rulefmt--testdata--test_aliases.yml", rule: "HighAlert", check: "rules/duplicate", real: true, note: "read: an identical copy (name, labels, expression) evaluated twice; deliberate in this test data, promtool's duplicate-rules lint flags it too" },
  { file: "prometheus/model--rulefmt--testdata--test_aliases.yml", rule: "HighAlert2", check: "rules/duplicate", real: true, note: "read: an identical copy (name, labels, expression) evaluated twice; deliberate in this test data, promtool's duplicate-rules lint flags it too" },
  { file: "thanos/examples--alerts--alerts.yml", rule: "ThanosBucketReplicateRunLatency", check: "promql/histogram-quantile-le", real: true, note: "read: `sum by (job)` drops `le`; the quantile is NaN, the alert can never fire" },
  { file: "victoriametrics/app--vmalert--config--testdata--dir--rules1-bad.yml", rule: "alert", check: "rules/duplicate", real: true, note: "read: an identical copy (name, labels, expression) evaluated twice; deliberate in this test data, promtool's duplicate-rules lint flags it too" },
  { file: "victoriametrics/app--vmalert-tool--unittest--testdata--rules.yml", rule: "SameAlertNameWithDifferentGroup", check: "rules/duplicate", real: true, note: "read: an identical copy (name, labels, expression) evaluated twice; deliberate in this test data, promtool's duplicate-rules lint flags it too" },
];
