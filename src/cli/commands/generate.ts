// `abwatch generate`: load every experiment, compile, then write generated/ atomically, or with
// --check write nothing and show what would change.
import { Command } from "commander";
import { resolve } from "node:path";
import { displayPath } from "../../load/files.ts";
import { paths } from "../../model/conventions.ts";
import { formatProblem } from "../../model/problem.ts";
import { experimentWarnings } from "../../model/warnings.ts";
import { EXIT, type ExitCode } from "../errors.ts";
import { tuneJitForCompiling } from "../jit.ts";
import type { Io } from "../io.ts";

export interface GenerateOptions {
  experiments: string;
  out: string;
  check: boolean;
  /** Compile every experiment, whatever the check manifest records. */
  full: boolean;
}

export async function generate(opts: GenerateOptions, io: Io): Promise<ExitCode> {
  // Loaded on use: other commands start without the SDK, zod and esbuild.
  const [{ loadExperiments }, target, { emitAll, startWorker }, { countExperimentFiles }] = await Promise.all([
    import("../../load/index.ts"),
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

  tuneJitForCompiling();
  // At scale a worker thread shares the compiling; it starts now, loading its code while the experiments load.
  const worker = startWorker(countExperimentFiles(experimentsDir));
  // The compilers load while esbuild bundles the experiment files in its own process.
  const loading = loadExperiments(opts.experiments, io.cwd);
  // Handled from the start: a failure while the compilers load would otherwise count as unhandled.
  void loading.catch(() => undefined);
  try {
    const [{ emitExperiment, emitShared }, { OutputSync, ForeignFileError }, manifest, { unifiedDiff }] = await Promise.all([
      import("../../emit/index.ts"),
      import("../../write/output.ts"),
      import("../../write/manifest.ts"),
      import("../../write/diff.ts"),
    ]);
    return await generateWith(worker, { emitExperiment, emitShared, OutputSync, ForeignFileError, manifest, unifiedDiff });
  } finally {
    await loading.catch(() => undefined); // settled before the worker goes, whatever happened
    await worker?.terminate(); // terminate() again is harmless; a worker left running would keep the process alive
  }

  async function generateWith(worker: ReturnType<typeof startWorker>, m: Modules): Promise<ExitCode> {
    const { emitExperiment, emitShared, OutputSync, ForeignFileError, manifest, unifiedDiff } = m;
    const { experiments, problems } = await loading;
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
      // Where the check manifest vouches for an experiment's files on disk, they are not compiled again.
      const output = sync;
      const where = { dir: outDir, existing: () => output.existingPaths, staging: opts.check ? undefined : output.stagingDir };
      const compiler = manifest.compilerIdentity();
      const recorded = opts.full ? undefined : manifest.readManifest(outDir);
      const known = {
        keys: experiments.map((s) => manifest.experimentKey(compiler, s)),
        entries: experiments.map((s) => recorded?.experiments[s.experiment.id]),
      };
      const existing = new Set(output.existingPaths);
      const emitOne = (i: number) => manifest.experimentFiles(experiments[i]!, emitExperiment, { dir: outDir, existing, key: known.keys[i], entry: known.entries[i] });
      const entries = new Map<string, { key: string; files: Record<string, string> }>();
      for await (const { index, files: batch } of emitAll(experiments, known, emitOne, where, worker)) {
        for (const f of batch) {
          sync.add(f, f.same, f.written);
          files++;
        }
        const key = known.keys[index];
        if (key !== undefined) entries.set(experiments[index]!.experiment.id, { key, files: Object.fromEntries(batch.map((f) => [f.path, f.hash])) });
      }
      const shownExperiments = `${displayPath(experimentsDir, io.cwd)}/`;
      for (const f of emitShared(experiments, shownExperiments)) {
        sync.add(f);
        files++;
      }
      if (experiments.length > 0) {
        sync.add(manifest.manifestFile(compiler, entries, `${shownExperiments}*.ts`));
        files++;
      }
      changes = sync.finish();
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
      // The manifest holds hashes only: its diff would say nothing the other files' diffs do not.
      const manifestPath = paths.manifest();
      for (const c of changes) if (c.path !== manifestPath) io.out(await unifiedDiff(c, outDir, shownOut));
      if (changes.length === 1 && changes[0]!.path === manifestPath && changes[0]!.kind === "changed") {
        io.err(`${shownOut}/${manifestPath} records another abwatch compiler or other experiment keys; every other file is up to date\n`);
      }
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

/** What generate loads once the experiments are loading. */
interface Modules {
  emitExperiment: typeof import("../../emit/index.ts").emitExperiment;
  emitShared: typeof import("../../emit/index.ts").emitShared;
  OutputSync: typeof import("../../write/output.ts").OutputSync;
  ForeignFileError: typeof import("../../write/output.ts").ForeignFileError;
  manifest: typeof import("../../write/manifest.ts");
  unifiedDiff: typeof import("../../write/diff.ts").unifiedDiff;
}

const count = (n: number, noun: string) => `${n} ${noun}${n === 1 ? "" : "s"}`;

export function generateCommand(io: Io, done: (code: ExitCode) => void): Command {
  return new Command("generate")
    .description("compile every experiment into dashboards, rules, tests, runbooks and routing")
    .option("--experiments <dir>", "directory of experiment files", "experiments")
    .option("--out <dir>", "output directory", "generated")
    .option("--check", "write nothing; print a diff and exit 1 when the output is stale", false)
    .option("--full", "compile every experiment, even those the check manifest vouches for", false)
    .action(async (opts: GenerateOptions) => done(await generate(opts, io)));
}
