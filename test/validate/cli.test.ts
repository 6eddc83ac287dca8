// `abwatch validate` as users and CI run it: exit codes, formats, options.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../support/cli.ts";
import { scratch } from "../support/tmp.ts";

const GOOD = "test/fixtures/rules/good/realistic_ab_test_rules.yml";
const BAD = "test/fixtures/rules/bad/promql_rate_of_instant_vector.yml";
const STYLE_ONLY = "test/fixtures/rules/good/lint_alert_name_not_camel_case.yml";
const BUG_LINT = "test/fixtures/rules/good/lint_rate_of_gauge.yml";

describe("abwatch validate", () => {
  it("validates generated/ by default and passes on the committed output", () => {
    const r = runCli(["validate"]);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^ok: \d+ files checked, 0 errors, \d+ warnings?$/m);
  });

  it("exits 0 on a valid file and 1 on an invalid one, printing promtool-like lines", () => {
    expect(runCli(["validate", GOOD]).code).toBe(0);
    const bad = runCli(["validate", BAD]);
    expect(bad.code).toBe(1);
    // 6:21 is the offending token (the argument of rate()); promtool prints 6:15, where the expr
    // starts. The README says so; the expression-relative 1:6 in the message is promtool's own.
    expect(bad.stdout).toContain(
      `${BAD}: 6:21: group "example", rule 1, "job:example:value": could not parse expression: 1:6: parse error: expected type range vector in call to function "rate", got instant vector (promql/type)`,
    );
    expect(bad.stdout).toContain("FAILED: 1 file checked, 1 error");
  });

  it("treats bug-class lint warnings as errors with --strict", () => {
    const warned = runCli(["validate", BUG_LINT]);
    expect(warned.code).toBe(0);
    expect(warned.stdout).toContain("warning: rate() of \"job:errors:ratio_rate5m\", which is a gauge");
    expect(runCli(["validate", "--strict", BUG_LINT]).code).toBe(1);
  });

  it("runs style checks only when asked: --lint all or by name", () => {
    const quiet = runCli(["validate", "--strict", STYLE_ONLY]);
    expect(quiet.code, quiet.stdout).toBe(0);
    expect(quiet.stdout).not.toContain("alerts/name-case");
    expect(runCli(["validate", "--strict", "--lint", "all", STYLE_ONLY]).code).toBe(1);
    const named = runCli(["validate", "--lint", "alerts/name-case", STYLE_ONLY]);
    expect(named.code).toBe(0);
    expect(named.stdout).toContain("(alerts/name-case)");
  });

  it.each([
    ["an unknown flag", ["validate", "--frobnicate", GOOD], "unknown option"],
    ["an unreadable path", ["validate", "no/such/file.yml"], "cannot read no/such/file.yml"],
    ["an unknown format", ["validate", "--format", "xml", GOOD], "--format must be one of text, json, junit, github"],
    ["a bad evaluation interval", ["validate", "--evaluation-interval", "soon", GOOD], "--evaluation-interval must be a duration"],
    ["an unknown kind", ["validate", "--kind", "grafana", GOOD], "--kind must be one of"],
    ["an unknown check in --lint", ["validate", "--lint", "alerts/name-cases", GOOD], '--lint: no check named "alerts/name-cases"; did you mean "alerts/name-case"?'],
    ["a bad --prometheus-version", ["validate", "--prometheus-version", "latest", GOOD], '--prometheus-version must be a version like "2.42"'],
  ])("exits 2 on %s", (_what, args, message) => {
    const r = runCli(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
  });

  it("writes machine-readable json, junit and github output", () => {
    const json = runCli(["validate", "--format", "json", BAD, GOOD]);
    expect(json.code).toBe(1);
    expect((JSON.parse(json.stdout) as { file: string; check: string }[]).filter((p) => p.file === BAD).map((p) => p.check)).toContain("promql/type");
    const junit = runCli(["validate", "--format", "junit", BAD, GOOD]);
    expect(junit.stdout).toContain('<testsuite name="abwatch validate" tests="2" failures="1"');
    const github = runCli(["validate", "--format", "github", BAD]);
    expect(github.stdout).toMatch(/^::error file=test\/fixtures\/rules\/bad\/promql_rate_of_instant_vector\.yml,line=6,col=21,title=promql\/type::/);
  });

  it("walks directories for .yml, .yaml and dashboard .json files only, detecting each kind", () => {
    const dir = scratch();
    writeFileSync(join(dir, "rules.yaml"), "groups:\n  - name: g\n    rules:\n      - record: a:b\n        expr: sum(up)\n");
    writeFileSync(join(dir, "alertmanager.yml"), "route:\n  receiver: r\n  routes:\n    - receiver: nobody\nreceivers:\n  - name: r\n");
    writeFileSync(join(dir, "README.md"), "not validated");
    writeFileSync(join(dir, "package.json"), '{"name": "not a dashboard"}');
    const r = runCli(["validate", "--format", "junit", dir]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('tests="2"');
    expect(r.stdout).toContain('classname="alertmanager"');
    expect(r.stdout).toContain('undefined receiver &quot;nobody&quot; used in route');
  });

  it("validates as the kind --kind names", () => {
    const dir = scratch();
    const file = join(dir, "config.yml");
    writeFileSync(file, "groups: []\n");
    expect(runCli(["validate", "--kind", "alertmanager", file]).code).toBe(1);
    expect(runCli(["validate", file]).code).toBe(0);
  });
});
