// Synthetic experiments for benchmarks: the bundled example's shape, varied per index.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { ExperimentInput } from "../src/model/schema.ts";

export const BENCH_RUNBOOKS = "https://wiki.bench.example/runbooks";

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
    // Real addresses, as a team at this scale would set them (placeholders get a warning each).
    metrics: { endpoint: `http://bench-${i}.svc:8002/metrics` },
    runbooks: { baseUrl: BENCH_RUNBOOKS },
    grafana: { url: "https://grafana.bench.example" },
    prometheus: { url: "https://prometheus.bench.example" },
  };
}

export function syntheticExperimentSource(i: number): string {
  return `import { defineExperiment } from "abwatch";\n\nexport default defineExperiment(${JSON.stringify(syntheticExperiment(i), null, 2)});\n`;
}

export function writeSyntheticExperiments(dir: string, n: number): void {
  mkdirSync(dir, { recursive: true });
  for (let i = 0; i < n; i++) writeFileSync(join(dir, `bench-${i}.ts`), syntheticExperimentSource(i));
}
