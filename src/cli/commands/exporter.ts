// `abwatch exporter`: the reference exporter of every experiment, driven live by the simulator,
// on one /metrics (and /healthz) until SIGINT or SIGTERM.
import { Command } from "commander";
import { EXIT, UsageError, type ExitCode } from "../errors.ts";
import type { Io } from "../io.ts";
import { intFlag, loadForScenario, numberFlag, parseFlags } from "./scenario.ts";

export async function exporter(raw: unknown, io: Io): Promise<ExitCode> {
  const [{ z }, exp, sim, { alertContext }, { healthyTraffic, TOTAL_REQUESTS_PER_MINUTE }] = await Promise.all([
    import("zod"),
    import("../../exporter/index.ts"),
    import("../../simulator/index.ts"),
    import("../../compile/alerts/index.ts"),
    import("../../traffic/profile.ts"),
  ]);
  const opts = parseFlags(
    z.object({
      port: intFlag(z, "--port", 0, 65535),
      host: z.string().min(1, { error: "--host needs a host name or address" }),
      experiments: z.string().min(1, { error: "--experiments needs a directory" }),
      scenario: z.string().min(1, { error: "--scenario needs a scenario name" }),
      rps: numberFlag(z, "--rps", 0, sim.MAX_RPS).optional(),
      seed: intFlag(z, "--seed", 0, 2 ** 31 - 1),
    }),
    raw,
  );
  if (io.untilStopped === undefined) throw new Error("exporter needs a way to wait for SIGINT/SIGTERM (Io.untilStopped)");
  // Listening from the start: a signal while the experiments load still ends the command cleanly.
  const stopped = io.untilStopped();
  const chosen = await loadForScenario(opts.experiments, opts.scenario, io);
  if (chosen === undefined) return EXIT.usage;

  const rps = opts.rps ?? TOTAL_REQUESTS_PER_MINUTE / 60;
  const runs = chosen.map(({ experiment, scenario, healthy }, i) => {
    const ctx = alertContext(experiment);
    const traffic = (scenario ?? healthy).traffic(healthyTraffic(experiment, ctx.c), ctx);
    const metrics = exp.createExperimentMetrics(experiment);
    const driver = sim.drive({ sink: () => metrics, traffic: () => traffic, rps, seed: opts.seed + i });
    return { experiment, scenario, metrics, traffic, driver };
  });

  let server;
  try {
    // An experiment whose scenario takes its exporter down is left out of /metrics.
    server = await exp.serveMetrics({ host: opts.host, port: opts.port, registries: () => runs.filter((r) => r.traffic.up).map((r) => r.metrics.registry) });
  } catch (e) {
    await Promise.all(runs.map((r) => r.driver.stop()));
    if (e instanceof exp.ListenError) throw new UsageError(`--port/--host: ${e.message}`);
    throw e;
  }
  io.out(`abwatch exporter: serving ${server.url} (and /healthz) at ${Number(rps.toFixed(2))} requests/s per experiment, seed ${opts.seed}\n`);
  for (const r of runs) {
    const what = r.scenario === undefined ? `healthy (it has no ${opts.scenario} scenario)` : `${r.scenario.name}: ${r.scenario.description}`;
    io.out(`  ${r.experiment.id}: ${what}\n`);
  }
  io.out("Ctrl-C or SIGTERM stops it.\n");

  const signal = await stopped;
  await Promise.all(runs.map((r) => r.driver.stop()));
  await server.close();
  for (const r of runs) {
    const s = r.driver.sent();
    const sent = Object.values(s.total).reduce((n, a) => n + a.requests, 0);
    const failed = s.failures > 0 ? `, ${s.failures} ticks failed (last: ${s.lastFailure})` : "";
    io.out(`  ${r.experiment.id}: sent ${sent} requests${failed}\n`);
  }
  io.out(`abwatch exporter: stopped on ${signal}\n`);
  return EXIT.ok;
}

export function exporterCommand(io: Io, done: (code: ExitCode) => void): Command {
  return new Command("exporter")
    .description("serve the reference exporter's /metrics for every experiment, driven live by the simulator")
    .option("--port <port>", "TCP port (0: any free port)", "8002")
    .option("--host <host>", "address to listen on", "127.0.0.1")
    .option("--experiments <dir>", "directory of experiment files", "experiments")
    .option("--scenario <name>", "healthy, an alert's name (its fault), or critical-and-warning", "healthy")
    .option("--rps <n>", "requests per second per experiment (default: the healthy profile's 41.67)")
    .option("--seed <n>", "seed of the simulated traffic", "1")
    .action(async (opts: Record<string, unknown>) => done(await exporter(opts, io)));
}
