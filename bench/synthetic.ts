// Synthetic experiments for benchmarks: the bundled example's shape, varied per index.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { ExperimentInput } from "../src/model/schema.ts";

export function syntheticExperiment(i: number): ExperimentInput {
  const control = Number((0.5 + (i % 4) * 0.1).toFixed(1));
  return {
    id: `bench-${i}`,
    title: `Benchmark experiment ${i}`,
    owner: { team: `team-${i % 17}` },
    arms: [
      { name: "baseline", weight: control, control: true },
      { name: "enhanced", weight: Number((1 - control).toFixed(1)) },
    ],
    business: { dailyRequests: 10_000 + i, revenuePerPrediction: 2.5 },
  };
}

export function syntheticExperimentSource(i: number): string {
  return `import { defineExperiment } from "abwatch";\n\nexport default defineExperiment(${JSON.stringify(syntheticExperiment(i), null, 2)});\n`;
}

export function writeSyntheticExperiments(dir: string, n: number): void {
  mkdirSync(dir, { recursive: true });
  for (let i = 0; i < n; i++) writeFileSync(join(dir, `bench-${i}.ts`), syntheticExperimentSource(i));
}
