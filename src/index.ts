// The public surface: what experiment files import as `from "abwatch"`.
export { defineExperiment } from "./model/define.ts";
export type { ExperimentInput, Experiment, Arm, Receiver } from "./model/schema.ts";
export {
  createExperimentMetrics,
  serveMetrics,
  ExporterInputError,
  DEFAULT_ACCURACY_WINDOW,
} from "./exporter/index.ts";
export type { RequestRecord, BusinessValues, ExperimentMetrics, ExperimentMetricsOptions, MetricsServer } from "./exporter/index.ts";
export type { Registry } from "prom-client";
export { defineConfig } from "./config/define.ts";
export type { AbwatchConfig } from "./config/define.ts";
