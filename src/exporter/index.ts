// The reference exporter: what a service embeds (createExperimentMetrics) and serves (serveMetrics).
export { ExporterInputError } from "./errors.ts";
export { DEFAULT_ACCURACY_WINDOW, createExperimentMetrics } from "./metrics.ts";
export type { BusinessKey, BusinessValues, ExperimentMetrics, ExperimentMetricsOptions, RequestRecord } from "./metrics.ts";
export { ExpositionConflictError, exposition } from "./exposition.ts";
export { ListenError, serveMetrics } from "./serve.ts";
export type { MetricsServer, ServeOptions } from "./serve.ts";
