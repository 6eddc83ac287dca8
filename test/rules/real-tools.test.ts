// The generated rules, tests and routing, checked by the real tools: promtool (lint and unit
// tests), amtool and vmalert. A missing tool fails the test; nothing is skipped.
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import yaml from "js-yaml";
import { num } from "../../src/compile/promql.ts";
import { compileInlineAlertFile } from "../../src/compile/rules/index.ts";
import { compileTests } from "../../src/compile/tests/index.ts";
import { toYaml } from "../../src/emit/yaml.ts";
import { loadExperiments } from "../../src/load/index.ts";
import { RECORD } from "../../src/model/conventions.ts";
import { readTree } from "../../src/write/tree.ts";
import { REPO, runCli } from "../support/cli.ts";
import { scratch } from "../support/tmp.ts";
import { tool } from "../support/tools.ts";

const GENERATED = join(REPO, "generated");
const files = readTree(GENERATED).map((f) => f.path);
const ruleFiles = files.filter((f) => f.startsWith("rules/"));
const testFiles = files.filter((f) => f.startsWith("tests/"));

function run(cmd: string, args: readonly string[], cwd = GENERATED) {
  const r = spawnSync(tool(cmd), args, { cwd, encoding: "utf8", timeout: 120_000 });
  return { code: r.status, out: `${r.stdout}${r.stderr}` };
}

describe("promtool", () => {
  it("finds rule files and test files for both examples", () => {
    expect(ruleFiles).toEqual(["rules/baseline-vs-enhanced.rules.yml", "rules/search-ranking-three-way.rules.yml"]);
    expect(testFiles.length).toBeGreaterThanOrEqual(2);
  });

  it.each(ruleFiles)("check rules --lint=all accepts %s with no finding", (file) => {
    const r = run("promtool", ["check", "rules", "--lint=all", file]);
    expect(r.code, r.out).toBe(0);
    expect(r.out).toMatch(/SUCCESS: \d+ rules found/);
    expect(r.out.trim().split("\n")).toHaveLength(2); // "Checking …" and "SUCCESS …": no lint lines
  });

  it.each(testFiles)("test rules passes %s", (file) => {
    const r = run("promtool", ["test", "rules", file.slice("tests/".length)], join(GENERATED, "tests"));
    expect(r.code, r.out).toBe(0);
    expect(r.out).toContain("SUCCESS");
  });

  it("test rules fails when an alert's threshold is wrong (the tests can fail)", () => {
    const dir = scratch();
    mkdirSync(join(dir, "rules"));
    mkdirSync(join(dir, "tests"));
    const rules = readTree(GENERATED).find((f) => f.path === "rules/baseline-vs-enhanced.rules.yml")!.content;
    const broken = rules.replace(/ab_test_request_errors:ratio_rate5m\{experiment="baseline-vs-enhanced"\} > 0\.05/, (m) => m.replace("0.05", "0.5"));
    expect(broken).not.toBe(rules);
    writeFileSync(join(dir, "rules/baseline-vs-enhanced.rules.yml"), broken);
    writeFileSync(join(dir, "tests/t.test.yml"), readTree(GENERATED).find((f) => f.path === "tests/baseline-vs-enhanced.test.yml")!.content);
    const r = run("promtool", ["test", "rules", "t.test.yml"], join(dir, "tests"));
    expect(r.code).toBe(1);
    expect(r.out).toContain("alertname: HighErrorRate");
  });

  describe("test rules fails when a sequential test's boundary or statistic is mutated", () => {
    const rules = readTree(GENERATED).find((f) => f.path === "rules/baseline-vs-enhanced.rules.yml")!.content;
    const tests = yaml.load(readTree(GENERATED).find((f) => f.path === "tests/baseline-vs-enhanced.test.yml")!.content) as {
      tests: { name: string }[];
    };
    // Only the groups that exercise the sequential tests, so each mutation costs one short promtool run.
    tests.tests = tests.tests.filter((g) => /SampleRatioMismatch|AccuracyRegression|statistics on/.test(g.name));
    const alpha = (a: number) => num(2 * Math.log(1 / a));
    /** Replaces `from` inside the rule named `rule` only. */
    const mutate = (rule: string, from: string | RegExp, to: string) => {
      const start = rules.search(new RegExp(`- (alert|record): ${rule}\\n`));
      expect(start, rule).toBeGreaterThan(0);
      const next = rules.slice(start + 1).search(/\n\s+- (alert|record): /);
      const end = next < 0 ? rules.length : start + 1 + next;
      const block = rules.slice(start, end);
      const changed = block.replace(typeof from === "string" ? new RegExp(from.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"), "g") : from, to);
      expect(changed, `${rule}: ${String(from)}`).not.toBe(block);
      return rules.slice(0, start) + changed + rules.slice(end);
    };
    const promtoolOn = (ruleText: string) => {
      const dir = scratch();
      mkdirSync(join(dir, "rules"));
      mkdirSync(join(dir, "tests"));
      writeFileSync(join(dir, "rules/baseline-vs-enhanced.rules.yml"), ruleText);
      writeFileSync(join(dir, "tests/t.test.yml"), toYaml(tests, "test"));
      return run("promtool", ["test", "rules", "t.test.yml"], join(dir, "tests"));
    };
    it("(control: the same groups pass on the generated rules)", () => {
      const r = promtoolOn(rules);
      expect(r.code, r.out).toBe(0);
    });
    it.each([
      ["SRM alpha 0.05 -> 0.06", "SampleRatioMismatch", "<= 0.05", "<= 0.06"],
      ["SRM alpha 0.05 -> 0.045", "SampleRatioMismatch", "<= 0.05", "<= 0.045"],
      ["SRM tau 0.05 -> 0.06", "SampleRatioMismatch", "0.0025", "0.0036"],
      ["SRM formula: d/2 dropped", "SampleRatioMismatch", "0.5 * ln(", "ln("],
      ["accuracy alpha 0.05 -> 0.045", "AccuracyRegression", alpha(0.05), alpha(0.045)],
      ["accuracy alpha 0.05 -> 0.06", "AccuracyRegression", alpha(0.05), alpha(0.06)],
      ["accuracy tau 0.03 -> 0.035", "AccuracyRegression", "0.0009", "0.001225"],
      ["accuracy formula: the log term dropped", "AccuracyRegression", "+ ln((", "+ 0 * ln(("],
      ["Agresti-Caffo variance cubed -> squared", RECORD.accuracyCumulative, ") ^ 3,", ") ^ 2,"],
      ["hourly sums at half-hour steps", RECORD.requestsCumulative, ":1h])", ":30m])"],
    ])("%s", (_name, rule, from, to) => {
      const r = promtoolOn(mutate(rule, from, to));
      expect(r.code, r.out).toBe(1);
      expect(r.out).toContain("FAILED");
    });
  });

  it("the same alerts without recording rules (but the sequential chain) pass the same alert tests", async () => {
    const dir = scratch();
    const { experiments } = await loadExperiments("experiments", REPO);
    for (const { file, experiment } of experiments) {
      writeFileSync(join(dir, `${experiment.id}.inline.rules.yml`), toYaml(compileInlineAlertFile(experiment), file));
      const tests = compileTests(experiment, { ruleFile: `${experiment.id}.inline.rules.yml`, statistics: false });
      writeFileSync(join(dir, `${experiment.id}.inline.test.yml`), toYaml(tests, file));
      const lint = run("promtool", ["check", "rules", `${experiment.id}.inline.rules.yml`], dir);
      expect(lint.code, lint.out).toBe(0);
      const r = run("promtool", ["test", "rules", `${experiment.id}.inline.test.yml`], dir);
      expect(r.code, r.out).toBe(0);
    }
  });
});

describe("amtool", () => {
  it("check-config accepts alertmanager.yml", () => {
    const r = run("amtool", ["check-config", "alertmanager/alertmanager.yml"]);
    expect(r.code, r.out).toBe(0);
    expect(r.out).toContain("SUCCESS");
  });
});

describe("vmalert -dryRun", () => {
  it.each(ruleFiles)("accepts %s", (file) => {
    const r = run("vmalert", ["-dryRun", `-rule=${file}`]);
    expect(r.code, r.out).toBe(0);
  });

  it("rejects a rule file with a PromQL syntax error (the dry run really parses)", () => {
    const dir = scratch();
    writeFileSync(join(dir, "bad.yml"), "groups:\n  - name: g\n    rules:\n      - alert: A\n        expr: sum(rate(x[5m])\n");
    const r = run("vmalert", ["-dryRun", "-rule=bad.yml"], dir);
    expect(r.code).not.toBe(0);
  });
});

describe("a service with only the spec's four metrics and no experiment label", () => {
  it("gets rules that lint clean and tests that pass, without the features it cannot support", () => {
    const root = scratch();
    mkdirSync(join(root, "experiments"));
    writeFileSync(join(root, "experiments/x.ts"), readFileSync(join(REPO, "test/fixtures/good/spec-four-metrics.ts"), "utf8"));
    const g = runCli(["generate"], root);
    expect(g.code, g.stderr).toBe(0);
    const out = join(root, "generated");
    const rules = readFileSync(join(out, "rules/spec-four-metrics.rules.yml"), "utf8");
    expect(rules).not.toContain("PredictionDrift");
    expect(rules).not.toContain("AccuracyRegression");
    expect(rules).toContain("absent(ab_test_requests_total)");
    const lint = run("promtool", ["check", "rules", "--lint=all", "rules/spec-four-metrics.rules.yml"], out);
    expect(lint.code, lint.out).toBe(0);
    const t = run("promtool", ["test", "rules", "spec-four-metrics.test.yml"], join(out, "tests"));
    expect(t.code, t.out).toBe(0);
  });
});
