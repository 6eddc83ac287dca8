// Beyond rule files: promtool test files, dashboards, and the precompiled rules schema.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { DEFAULT_TARGET } from "../../src/validate/version.ts";
import { describe, expect, it } from "vitest";
import { validatePaths } from "../../src/validate/index.ts";
import { checkDashboard } from "../../src/validate/kinds/dashboard.ts";
import { checkRuleFile } from "../../src/validate/kinds/rules.ts";
import { checkTests } from "../../src/validate/kinds/tests.ts";
import { schemaValidator } from "../../src/validate/schemas/index.ts";
import { MODULES, moduleUrl, STANDALONE_RULES, standaloneModuleCode, standaloneModuleTypes, standaloneRulesCode, typesUrl } from "../../src/validate/schemas/standalone.ts";
import { REPO } from "../support/cli.ts";
import { scratch } from "../support/tmp.ts";

const opts = { cwd: REPO, experiments: "experiments", evaluationIntervalMs: 60_000, strict: false, target: DEFAULT_TARGET, lint: { all: true, names: new Set<string>() } };

describe("promtool test files", () => {
  const dir = scratch();
  writeFileSync(join(dir, "rules.yml"), "groups:\n  - name: g\n    rules:\n      - alert: Down\n        expr: up == 0\n");
  const test = (body: string) => `rule_files: [rules.yml]\nevaluation_interval: 1m\ntests:\n  - interval: 1m\n${body}`;
  const check = async (text: string) => (await checkTests("t.yml", join(dir, "t.yml"), text)).problems;

  it("accepts the generated test files", async () => {
    const r = await validatePaths(["generated/tests"], opts);
    expect(r.problems.filter((p) => p.severity === "error")).toEqual([]);
    expect(r.files.length).toBeGreaterThan(0);
    expect(r.files.every((f) => f.kind === "tests")).toBe(true);
  });

  it.each([
    ["an expression that does not parse", '    input_series: []\n    promql_expr_test:\n      - expr: rate(up)\n        eval_time: 1m\n', "tests/promql", "expected type range vector"],
    ["an input series that is not a selector", "    input_series:\n      - series: sum(up)\n        values: 1 2 3\n", "tests/series", "expected a metric name with label=value pairs"],
    ["values outside the expanding notation", '    input_series:\n      - series: up{job="a"}\n        values: 1 2 three\n', "tests/series", 'invalid value "three"'],
    ["an invalid eval_time", "    input_series: []\n    alert_rule_test:\n      - eval_time: 5 minutes\n        alertname: Down\n", "tests/duration", "not a valid duration string"],
    ["a field the schema does not know", "    input_series: []\n    alerts: []\n", "schema/tests", 'unknown field "alerts"'],
  ])("reports %s", async (_what, body, checkName, message) => {
    const problems = await check(test(body));
    expect(problems.some((p) => p.check === checkName && p.message.includes(message)), JSON.stringify(problems)).toBe(true);
  });

  it("reports an invalid eval_time once, with its own message rather than the schema's pattern", async () => {
    const problems = await check(test("    input_series: []\n    alert_rule_test:\n      - eval_time: 5minutes\n        alertname: Down\n"));
    expect(problems.map((p) => `${p.check}: ${p.message}`)).toEqual(['tests/duration: not a valid duration string: "5minutes"']);
  });

  it("points at a misspelt key and suggests the known one", async () => {
    const problems = await check("rule_files: [rules.yml]\nevaluation_interval: 1m\ntestz: []\n");
    expect(problems).toMatchObject([{ check: "schema/tests", line: 3, column: 1, message: 'unknown field "testz"; did you mean "tests"?' }]);
  });

  it("reports a rule file that does not exist", async () => {
    const problems = await check("rule_files: [missing.yml]\ntests: []\n");
    expect(problems).toMatchObject([{ check: "tests/rule-files", message: expect.stringContaining('rule file "missing.yml" not found'), line: 1 }]);
  });

  it("accepts values in the expanding notation", async () => {
    expect(await check(test('    input_series:\n      - series: up{job="a"}\n        values: 0+1x10 _ stale 5 -2x3 _x2 1e3\n'))).toEqual([]);
  });
});

describe("dashboards", () => {
  const generated = readFileSync(join(REPO, "generated/dashboards/baseline-vs-enhanced.json"), "utf8");

  it("accepts the generated dashboards and parses every query", async () => {
    const r = await checkDashboard("d.json", generated);
    expect(r.problems).toEqual([]);
    expect(r.model!.queries.length).toBeGreaterThan(10);
    expect(r.model!.queries.every((q) => q.parsed !== undefined)).toBe(true);
    expect(r.model!.generatedFrom).toBe("experiments/baseline-vs-enhanced.ts");
  });

  it("reports a schema violation at its line", async () => {
    const d = JSON.parse(generated) as { panels: { gridPos: { h: unknown } }[] };
    d.panels[1]!.gridPos.h = "tall";
    const text = JSON.stringify(d, null, 2);
    const problems = (await checkDashboard("d.json", text)).problems;
    expect(problems).toMatchObject([{ check: "schema/dashboard", path: ["panels", 1, "gridPos", "h"], message: "must be integer" }]);
    expect(text.split("\n")[problems[0]!.line! - 1]).toContain('"h": "tall"');
  });

  it("reports a query that does not parse, with Grafana variables substituted first", async () => {
    const d = JSON.parse(generated) as { panels: { targets?: { expr: string }[] }[] };
    const panel = d.panels.find((p) => (p.targets?.length ?? 0) > 0)!;
    panel.targets![0]!.expr = "sum(rate(ab_test_requests_total[$__rate_interval]) by (model_name)";
    const problems = (await checkDashboard("d.json", JSON.stringify(d, null, 2))).problems;
    expect(problems).toMatchObject([{ check: "dashboard/promql", message: expect.stringContaining("unclosed left parenthesis") }]);
  });

  it("reports invalid JSON with its position", async () => {
    const problems = (await checkDashboard("d.json", '{\n  "title": "x",\n  "panels": [\n}')).problems;
    expect(problems[0]).toMatchObject({ check: "dashboard/json", line: 4 });
  });
});

describe("the precompiled schemas", () => {
  it("compile the rules schema into the committed standalone module", async () => {
    expect(readFileSync(STANDALONE_RULES, "utf8")).toBe(await standaloneRulesCode());
  });

  it.each(MODULES.map((m) => [m.file, m] as const))("compile %s from the vendored schemas, as committed", async (_file, spec) => {
    expect(readFileSync(moduleUrl(spec), "utf8")).toBe(await standaloneModuleCode(spec));
    expect(readFileSync(typesUrl(spec), "utf8")).toBe(standaloneModuleTypes(spec));
  });

  it("still rejects what the schema rejects", async () => {
    const validate = await schemaValidator("rules");
    expect(validate({ groups: [{ name: "g", rules: [{ record: "a", alert: "B", expr: "up" }] }] })).toBe(false);
    expect(validate({ groups: [{ name: "g", rules: [{ record: "a", expr: "up" }] }] })).toBe(true);
  });

  it("does not reject a recording rule with for: 0s, as promtool accepts it", async () => {
    const r = await checkRuleFile("r.yml", "groups:\n  - name: g\n    rules:\n      - record: a\n        expr: up\n        for: 0s\n        annotations: {}\n");
    expect(r.problems).toEqual([]);
  });
});
