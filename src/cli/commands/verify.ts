// `abwatch verify`: the generated files proven live. Every scenario of every experiment runs at once
// against a real engine and a real Alertmanager, time-compressed; prints a scenario × alert matrix;
// exit 1 naming every mismatch, 2 when an engine is missing or a port cannot be bound.
import { Command, Option } from "commander";
import { resolve } from "node:path";
import { formatProblem } from "../../model/problem.ts";
import { EXIT, UsageError, type ExitCode } from "../errors.ts";
import type { Io } from "../io.ts";

export interface VerifyCommandOptions {
  engine: string;
  timeScale: string;
  experiments: string;
  generated: string;
  only?: string;
  rps: string;
  seed: string;
  timeout: string;
}

const ENGINES = ["prometheus", "victoriametrics"] as const;

function positive(name: string, text: string, integer = false): number {
  const n = Number(text);
  if (!Number.isFinite(n) || n <= 0 || (integer && !Number.isInteger(n))) {
    throw new UsageError(`--${name} expects a positive ${integer ? "integer" : "number"}, got ${JSON.stringify(text)}`);
  }
  return n;
}

export async function verify(opts: VerifyCommandOptions, io: Io): Promise<ExitCode> {
  if (!(ENGINES as readonly string[]).includes(opts.engine)) {
    throw new UsageError(`--engine expects one of ${ENGINES.join(", ")}, got ${JSON.stringify(opts.engine)}`);
  }
  const factor = positive("time-scale", opts.timeScale);
  const rps = positive("rps", opts.rps);
  const seed = positive("seed", opts.seed, true);
  const budget = positive("timeout", opts.timeout);
  const [{ loadExperiments }, { runVerify, InterruptedError }, { renderMatrix }, { Supervisor, EnvironmentError, VerifyError }, { verifyRuntime }, { alertContext, alertsFor }] =
    await Promise.all([
      import("../../load/index.ts"),
      import("../../verify/run.ts"),
      import("../../verify/matrix.ts"),
      import("../../verify/supervisor.ts"),
      import("../../verify/runtime.ts"),
      import("../../compile/alerts/index.ts"),
    ]);
  const { experiments, problems } = await loadExperiments(opts.experiments, io.cwd);
  for (const p of problems) io.err(`${formatProblem(p)}\n`);
  if (problems.some((p) => p.severity === "error")) return EXIT.usage;
  const exps = experiments.map((e) => e.experiment);
  let only: string[] | undefined;
  if (opts.only !== undefined) {
    only = opts.only.split(",").map((s) => s.trim()).filter((s) => s !== "");
    const known = new Set(exps.flatMap((e) => alertsFor(alertContext(e)).map((a) => a.name as string)));
    const unknown = only.filter((a) => !known.has(a));
    if (unknown.length > 0 || only.length === 0) {
      throw new UsageError(`--only names no alert of these experiments: ${unknown.join(", ") || "(empty)"}; expected some of ${[...known].join(", ")}`);
    }
  }

  const sup = new Supervisor();
  let interrupted = false;
  const controller = new AbortController();
  // Ctrl-C or SIGTERM: stop everything now; the run notices and ends with "interrupted".
  let finished = false;
  void io.untilStopped?.().then(() => {
    if (finished) return;
    interrupted = true;
    controller.abort();
    void sup.close();
  });
  try {
    io.err(`verify: ${exps.length} experiment${exps.length === 1 ? "" : "s"} on ${opts.engine}, time compressed ${factor}×\n`);
    const report = await runVerify(
      exps,
      {
        engine: opts.engine as (typeof ENGINES)[number],
        factor,
        rps,
        seed,
        budget,
        generatedDir: resolve(io.cwd, opts.generated),
        now: Date.now(),
        signal: controller.signal,
        progress: (line) => io.err(`${line}\n`),
        ...(only !== undefined ? { only } : {}),
      },
      verifyRuntime,
      sup,
    );
    io.out(renderMatrix(report, report.alertsByExperiment));
    if (report.mismatches.length > 0) {
      io.out(`\n${report.mismatches.length} mismatch${report.mismatches.length === 1 ? "" : "es"}:\n${report.mismatches.map((m) => `  ${m}\n`).join("")}`);
      io.err(`verify failed on ${report.engine} after ${Math.round(report.wallSeconds)}s\n`);
      return EXIT.failed;
    }
    io.err(`verify passed on ${report.engine} in ${Math.round(report.wallSeconds)}s\n`);
    return EXIT.ok;
  } catch (e) {
    if (interrupted || e instanceof InterruptedError) {
      io.err("verify: interrupted; every process and temp directory was removed\n");
      return EXIT.interrupted;
    }
    if (e instanceof EnvironmentError) {
      io.err(`verify: ${e.message}\n`);
      return EXIT.usage;
    }
    if (e instanceof VerifyError) {
      io.err(`verify failed: ${e.message}\n`);
      return EXIT.failed;
    }
    throw e;
  } finally {
    finished = true;
    await sup.close();
  }
}

export function verifyCommand(io: Io, done: (code: ExitCode) => void): Command {
  return new Command("verify")
    .description("prove the generated rules, routing and dashboards live on a real engine and Alertmanager")
    .addOption(new Option("--engine <name>", "rule engine").choices([...ENGINES]).default("prometheus"))
    .option("--time-scale <F>", "divide every duration (windows, for, intervals, Alertmanager timers) by F", "60")
    .option("--experiments <dir>", "directory of experiment files", "experiments")
    .option("--generated <dir>", "the generated files to verify", "generated")
    .option("--only <alerts>", "only the scenarios of these alerts (comma-separated), and healthy")
    .option("--rps <n>", "requests per second of each scenario instance", "200")
    .option("--seed <n>", "seed of the simulated traffic", "1")
    .option("--timeout <seconds>", "give up after this many seconds", "300")
    .action(async (opts: VerifyCommandOptions) => done(await verify(opts, io)));
}
