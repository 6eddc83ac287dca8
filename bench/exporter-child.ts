// The exporter process of bench/exporter.ts: the spec's experiment, served on a free port, driven
// by the simulator at the rate the parent asks. It answers the parent over IPC: "sent" (counts so
// far), "stop" (stop driving, then the final counts), "exit".
import { fileURLToPath } from "node:url";
import { createExperimentMetrics, serveMetrics } from "../src/exporter/index.ts";
import { alertContext } from "../src/compile/alerts/index.ts";
import { loadExperiments } from "../src/load/index.ts";
import { drive } from "../src/simulator/index.ts";
import { healthyTraffic } from "../src/traffic/profile.ts";

const REPO = fileURLToPath(new URL("..", import.meta.url));
const rps = Number(process.argv[2]);
const { experiments } = await loadExperiments("experiments", REPO);
const exp = experiments.find((e) => e.experiment.id === "baseline-vs-enhanced")!.experiment;
const metrics = createExperimentMetrics(exp);
const traffic = healthyTraffic(exp, alertContext(exp).c);
const server = await serveMetrics({ host: "127.0.0.1", port: 0, registries: () => [metrics.registry] });
const driver = drive({ sink: () => metrics, traffic: () => traffic, rps, seed: 1 });

const send = (m: unknown) => process.send!(m);
process.on("message", async (m: string) => {
  if (m === "sent") send({ type: "sent", at: performance.now(), sent: driver.sent(), cpu: process.cpuUsage() });
  if (m === "stop") {
    await driver.stop();
    send({ type: "stopped", sent: driver.sent() });
  }
  if (m === "exit") {
    await server.close();
    process.disconnect();
  }
});
send({ type: "ready", url: server.url });
