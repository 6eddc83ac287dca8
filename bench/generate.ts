// generate for 1, 100 and 1000 synthetic experiments (whole process: load TypeScript files,
// validate, compile, compare, write atomically) against the same dashboards built with the raw SDK
// and JSON.stringify in a plain node process.
import { readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { compare, fmtMb, fmtMs, fmtRatio, timeProcess } from "./measure.ts";
import { writeSyntheticExperiments } from "./synthetic.ts";

const REPO = fileURLToPath(new URL("..", import.meta.url));

/** The baseline must build the same dashboards, or the ratio means nothing. */
function assertSameDashboards(ours: string, raw: string, id: string): void {
  const a = JSON.parse(readFileSync(join(ours, "dashboards", `${id}.json`), "utf8"));
  const b = JSON.parse(readFileSync(join(raw, "dashboards", `${id}.json`), "utf8"));
  delete a.description;
  delete b.description;
  if (JSON.stringify(a, Object.keys(a).sort()) !== JSON.stringify(b, Object.keys(b).sort()) || JSON.stringify(a.panels) !== JSON.stringify(b.panels)) {
    throw new Error(`bench/raw-sdk.mjs no longer builds the dashboard abwatch builds for ${id}; update the baseline`);
  }
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
    const runs = n >= 1000 ? 5 : 7;
    const { a, b } = compare(
      runs,
      () =>
        timeProcess(process.execPath, ["bin/abwatch.js", "generate", "--experiments", experiments, "--out", outA], {
          cwd: REPO,
          before: () => rmSync(outA, { recursive: true, force: true }),
        }),
      () =>
        timeProcess(process.execPath, ["bench/raw-sdk.mjs", String(n), outB], {
          cwd: REPO,
          before: () => rmSync(outB, { recursive: true, force: true }),
        }),
    );
    assertSameDashboards(outA, outB, `bench-${n - 1}`);
    rows.push(
      `| ${n} | ${fmtMs(a.medianMs)} | ${fmtMs(b.medianMs)} | **${fmtRatio(a.medianMs / b.medianMs)}** | ${fmtMb(a.maxRssKb)} | ${fmtMb(b.maxRssKb)} |`,
    );
    rmSync(dir, { recursive: true, force: true });
  }
  return [
    "## generate vs the raw foundation SDK",
    "",
    "Whole-process wall time (median of interleaved runs after a warm-up) and peak RSS. abwatch loads the",
    "experiment files (TypeScript), validates them, compiles every artifact, compares with the output",
    "directory and writes it atomically. The baseline (`bench/raw-sdk.mjs`) builds the same dashboards with",
    "the raw SDK in plain JavaScript and writes `JSON.stringify` output; the benchmark checks that both",
    "produce the same panels. Target: at most 1.5x at 1000 experiments.",
    "",
    "| experiments | abwatch generate | raw SDK + JSON.stringify | ratio | abwatch peak RSS | raw peak RSS |",
    "|---:|---:|---:|---:|---:|---:|",
    ...rows,
    "",
  ].join("\n");
}
