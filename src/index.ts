// The public surface: what experiment files import as `from "abwatch"`.
export { defineExperiment } from "./model/define.ts";
export type { ExperimentInput, Experiment, Arm, Receiver } from "./model/schema.ts";
