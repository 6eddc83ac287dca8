// Wall-clock timing and peak memory of whole processes, interleaved so machine drift hits both
// sides alike.
import { spawnSync } from "node:child_process";
import { readFileSync, rmSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const RSS_PRELOAD = fileURLToPath(new URL("./rss.mjs", import.meta.url));

export interface Sample {
  ms: number;
  /** Peak resident set size in KiB, for node processes. */
  maxRssKb: number | undefined;
}

export interface Timed {
  medianMs: number;
  maxRssKb: number | undefined;
  runsMs: number[];
}

export function timeProcess(cmd: string, args: readonly string[], opts: { cwd: string; before?: () => void; env?: Record<string, string> }): Sample {
  opts.before?.();
  const isNode = cmd === process.execPath;
  const rssFile = join(tmpdir(), `abwatch-bench-rss-${process.pid}`);
  rmSync(rssFile, { force: true });
  const argv = isNode ? ["--import", RSS_PRELOAD, ...args] : [...args];
  const start = process.hrtime.bigint();
  const r = spawnSync(cmd, argv, {
    cwd: opts.cwd,
    encoding: "utf8",
    timeout: 600_000,
    env: { ...process.env, ...opts.env, ABWATCH_BENCH_RSS: rssFile },
  });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(" ")} failed (${r.status}): ${r.stderr.slice(0, 2000)}`);
  let maxRssKb: number | undefined;
  if (isNode) {
    maxRssKb = Number(readFileSync(rssFile, "utf8"));
    rmSync(rssFile, { force: true });
  }
  return { ms, maxRssKb };
}

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

function summarise(samples: readonly Sample[]): Timed {
  const rss = samples.map((s) => s.maxRssKb).filter((x): x is number => x !== undefined);
  return {
    medianMs: median(samples.map((s) => s.ms)),
    maxRssKb: rss.length > 0 ? Math.max(...rss) : undefined,
    runsMs: samples.map((s) => s.ms),
  };
}

/** Runs each side `runs` times, alternating A and B, after one unmeasured warm-up of each. */
export function compare(runs: number, a: () => Sample, b: () => Sample): { a: Timed; b: Timed } {
  a();
  b();
  const ra: Sample[] = [];
  const rb: Sample[] = [];
  for (let i = 0; i < runs; i++) {
    ra.push(a());
    rb.push(b());
  }
  return { a: summarise(ra), b: summarise(rb) };
}

/** One command alone: a warm-up, then `runs` timed runs. */
export function repeat(runs: number, a: () => Sample): Timed {
  a();
  const ra: Sample[] = [];
  for (let i = 0; i < runs; i++) ra.push(a());
  return summarise(ra);
}

export function machine(): string {
  const cpu = cpus()[0]?.model ?? "unknown CPU";
  return `${cpus().length} × ${cpu}, Node ${process.version}`;
}

export const fmtMs = (ms: number) => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(0)} ms`);
export const fmtRatio = (r: number) => `${r.toFixed(2)}x`;
export const fmtMb = (kb: number | undefined) => (kb === undefined ? "n/a" : `${(kb / 1024).toFixed(0)} MiB`);
