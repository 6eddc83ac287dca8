// The public surface: what experiment files import as `from "abwatch"`.
export { defineExperiment } from "./model/define.ts";
export type { ExperimentInput, Experiment, Arm, Receiver } from "./model/schema.ts";
export { defineConfig } from "./config/define.ts";
export type { AbwatchConfig } from "./config/define.ts";
