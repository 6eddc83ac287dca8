// `defineExperiment` only gives editors the types: validation happens when abwatch loads the
// file, so every problem of every file is reported at once with its field path.
import type { ExperimentInput } from "./schema.ts";

export function defineExperiment<const T extends ExperimentInput>(experiment: T): T {
  return experiment;
}
