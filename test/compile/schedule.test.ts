// The schedule gate of the lifecycle alerts (ExperimentMetricsAbsent, ArmReceivingNoTraffic), with
// real promtool. Its clock starts in 1970: the generated tests prove the gate closed there and open
// in 30-day steps; here the same experiments, scheduled from 1970, prove the alerts fire on their
// faults once it opens, and rules without the gate fail the generated tests.
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { compileRuleFile } from "../../src/compile/rules/index.ts";
import { compileScheduleTests, compileTests } from "../../src/compile/tests/index.ts";
import { toYaml } from "../../src/emit/yaml.ts";
import { loadExperiments } from "../../src/load/index.ts";
import { ALERTS } from "../../src/model/conventions.ts";
import { ExperimentSchema, type Experiment } from "../../src/model/schema.ts";
import { REPO, runCli } from "../support/cli.ts";
import { scratch } from "../support/tmp.ts";
import { tool } from "../support/tools.ts";

function promtool(args: string[], cwd: string) {
  const r = spawnSync(tool("promtool"), args, { cwd, encoding: "utf8", timeout: 300_000 });
  return { code: r.status, out: `${r.stdout}${r.stderr}` };
}

/** Writes the experiment's rules and tests as generate lays them out; returns the tests directory. */
function writeTree(dir: string, exp: Experiment): string {
  mkdirSync(join(dir, "rules"), { recursive: true });
  mkdirSync(join(dir, "tests"), { recursive: true });
  writeFileSync(join(dir, "rules", `${exp.id}.rules.yml`), toYaml(compileRuleFile(exp), "test"));
  writeFileSync(join(dir, "tests", `${exp.id}.test.yml`), toYaml(compileTests(exp), "test"));
  const schedule = compileScheduleTests(exp);
  if (schedule) writeFileSync(join(dir, "tests", `${exp.id}.schedule.test.yml`), toYaml(schedule, "test"));
  return join(dir, "tests");
}

const repo = (await loadExperiments("experiments", REPO)).experiments.map((e) => e.experiment);
const scheduled = repo.filter((e) => e.schedule !== undefined);

describe("the lifecycle alerts' schedule gate", () => {
  it("is in the rules: from the start (inclusive) until the end (exclusive), in Unix seconds", () => {
    const exp = ExperimentSchema.parse({
      id: "gate",
      title: "Gate",
      owner: { team: "ml" },
      arms: [
        { name: "a", weight: 0.5, control: true },
        { name: "b", weight: 0.5 },
      ],
      schedule: { start: "2026-11-01T09:30:00+01:00", end: "2026-12-31" },
    });
    const rules = compileRuleFile(exp).groups[0]!.rules.filter((r) => "alert" in r);
    const gate = "\n  and on () vector(time()) >= 1793521800\n  and on () vector(time()) < 1798761600";
    for (const name of [ALERTS.metricsAbsent, ALERTS.armNoTraffic]) {
      expect(rules.find((r) => "alert" in r && r.alert === name)!.expr.endsWith(gate), name).toBe(true);
    }
    // The others need traffic to fire, so they need no gate.
    expect(rules.find((r) => "alert" in r && r.alert === ALERTS.highErrorRate)!.expr).not.toContain("time()");
  });

  it.each(scheduled.map((e) => [e.id, e] as const))(
    "%s: scheduled from 1970, both lifecycle alerts fire on their faults in the generated tests",
    (_id, exp) => {
      const open = { ...structuredClone(exp), schedule: { start: "1970-01-01" } };
      const tests = compileTests(open);
      const names = tests.tests.map((g) => g.name);
      expect(names).toContain(`${ALERTS.metricsAbsent} fires on its fault and not before its for`);
      expect(names).toContain(`${ALERTS.armNoTraffic} fires on its fault and not before its for`);
      const dir = writeTree(scratch(), open);
      const r = promtool(["test", "rules", `${open.id}.test.yml`, `${open.id}.schedule.test.yml`], dir);
      expect(r.code, r.out).toBe(0);
    },
  );

  it.each(scheduled.map((e) => [e.id, e] as const))("%s: the generated tests fail on rules without the gate", (_id, exp) => {
    const dir = scratch();
    const tests = writeTree(dir, exp);
    const file = join(dir, "rules", `${exp.id}.rules.yml`);
    const rules = readFileSync(file, "utf8");
    const ungated = rules.replace(/\n\s+and on \(\) vector\(time\(\)\) (?:>=|<) \d+/g, "");
    expect(ungated).not.toBe(rules);
    writeFileSync(file, ungated);
    const main = promtool(["test", "rules", `${exp.id}.test.yml`], tests);
    expect(main.code).toBe(1);
    expect(main.out).toContain(`alertname: ${ALERTS.armNoTraffic}`);
    const schedule = promtool(["test", "rules", `${exp.id}.schedule.test.yml`], tests);
    expect(schedule.code).toBe(1);
    expect(schedule.out).toContain(`alertname: ${ALERTS.metricsAbsent}`);
  });

  it("has an experiment in this repository to test it on", () => {
    expect(scheduled.length).toBeGreaterThan(0);
  });
});

describe("generate's warnings", () => {
  function project(extra: string): string {
    const root = scratch();
    mkdirSync(join(root, "experiments"));
    const source = readFileSync(join(REPO, "test/fixtures/good/minimal.ts"), "utf8").replace("arms: [", `${extra}\n  arms: [`);
    writeFileSync(join(root, "experiments/minimal.ts"), source);
    return root;
  }

  it("an end already past: a warning on stderr, exit 0, and the files it would write anyway", () => {
    const root = project('schedule: { start: "2020-01-01", end: "2020-02-01" },');
    const r = runCli(["generate"], root);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain(
      "experiments/minimal.ts: schedule.end: warning: 2020-02-01 has passed: ExperimentPastEndDate fires an hour after these rules are deployed",
    );
    expect(readFileSync(join(root, "generated/rules/minimal.rules.yml"), "utf8")).toContain("vector(time()) > 1580601600");
    expect(runCli(["generate", "--check"], root).code).toBe(0);
  });

  it("placeholder links: one warning per experiment naming every placeholder field", () => {
    const root = project("");
    const r = runCli(["generate", "--check"], root);
    const lines = r.stderr.split("\n").filter((l) => l.includes("(model/placeholder-links)"));
    expect(lines).toHaveLength(1);
    for (const field of ["runbooks.baseUrl", "grafana.url", "prometheus.url", "metrics.endpoint"]) expect(lines[0]).toContain(field);
    const set = project(
      'runbooks: { baseUrl: "https://wiki.example/rb" }, grafana: { url: "https://grafana.example" }, ' +
        'prometheus: { url: "https://prom.example" }, metrics: { endpoint: "http://svc.example/metrics" },',
    );
    expect(runCli(["generate", "--check"], set).stderr).not.toContain("warning");
  });
});
