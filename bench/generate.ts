// generate for 1, 100 and 1000 synthetic experiments against the same dashboards built with the raw
// foundation SDK and JSON.stringify, measured in the same run.
//
// Whole processes: `abwatch generate` into an empty directory (load the TypeScript files, validate,
// compile every artifact, write them all atomically), `abwatch generate --check` on an up-to-date
// directory (what CI runs: everything but the writes), and `node bench/raw-sdk.mjs` writing only the
// dashboards. In process: the dashboards alone, abwatch's compile + emit against the raw builders.
import { readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { compileDashboard } from "../src/compile/dashboard/index.ts";
import { emitDashboard } from "../src/emit/dashboard.ts";
import { ExperimentSchema } from "../src/model/schema.ts";
import { listTree } from "../src/write/tree.ts";
import { compare, fmtMb, fmtMs, fmtRatio, median, timeProcess } from "./measure.ts";
// @ts-expect-error: plain JavaScript, so that the baseline runs without a TypeScript loader
import { rawDashboard } from "./raw-sdk.mjs";
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

/** Median wall time of building and serialising n dashboards in this process, each way. */
function inProcessDashboards(n: number): { ours: number; raw: number } {
  const experiments = Array.from({ length: n }, (_, i) => ExperimentSchema.parse(syntheticExperiment(i)));
  const ours = () => {
    const t = performance.now();
    for (const exp of experiments) emitDashboard(compileDashboard(exp), "bench");
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
  for (let i = 0; i < 5; i++) {
    a.push(ours());
    b.push(raw());
  }
  return { ours: median(a), raw: median(b) };
}

export async function benchGenerate(sizes: readonly number[] = [1, 100, 1000]): Promise<string> {
  const rows: string[] = [];
  for (const n of sizes) {
    const dir = join(tmpdir(), `abwatch-bench-gen-${process.pid}-${n}`);
    rmSync(dir, { recursive: true, force: true });
    const experiments = join(dir, "experiments");
    writeSyntheticExperiments(experiments, n);
    const outA = join(dir, "generated");
    const outB = join(dir, "raw");
    const outC = join(dir, "checked");
    const runs = n >= 1000 ? 3 : 5;
    const generate = (out: string, ...flags: string[]) =>
      timeProcess(process.execPath, ["bin/abwatch.js", "generate", "--experiments", experiments, "--out", out, ...flags], { cwd: REPO });
    const { a, b } = compare(
      runs,
      () => {
        rmSync(outA, { recursive: true, force: true });
        return generate(outA);
      },
      () => {
        rmSync(outB, { recursive: true, force: true });
        return timeProcess(process.execPath, ["bench/raw-sdk.mjs", String(n), outB], { cwd: REPO });
      },
    );
    assertSameDashboards(outA, outB, `bench-${n - 1}`);
    const files = listTree(outA).length;
    generate(outC);
    const check = compare(runs, () => generate(outC, "--check"), () => ({ ms: 0, maxRssKb: undefined })).a;
    rows.push(
      `| ${n} | ${files} | ${fmtMs(a.medianMs)} | ${fmtMs(check.medianMs)} | ${fmtMs(b.medianMs)} | ` +
        `**${fmtRatio(a.medianMs / b.medianMs)}** | **${fmtRatio(check.medianMs / b.medianMs)}** | ${fmtMb(a.maxRssKb)} | ${fmtMb(b.maxRssKb)} |`,
    );
    rmSync(dir, { recursive: true, force: true });
  }
  const inproc = inProcessDashboards(1000);
  return [
    "## generate vs the raw foundation SDK",
    "",
    "Whole-process wall time (median of interleaved runs after a warm-up) and peak RSS. `generate` loads the",
    "experiment files (TypeScript), validates them, compiles every artifact — dashboard, rule file, promtool",
    "tests, 13 runbooks and their index per experiment, plus the Alertmanager config — and writes them all",
    "atomically into an empty directory. `--check` does the same on an up-to-date directory but writes",
    "nothing: the CI path. The baseline (`bench/raw-sdk.mjs`) builds the same dashboards with the raw SDK in",
    "plain JavaScript and writes `JSON.stringify` output, one file per experiment; the benchmark checks both",
    "produce the same panels. Target: at most 1.5x at 1000 experiments.",
    "",
    "| experiments | files written | abwatch generate | generate --check | raw SDK, dashboards only | ratio | --check ratio | abwatch peak RSS | raw peak RSS |",
    "|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ...rows,
    "",
    "The dashboards alone, in one process (1000 dashboards, experiments already loaded, median of five):",
    "",
    "| abwatch compileDashboard + emit | raw SDK builders + JSON.stringify | ratio |",
    "|---:|---:|---:|",
    `| ${fmtMs(inproc.ours)} | ${fmtMs(inproc.raw)} | **${fmtRatio(inproc.ours / inproc.raw)}** |`,
    "",
  ].join("\n");
}
