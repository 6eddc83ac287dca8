// `abwatch simulate`: a scenario in virtual time, written as OpenMetrics with timestamps, to load
// with `promtool tsdb create-blocks-from openmetrics` (history for a Prometheus, a demo, a test).
// Live, real-time traffic is what `abwatch exporter --scenario NAME` serves.
import { Command } from "commander";
import { open, rename, rm } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { displayPath } from "../../load/files.ts";
import { EXIT, UsageError, type ExitCode } from "../errors.ts";
import type { Io } from "../io.ts";
import { intFlag, loadForScenario, numberFlag, parseFlags } from "./scenario.ts";

const FORMATS = ["openmetrics"] as const;

/** RFC 3339 / ISO 8601 time, or seconds since the epoch. */
function parseStart(text: string): number {
  const ms = /^\d+(\.\d+)?$/.test(text) ? Number(text) * 1000 : Date.parse(text);
  if (!Number.isFinite(ms)) throw new UsageError(`--start: expected a time like 2026-11-30T12:00:00Z or seconds since 1970, got "${text}"`);
  return ms;
}

/** Writes beside the target, then renames: a failed run leaves no half-written file. */
async function writeAtomically(file: string, chunks: Iterable<string>): Promise<void> {
  const temp = `${file}.tmp-${process.pid}`;
  const handle = await open(temp, "w");
  try {
    for (const chunk of chunks) await handle.write(chunk);
    await handle.close();
    await rename(temp, file);
  } catch (e) {
    await handle.close().catch(() => undefined);
    await rm(temp, { force: true });
    throw e;
  }
}

export async function simulate(raw: unknown, io: Io): Promise<ExitCode> {
  const [{ z }, sim, { alertContext }, { healthyTraffic, TOTAL_REQUESTS_PER_MINUTE }] = await Promise.all([
    import("zod"),
    import("../../simulator/index.ts"),
    import("../../compile/alerts/index.ts"),
    import("../../traffic/profile.ts"),
  ]);
  const opts = parseFlags(
    z
      .object({
        experiments: z.string().min(1, { error: "--experiments needs a directory" }),
        experiment: z.string().min(1, { error: "--experiment needs an experiment id" }).optional(),
        scenario: z.string().min(1, { error: "--scenario needs a scenario name" }),
        format: z.enum(FORMATS, { error: `--format must be one of ${FORMATS.join(", ")}` }),
        minutes: intFlag(z, "--minutes", 1, sim.MAX_MINUTES),
        faultAt: intFlag(z, "--fault-at", 0, sim.MAX_MINUTES),
        faultEnd: intFlag(z, "--fault-end", 1, sim.MAX_MINUTES).optional(),
        step: intFlag(z, "--step", 1, 3600),
        rps: numberFlag(z, "--rps", 0, sim.MAX_RPS).optional(),
        seed: intFlag(z, "--seed", 0, 2 ** 31 - 1),
        start: z.string().optional(),
        out: z.string().min(1, { error: "--out needs a file name" }).optional(),
        list: z.boolean().optional(),
      })
      .refine((o) => o.faultAt < o.minutes, { error: "--fault-at must be before the end (--minutes)" })
      .refine((o) => o.faultEnd === undefined || o.faultEnd > o.faultAt, { error: "--fault-end must be after --fault-at" }),
    raw,
  );
  const loaded = await loadForScenario(opts.experiments, opts.list ? "healthy" : opts.scenario, io);
  if (loaded === undefined) return EXIT.usage;
  let chosen = loaded;
  if (opts.experiment !== undefined) {
    chosen = loaded.filter((c) => c.experiment.id === opts.experiment);
    if (chosen.length === 0) {
      throw new UsageError(`--experiment: no experiment "${opts.experiment}"; expected one of ${loaded.map((c) => c.experiment.id).join(", ")}`);
    }
    if (chosen[0]!.scenario === undefined) {
      const names = sim.scenariosFor(chosen[0]!.experiment).map((s) => s.name);
      throw new UsageError(`--scenario: ${opts.experiment} has no scenario "${opts.scenario}"; expected one of ${names.join(", ")}`);
    }
  }

  if (opts.list) {
    for (const { experiment } of chosen) {
      io.out(`${experiment.id}:\n`);
      for (const s of sim.scenariosFor(experiment)) io.out(`  ${s.name.padEnd(24)} ${s.description}\n`);
    }
    return EXIT.ok;
  }

  const rps = opts.rps ?? TOTAL_REQUESTS_PER_MINUTE / 60;
  const startMs = opts.start !== undefined ? parseStart(opts.start) : Math.floor((Date.now() - opts.minutes * 60_000) / 60_000) * 60_000;
  const runs = chosen.map(({ experiment, scenario, healthy }) => {
    const ctx = alertContext(experiment);
    const h = healthyTraffic(experiment, ctx.c);
    const fault = (scenario ?? healthy).traffic(h, ctx);
    const phases = [{ from: 0, traffic: h }, { from: opts.faultAt, traffic: fault }];
    if (opts.faultEnd !== undefined && opts.faultEnd < opts.minutes) phases.push({ from: opts.faultEnd, traffic: h });
    // The fault from minute 0 replaces the healthy start.
    return { experiment, phases: opts.faultAt === 0 ? phases.slice(1) : phases };
  });
  const result = await sim.simulateVirtual(runs, { minutes: opts.minutes, stepSeconds: opts.step, seed: opts.seed, rps, startMs });
  const series = [...result.families.values()].reduce((n, f) => n + f.size, 0);
  const summary = `${result.samples} samples of ${series} series, ${opts.minutes} minutes from ${new Date(startMs).toISOString()}`;
  if (opts.out === undefined) {
    for (const chunk of sim.openMetrics(result.families)) io.out(chunk);
    io.err(`abwatch simulate: ${summary}\n`);
  } else {
    const file = resolve(io.cwd, opts.out);
    try {
      await writeAtomically(file, sim.openMetrics(result.families));
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === "ENOENT" || code === "EACCES" || code === "EISDIR" || code === "ENOTDIR") {
        throw new UsageError(`--out: cannot write ${displayPath(file, io.cwd)} (${code}${code === "ENOENT" ? `: does ${displayPath(dirname(file), io.cwd)}/ exist?` : ""})`);
      }
      throw e;
    }
    const shown = displayPath(file, io.cwd);
    io.out(`wrote ${shown}: ${summary}\nload it with: promtool tsdb create-blocks-from openmetrics ${shown} DATA_DIR\n`);
  }
  return EXIT.ok;
}

export function simulateCommand(io: Io, done: (code: ExitCode) => void): Command {
  return new Command("simulate")
    .description("write a scenario's metrics in virtual time (OpenMetrics with timestamps, for promtool tsdb create-blocks-from); live traffic: `abwatch exporter`")
    .option("--experiments <dir>", "directory of experiment files", "experiments")
    .option("--experiment <id>", "only this experiment (default: all)")
    .option("--scenario <name>", "healthy, an alert's name (its fault), or critical-and-warning", "healthy")
    .option("--format <format>", `output format: ${FORMATS.join(", ")}`, "openmetrics")
    .option("--minutes <n>", "virtual minutes to simulate", "60")
    .option("--fault-at <minute>", "minute the scenario starts (healthy before)", "0")
    .option("--fault-end <minute>", "minute the scenario ends (healthy after)")
    .option("--step <seconds>", "virtual seconds between samples (the scrape interval)", "15")
    .option("--rps <n>", "requests per second per experiment (default: the healthy profile's 41.67)")
    .option("--seed <n>", "seed of the simulated traffic", "1")
    .option("--start <time>", "time of minute 0: RFC 3339 or epoch seconds (default: --minutes ago)")
    .option("--out <file>", "write to this file (default: standard output)")
    .option("--list", "list each experiment's scenarios and what they change")
    .action(async (opts: Record<string, unknown>) => done(await simulate(opts, io)));
}
