// verify's runtime: the reference exporter and the simulator, as the run drives them. Traffic is
// sampled evenly (see src/simulator/random.ts): time compression divides every window's counts by
// the factor, and i.i.d. draws would put that much more noise into each window than live traffic has.
import { createExperimentMetrics, serveMetrics, type ExperimentMetrics } from "../exporter/index.ts";
import { drive, scenariosFor } from "../simulator/index.ts";
import type { Runtime } from "./run.ts";

export const verifyRuntime: Runtime<ExperimentMetrics> = {
  scenariosFor: (exp) =>
    scenariosFor(exp).map((s) => ({
      name: s.name,
      ...(s.alert !== undefined ? { alert: s.alert } : { alerts: s.faults }),
      traffic: s.traffic,
    })),
  createMetrics: (exp) => createExperimentMetrics(exp),
  serve: (registries, port) => serveMetrics({ host: "127.0.0.1", port, registries }),
  drive: (o) =>
    drive({ sink: o.sink, traffic: o.traffic, rps: o.rps, seed: o.seed, sampling: "even" }),
};
