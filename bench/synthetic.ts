// Synthetic experiment files for benchmarks: the bundled example's shape, varied per index.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

export function syntheticExperimentSource(i: number): string {
  const control = 0.5 + (i % 4) * 0.1;
  return `import { defineExperiment } from "abwatch";

export default defineExperiment({
  id: "bench-${i}",
  title: "Benchmark experiment ${i}",
  owner: { team: "team-${i % 17}" },
  arms: [
    { name: "baseline", weight: ${control.toFixed(1)}, control: true },
    { name: "enhanced", weight: ${(1 - control).toFixed(1)} },
  ],
  business: { dailyRequests: ${10_000 + i}, revenuePerPrediction: 2.5 },
});
`;
}

export function writeSyntheticExperiments(dir: string, n: number): void {
  mkdirSync(dir, { recursive: true });
  for (let i = 0; i < n; i++) writeFileSync(join(dir, `bench-${i}.ts`), syntheticExperimentSource(i));
}
