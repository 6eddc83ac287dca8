// A large run can parse on two threads (src/validate/parallel.ts; forced here with
// ABWATCH_VALIDATE_THREADS=2, since by default it takes 4 cores): the CLI's output is the same
// byte for byte as on one thread, and a worker that cannot start changes nothing either.
import { spawnSync } from "node:child_process";
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { validatePaths, type ValidateOptions } from "../../src/validate/index.ts";
import { enableWorker, splitRun } from "../../src/validate/parallel.ts";
import { render } from "../../src/validate/report/index.ts";
import { DEFAULT_TARGET } from "../../src/validate/version.ts";
import { BIN, REPO } from "../support/cli.ts";

const CORPUS = join(REPO, "test/fixtures/real-world");
const files = () =>
  readdirSync(CORPUS, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .flatMap((d) => readdirSync(join(CORPUS, d.name)).map((n) => join(CORPUS, d.name, n)))
    .filter((f) => /\.ya?ml$/.test(f));

const OPTIONS: ValidateOptions = {
  cwd: REPO,
  experiments: "experiments",
  evaluationIntervalMs: 60_000,
  strict: false,
  target: DEFAULT_TARGET,
  lint: { all: true, names: new Set() },
};

describe("validate on two threads", () => {
  afterEach(() => {
    enableWorker(undefined);
    vi.unstubAllEnvs();
  });

  it("gives the CLI's one-thread output on the real-world corpus", () => {
    const args = ["validate", "--format", "json", "--lint", "all", "test/fixtures/real-world"];
    // --lint all prints megabytes: more than runCli's buffer.
    const run = (env: Record<string, string>) => spawnSync(process.execPath, [BIN, ...args], { cwd: REPO, encoding: "utf8", maxBuffer: 64 << 20, timeout: 120_000, env: { ...process.env, ...env } });
    const two = run({ ABWATCH_VALIDATE_THREADS: "2" });
    const one = run({ ABWATCH_VALIDATE_THREADS: "1" });
    expect(two.status).toBe(1);
    expect(two.stdout.length).toBeGreaterThan(10_000);
    expect(two.stdout).toBe(one.stdout);
    expect(two.stderr).toBe(one.stderr);
  }, 120_000);

  it("splits a large run by size, the largest file on the main thread, and leaves small runs alone", () => {
    const all = files();
    expect(splitRun(all)).toBeUndefined(); // not enabled: the bundled CLI enables it
    enableWorker("/nonexistent/worker.js", {});
    vi.stubEnv("ABWATCH_VALIDATE_THREADS", "2");
    const split = splitRun(all)!;
    expect(split.main.length + split.worker.length).toBe(all.length);
    const sizes = all.map((f) => statSync(f).size);
    const largest = sizes.indexOf(Math.max(...sizes));
    expect(split.main).toContain(largest);
    const bytes = (share: number[]) => share.reduce((a, i) => a + sizes[i]!, 0);
    expect(Math.abs(bytes(split.main) - bytes(split.worker))).toBeLessThan(0.2 * bytes([...split.main, ...split.worker]));
    expect(splitRun(all.slice(0, 3))).toBeUndefined();
  });

  it("parses everything on one thread when the worker cannot start", async () => {
    const one = render("json", await validatePaths(["test/fixtures/real-world"], OPTIONS));
    enableWorker("/nonexistent/worker.js", {});
    vi.stubEnv("ABWATCH_VALIDATE_THREADS", "2");
    const fallback = render("json", await validatePaths(["test/fixtures/real-world"], OPTIONS));
    expect(fallback).toBe(one);
  }, 120_000);
});
