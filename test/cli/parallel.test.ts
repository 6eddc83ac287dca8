// From 64 experiments on, generate compiles on a worker thread as well, which also compares its
// files with the output directory. The bytes must not depend on it: the same tree as emitting
// every experiment on one thread, and --check still sees a change made to a worker's experiment.
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { emitExperiment, emitShared } from "../../src/emit/index.ts";
import { loadExperiments } from "../../src/load/index.ts";
import { compilerIdentity, experimentKey, manifestFile, sha256 } from "../../src/write/manifest.ts";
import { readTree } from "../../src/write/tree.ts";
import { writeSyntheticExperiments } from "../../bench/synthetic.ts";
import { runCli } from "../support/cli.ts";
import { scratch } from "../support/tmp.ts";

describe("generate with a worker thread (70 experiments)", () => {
  const root = scratch();
  writeSyntheticExperiments(join(root, "experiments"), 70);

  it("writes the same bytes as one thread emitting every experiment", async () => {
    const r = runCli(["generate"], root);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain("from 70 experiments");
    const { experiments } = await loadExperiments("experiments", root);
    const compiler = compilerIdentity();
    const entries = new Map(
      experiments.map((s) => [
        s.experiment.id,
        { key: experimentKey(compiler, s)!, files: Object.fromEntries(emitExperiment(s).map((f) => [f.path, sha256(f.content)])) },
      ]),
    );
    const expected = [
      ...experiments.flatMap(emitExperiment),
      ...emitShared(experiments, "experiments/"),
      manifestFile(compiler, entries, "experiments/*.ts"),
    ]
      .map(({ path, content }) => ({ path, content })) // the text alone, not how emit kept its pieces
      .sort((a, b) => (a.path < b.path ? -1 : 1));
    expect(readTree(join(root, "generated"))).toEqual(expected);
  });

  it("--check sees changes to experiments whichever thread compiles them, and only those", () => {
    expect(runCli(["generate", "--check"], root).code).toBe(0);
    // The threads take experiments from a shared counter: change one early and one late.
    for (const [id, from, to] of [["11", "10011", "10012"], ["69", "10069", "10070"]] as const) {
      const file = join(root, `experiments/bench-${id}.ts`);
      writeFileSync(file, readFileSync(file, "utf8").replace(`"dailyRequests": ${from}`, `"dailyRequests": ${to}`));
    }
    const r = runCli(["generate", "--check"], root);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("changed dashboards/bench-11.json");
    expect(r.stderr).toContain("changed dashboards/bench-69.json");
    expect(r.stderr).not.toMatch(/changed \w+\/bench-(?!11\b|69\b)/);
  });

  it("after those changes, rewrites the tree to exactly what a fresh run writes, leaving nothing beside it", () => {
    const r = runCli(["generate"], root);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain("(7 changed)"); // dashboard, rules and tests of the two changed experiments, and the manifest
    expect(runCli(["generate", "--out", "fresh"], root).code).toBe(0);
    expect(readTree(join(root, "generated"))).toEqual(readTree(join(root, "fresh")));
    expect(readdirSync(root).sort()).toEqual(["experiments", "fresh", "generated"]);
  });

  it("exits 2 (and does not hang on its worker) when an experiment is invalid", () => {
    const file = join(root, "experiments/bench-12.ts");
    writeFileSync(file, readFileSync(file, "utf8").replace('"weight": 0.5', '"weight": 50'));
    const r = runCli(["generate", "--check"], root);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("experiments/bench-12.ts: arms");
  });
});
