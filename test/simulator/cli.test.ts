// `abwatch simulate`, the real CLI: virtual-time OpenMetrics that promtool loads, --list, bad flags.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../support/cli.ts";
import { scratch } from "../support/tmp.ts";
import { tool } from "../support/tools.ts";

describe("abwatch simulate", () => {
  it("writes a scenario's timeline to --out atomically, and promtool turns it into blocks", () => {
    const dir = scratch();
    const file = join(dir, "history.om");
    const args = ["simulate", "--experiment", "baseline-vs-enhanced", "--scenario", "HighErrorRate", "--minutes", "20", "--fault-at", "10"];
    const r = runCli([...args, "--start", "2026-11-30T12:00:00Z", "--seed", "3", "--out", file]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^wrote .*history\.om: \d+ samples of \d+ series, 20 minutes from 2026-11-30T12:00:00\.000Z\nload it with: promtool tsdb create-blocks-from openmetrics /);
    expect(readdirSync(dir)).toEqual(["history.om"]); // no temp file left beside it
    const text = readFileSync(file, "utf8");
    expect(text).toContain('ab_test_requests_total{experiment="baseline-vs-enhanced",model_name="enhanced",status="error"} 0 1796040000\n');
    expect(text).not.toContain("search_ranker_");
    const blocks = spawnSync(tool("promtool"), ["tsdb", "create-blocks-from", "openmetrics", file, join(dir, "data")], { encoding: "utf8", timeout: 120_000 });
    expect(blocks.status, blocks.stderr).toBe(0);
    // The same flags and seed give the same bytes, on standard output this time.
    const again = runCli([...args, "--start", "1796040000", "--seed", "3"]);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toBe(text);
  });

  it("--list names every scenario of every experiment with what it changes", () => {
    const r = runCli(["simulate", "--list"]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^baseline-vs-enhanced:\n  healthy +the declared split/);
    expect(r.stdout).toMatch(/  HighErrorRate +critical HighErrorRate: enhanced: errorRatio 0\.8% → 25%\n/);
    expect(r.stdout).toMatch(/search-ranking-three-way:\n/);
    expect(r.stdout).toMatch(/  critical-and-warning +ModelCompleteFailure \(critical\) and HighResponseTime \(warning\) on bert-rerank/);
  });

  it.each([
    [["--scenario", "Nope"], /--scenario: unknown scenario "Nope"; expected one of healthy, /],
    [["--experiment", "search-ranking-three-way", "--scenario", "NegativeBusinessValue"], /--scenario: search-ranking-three-way has no scenario "NegativeBusinessValue"; expected one of healthy, /],
    [["--experiment", "nope"], /--experiment: no experiment "nope"; expected one of baseline-vs-enhanced, search-ranking-three-way/],
    [["--minutes", "10", "--fault-at", "10"], /--fault-at must be before the end \(--minutes\)/],
    [["--format", "csv"], /--format must be one of openmetrics/],
    [["--start", "yesterday"], /--start: expected a time like 2026-11-30T12:00:00Z or seconds since 1970, got "yesterday"/],
    [["--minutes", "99999"], /--minutes must be at most 10080/],
  ])("exits 2 on %j with a clear message", (args, message) => {
    const r = runCli(["simulate", ...args]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it("exits 2 and writes nothing when --out cannot be written", () => {
    const dir = scratch();
    const r = runCli(["simulate", "--minutes", "1", "--out", join(dir, "missing/x.om")]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--out: cannot write .*missing\/x\.om \(ENOENT: does .*missing\/ exist\?\)/);
    expect(existsSync(join(dir, "missing"))).toBe(false);
  });
});
