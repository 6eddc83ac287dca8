// `abwatch generate`: load every experiment, compile, then write generated/ atomically, or with
// --check write nothing and show what would change.
import { Command } from "commander";
import { resolve } from "node:path";
import { displayPath } from "../../load/files.ts";
import { formatProblem } from "../../model/problem.ts";
import { experimentWarnings } from "../../model/warnings.ts";
import { EXIT, type ExitCode } from "../errors.ts";
import type { Io } from "../io.ts";

export interface GenerateOptions {
  experiments: string;
  out: string;
  check: boolean;
}

export async function generate(opts: GenerateOptions, io: Io): Promise<ExitCode> {
  // Loaded on use: other commands start without the SDK, zod and esbuild.
  const [{ loadExperiments }, { emitExperiment, emitShared }, { OutputSync, ForeignFileError }, { unifiedDiff }, target, { emitAll, startWorker }, { countExperimentFiles }] = await Promise.all([
    import("../../load/index.ts"),
    import("../../emit/index.ts"),
    import("../../write/output.ts"),
    import("../../write/diff.ts"),
    import("../../write/target.ts"),
    import("../parallel.ts"),
    import("../../load/files.ts"),
  ]);
  const outDir = resolve(io.cwd, opts.out);
  const experimentsDir = resolve(io.cwd, opts.experiments);
  try {
    target.checkOutputDir({ out: outDir, given: opts.out, cwd: io.cwd, experiments: experimentsDir, write: !opts.check });
  } catch (e) {
    if (!(e instanceof target.PathError)) throw e;
    io.err(`abwatch: ${e.message}\n`);
    return EXIT.usage;
  }

  // At scale a worker thread shares the compiling; it starts now, loading its code while the experiments load.
  const worker = startWorker(countExperimentFiles(experimentsDir));
  try {
    return await generateWith(worker);
  } finally {
    await worker?.terminate(); // terminate() again is harmless; a worker left running would keep the process alive
  }

  async function generateWith(worker: ReturnType<typeof startWorker>): Promise<ExitCode> {
    const { experiments, problems } = await loadExperiments(opts.experiments, io.cwd);
    const errors = problems.filter((p) => p.severity === "error");
    for (const p of problems) io.err(`${formatProblem(p)}\n`);
    if (errors.length > 0) {
      io.err(`${count(errors.length, "problem")} found; nothing was written\n`);
      return EXIT.usage;
    }
    // Warnings read the clock; the generated files never do.
    for (const w of experimentWarnings(experiments, io.now())) io.err(`${formatProblem(w)}\n`);

    const shownOut = displayPath(outDir, io.cwd);
    let files = 0;
    let changes;
    let sync: InstanceType<typeof OutputSync> | undefined;
    try {
      sync = new OutputSync(outDir, shownOut, !opts.check);
      // One experiment at a time: its files are compared (and written) while the next one compiles.
      const output = sync;
      const where = { dir: outDir, existing: () => output.existingPaths, staging: opts.check ? undefined : output.stagingDir };
      for await (const batch of emitAll(experiments, emitExperiment, where, worker)) {
        for (const f of batch) {
          await sync.add(f, f.same, f.written);
          files++;
        }
      }
      for (const f of emitShared(experiments, `${displayPath(experimentsDir, io.cwd)}/`)) {
        await sync.add(f);
        files++;
      }
      changes = await sync.finish();
    } catch (e) {
      sync?.abort();
      if (e instanceof ForeignFileError) {
        io.err(`${e.message}\n`);
        return EXIT.usage;
      }
      // The output directory became unusable while generating (permissions, a full disk): name the path.
      if (target.isFsError(e)) {
        io.err(`abwatch: ${target.fsErrorMessage(e)}; ${opts.check ? "nothing was compared" : `${shownOut}/ was left as it was`}\n`);
        return EXIT.usage;
      }
      throw e;
    }

    const summary = `${count(files, "file")} from ${count(experiments.length, "experiment")}`;
    if (changes.length === 0) {
      io.out(`${shownOut}/ is up to date (${summary})\n`);
      return EXIT.ok;
    }
    if (opts.check) {
      for (const c of changes) io.out(await unifiedDiff(c, outDir, shownOut));
      io.err(
        `${shownOut}/ is stale: ${count(changes.length, "file")} would change ` +
          `(${changes.map((c) => `${c.kind} ${c.path}`).join(", ")}); run \`npx abwatch generate\` and commit the result\n`,
      );
      return EXIT.failed;
    }
    io.out(`wrote ${shownOut}/: ${summary} (${changes.length} changed)\n`);
    return EXIT.ok;
  }
}

const count = (n: number, noun: string) => `${n} ${noun}${n === 1 ? "" : "s"}`;

export function generateCommand(io: Io, done: (code: ExitCode) => void): Command {
  return new Command("generate")
    .description("compile every experiment into dashboards, rules, tests, runbooks and routing")
    .option("--experiments <dir>", "directory of experiment files", "experiments")
    .option("--out <dir>", "output directory", "generated")
    .option("--check", "write nothing; print a diff and exit 1 when the output is stale", false)
    .action(async (opts: GenerateOptions) => done(await generate(opts, io)));
}
