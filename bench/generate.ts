// generate for 1, 100 and 1000 synthetic experiments against two baselines measured in the same run:
// the file-system floor (the same bytes written to the same paths by a plain script) plus the same
// dashboards built with the raw foundation SDK and JSON.stringify.
//
// Whole processes: `abwatch generate` into an empty directory (load the TypeScript files, validate,
// compile every artifact, write them all atomically), `abwatch generate --check` on an up-to-date
// directory (what CI runs: everything but the writes; with the check manifest, and --full without
// it), `node bench/floor.mjs` and
// `node bench/raw-sdk.mjs`. In process: the dashboards alone, abwatch's compile + emit (bundled by
// esbuild as the CLI runs it) against the raw builders.
import { build } from "esbuild";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { listTree, readTree } from "../src/write/tree.ts";
import { compare, fmtMb, fmtMs, fmtRatio, median, repeat, timeProcess, type Timed } from "./measure.ts";
// @ts-expect-error: plain JavaScript, so that the baseline runs without a TypeScript loader
import { rawDashboard } from "./raw-sdk.mjs";
import { packFiles } from "./pack.mjs";
import { syntheticExperiment, writeSyntheticExperiments } from "./synthetic.ts";

const REPO = fileURLToPath(new URL("..", import.meta.url));

/** The baseline must build the same dashboards, or the ratio means nothing. */
function assertSameDashboards(ours: string, raw: string, id: string): void {
  const a = JSON.parse(readFileSync(join(ours, "dashboards", `${id}.json`), "utf8"));
  const b = JSON.parse(readFileSync(join(raw, "dashboards", `${id}.json`), "utf8"));
  delete a.description;
  delete b.description;
  if (JSON.stringify(a.panels) !== JSON.stringify(b.panels) || JSON.stringify(Object.keys(a).sort()) !== JSON.stringify(Object.keys(b).sort())) {
    throw new Error(`bench/raw-sdk.mjs no longer builds the dashboard abwatch builds for ${id}; update the baseline`);
  }
}

/** The same bytes as a generated tree, in one file for bench/floor.mjs and bench/load-floor.ts. */
function writePack(tree: string, pack: string): number {
  const all = packFiles(readTree(tree));
  writeFileSync(pack, all);
  return all.length;
}

interface DashboardApi {
  compileDashboard(exp: unknown): unknown;
  emitDashboard(model: unknown, source: string): string;
  ExperimentSchema: { parse(input: unknown): unknown };
}

/** abwatch's dashboard code bundled as the CLI runs it (plain JavaScript, no TypeScript loader), like the baseline. */
async function bundledDashboardApi(): Promise<DashboardApi> {
  const dir = join(REPO, "node_modules", ".cache", "abwatch-bench");
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `dashboards-${process.pid}.mjs`);
  await build({
    stdin: {
      contents: [
        'export { compileDashboard } from "./src/compile/dashboard/index.ts";',
        'export { emitDashboard } from "./src/emit/dashboard.ts";',
        'export { ExperimentSchema } from "./src/model/schema.ts";',
      ].join("\n"),
      resolveDir: REPO,
      loader: "ts",
    },
    bundle: true,
    format: "esm",
    platform: "node",
    target: "node20",
    packages: "external",
    outfile: file,
    logLevel: "silent",
  });
  try {
    return (await import(pathToFileURL(file).href)) as DashboardApi;
  } finally {
    rmSync(file, { force: true });
  }
}

/**
 * bench/load-floor.ts bundled as a plain script, zod included as the CLI bundles it (esbuild, a
 * native binary, stays a package import resolved from the repository's node_modules), so that
 * node loads it as it loads the CLI.
 */
async function bundledLoadFloor(): Promise<string> {
  const dir = join(REPO, "node_modules", ".cache", "abwatch-bench");
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `load-floor-${process.pid}.mjs`);
  await build({
    entryPoints: [join(REPO, "bench", "load-floor.ts")],
    bundle: true,
    format: "esm",
    platform: "node",
    target: "node20",
    external: ["esbuild"],
    outfile: file,
    logLevel: "silent",
  });
  return file;
}

/** Median wall time of building and serialising n dashboards in this process, each way. */
async function inProcessDashboards(n: number): Promise<{ ours: number; raw: number }> {
  const api = await bundledDashboardApi();
  const experiments = Array.from({ length: n }, (_, i) => api.ExperimentSchema.parse(syntheticExperiment(i)));
  const ours = () => {
    const t = performance.now();
    for (const exp of experiments) api.emitDashboard(api.compileDashboard(exp), "bench");
    return performance.now() - t;
  };
  const raw = () => {
    const t = performance.now();
    for (let i = 0; i < n; i++) JSON.stringify(rawDashboard(i), null, 2);
    return performance.now() - t;
  };
  ours();
  raw();
  const a: number[] = [];
  const b: number[] = [];
  for (let i = 0; i < 7; i++) {
    a.push(ours());
    b.push(raw());
  }
  return { ours: median(a), raw: median(b) };
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MiB`;

/** Where a benchmark's files go: the temp directory's disk, and memory (tmpfs) where the machine has one. */
interface Place {
  label: string;
  /** The label in a sentence: "on disk". */
  where: string;
  root: string;
}

/** /dev/shm when it is a writable tmpfs: there the file system costs least, and compiling shows most. */
function memoryPlace(): Place | undefined {
  try {
    const mounts = readFileSync("/proc/mounts", "utf8");
    if (!mounts.split("\n").some((l) => l.split(" ")[1] === "/dev/shm" && l.split(" ")[2] === "tmpfs")) return undefined;
    const probe = join("/dev/shm", `abwatch-bench-probe-${process.pid}`);
    writeFileSync(probe, "");
    rmSync(probe);
    return { label: "memory (tmpfs)", where: "in memory (tmpfs)", root: "/dev/shm" };
  } catch {
    return undefined;
  }
}

export async function benchGenerate(sizes: readonly number[] = [1, 100, 1000]): Promise<string> {
  const rows: string[] = [];
  /** What the largest size left for compiling, per place: 1.3 x (floor + raw) minus the no-compile floor. */
  const budgets: string[] = [];
  const loadFloor = await bundledLoadFloor();
  const disk: Place = { label: "disk", where: "on disk", root: tmpdir() };
  const memory = memoryPlace();
  const largest = Math.max(...sizes);
  const cases = [...sizes.map((n) => ({ n, place: disk })), ...(memory ? [{ n: largest, place: memory }] : [])];
  for (const { n, place } of cases) {
    const dir = join(place.root, `abwatch-bench-gen-${process.pid}-${n}`);
    rmSync(dir, { recursive: true, force: true });
    const experiments = join(dir, "experiments");
    writeSyntheticExperiments(experiments, n);
    const [outA, outRaw, outFloor, outC, outLoad, pack] = ["generated", "raw", "floor", "checked", "loaded", "pack.bin"].map((x) => join(dir, x)) as [
      string,
      string,
      string,
      string,
      string,
      string,
    ];
    const runs = n >= 1000 ? 3 : 5;
    const generate = (out: string, ...flags: string[]) =>
      timeProcess(process.execPath, ["bin/abwatch.js", "generate", "--experiments", experiments, "--out", out, ...flags], { cwd: REPO });
    // --check --full compiles every experiment whatever the manifest says (a changed compiler, or
    // every experiment changed); on one thread as well, to show what the worker thread brings.
    const checkFullOneThread = () =>
      timeProcess(process.execPath, ["bin/abwatch.js", "generate", "--experiments", experiments, "--out", outC, "--check", "--full"], {
        cwd: REPO,
        env: { ABWATCH_WORKER: "0" },
      });
    // The floor needs the bytes generate writes: a first run makes them.
    generate(outC);
    const bytes = writePack(outC, pack);
    const fresh = (out: string, run: () => ReturnType<typeof generate>) => () => {
      rmSync(out, { recursive: true, force: true });
      return run();
    };
    const { a: gen, b: floor } = compare(
      runs,
      fresh(outA, () => generate(outA)),
      fresh(outFloor, () => timeProcess(process.execPath, ["bench/floor.mjs", pack, outFloor], { cwd: REPO })),
    );
    const { a: check, b: raw } = compare(
      runs,
      () => generate(outC, "--check"),
      fresh(outRaw, () => timeProcess(process.execPath, ["bench/raw-sdk.mjs", String(n), outRaw], { cwd: REPO })),
    );
    const { a: loaded, b: full } = compare(
      runs,
      fresh(outLoad, () => timeProcess(process.execPath, [loadFloor, experiments, pack, outLoad], { cwd: REPO })),
      () => generate(outC, "--check", "--full"),
    );
    const single = repeat(runs, checkFullOneThread);
    assertSameDashboards(outA, outRaw, `bench-${n - 1}`);
    const files = listTree(outA).length;
    const baseline = floor.medianMs + raw.medianMs;
    rows.push(
      `| ${n} | ${place.label} | ${files} (${mb(bytes)}) | ${fmtMs(gen.medianMs)} | ${fmtMs(floor.medianMs)} | ${fmtMs(raw.medianMs)} | ` +
        `**${fmtRatio(gen.medianMs / baseline)}** | ${fmtMs(loaded.medianMs)} | ${fmtRatio(loaded.medianMs / baseline)} | ` +
        `**${fmtMs(check.medianMs)}** | ${fmtMs(full.medianMs)} | ${fmtMs(single.medianMs)} | ${fmtMb(peak(gen, check, full))} | ${fmtMb(raw.maxRssKb)} |`,
    );
    if (n === largest) {
      const left = 1.3 * baseline - loaded.medianMs;
      const extra = gen.medianMs - loaded.medianMs;
      budgets.push(
        `${place.where}, ${left < 0 ? "nothing (the no-compile floor alone is past it)" : `${fmtMs(left)} of wall time`} to compile every artifact of ${n} experiments; ` +
          (extra >= 0
            ? `generate took ${fmtMs(extra)} longer than the no-compile floor`
            : `generate finished ${fmtMs(-extra)} before the no-compile floor (it compiles while the file system writes)`),
      );
    }
    rmSync(dir, { recursive: true, force: true });
  }
  rmSync(loadFloor, { force: true });
  const inproc = await inProcessDashboards(1000);
  return [
    "## generate vs the file-system floor and the raw foundation SDK",
    "",
    "Whole-process wall time (median of interleaved runs after a warm-up) and peak RSS. `generate` loads the",
    "experiment files (TypeScript), validates them, compiles every artifact — dashboard, rule file, promtool",
    "tests, 13 runbooks and their index per experiment, plus the Alertmanager config — and writes them all",
    "atomically into an empty directory (from 64 experiments on, a worker thread shares the compiling).",
    "Baselines, measured in the same run: the *floor* (`bench/floor.mjs`) writes the very same bytes to the",
    "same paths with plain `writeFileSync`, so the file system's share is known; the *raw SDK* baseline",
    "(`bench/raw-sdk.mjs`) builds the same dashboards with the raw SDK in plain JavaScript and writes",
    "`JSON.stringify` output (the benchmark checks both produce the same panels). `--check` runs on an",
    "up-to-date directory, the CI path: it loads and validates every experiment, then skips compiling those",
    "whose files `generated/abwatch-manifest.json` vouches for (same compiler sources, same experiment value,",
    "every file hashing as recorded) and compiles the rest. `--check --full` ignores the manifest and compiles",
    "everything, as after a change to abwatch itself (`ABWATCH_WORKER=0`: the same on one thread, for",
    "comparison). `generate` into an empty directory has no manifest to use. The *no-compile floor*",
    "(`bench/load-floor.ts`) is everything generate does but compile: it loads and validates the experiments",
    "with abwatch's own loader, then hashes and writes the very same bytes into a staging directory renamed",
    "into place; its ratio is how much of the target is spent before a single file is compiled.",
    "Each size runs on the temp directory's disk; the largest runs again in memory (tmpfs), where the file",
    "system costs least and compiling shows most. Targets at 1000 experiments: generate at most",
    "1.3x (floor + raw SDK), `--check` at most 2.0 s.",
    "",
    "| experiments | files on | files (bytes) | abwatch generate | floor: same bytes, plain writes | raw SDK, dashboards only | generate / (floor + raw) | no-compile floor | no-compile / (floor + raw) | generate --check | --check --full | --check --full, one thread | abwatch peak RSS | raw peak RSS |",
    "|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ...rows,
    "",
    `What the 1.3x target leaves once the no-compile floor is paid: ${budgets.join("; ")}.`,
    "",
    "The dashboards alone, in one process (1000 dashboards, experiments already loaded, median of seven; abwatch's",
    "code bundled by esbuild as the CLI runs it, the baseline plain JavaScript). Target: at most 1.5x.",
    "",
    "| abwatch compileDashboard + emit | raw SDK builders + JSON.stringify | ratio |",
    "|---:|---:|---:|",
    `| ${fmtMs(inproc.ours)} | ${fmtMs(inproc.raw)} | **${fmtRatio(inproc.ours / inproc.raw)}** |`,
    "",
  ].join("\n");
}

const peak = (...ts: Timed[]) => {
  const rss = ts.map((t) => t.maxRssKb).filter((x): x is number => x !== undefined);
  return rss.length > 0 ? Math.max(...rss) : undefined;
};
