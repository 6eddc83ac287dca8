// The promtool test file writer (src/emit/tests.ts) knows the file's shape in advance; whatever it is
// given, it must write exactly what the general YAML writer writes for the same value. Held to it on
// every test file the compilers make (the bundled experiments, benchmark experiments, schedules,
// disabled metrics, three arms) and on seeded random test files full of strings YAML finds hard.
import { describe, expect, it } from "vitest";
import { syntheticExperiment } from "../../bench/synthetic.ts";
import { compileScheduleTests, compileTests } from "../../src/compile/tests/index.ts";
import type { AlertRuleTest, ExpAlert, PromqlExprTest, TestFile, TestGroup } from "../../src/compile/tests/types.ts";
import { testFileYaml } from "../../src/emit/tests.ts";
import { toYamlBody } from "../../src/emit/yaml.ts";
import { loadExperiments } from "../../src/load/index.ts";
import { ExperimentSchema, type ExperimentInput } from "../../src/model/schema.ts";
import { seeded } from "../../src/simulator/random.ts";
import { REPO } from "../support/cli.ts";

function variants(): ExperimentInput[] {
  const base = syntheticExperiment(3);
  return [
    ...[0, 1, 2, 3, 7].map(syntheticExperiment),
    { ...base, id: "scheduled", schedule: { start: "2026-11-01T09:30:00+01:00", end: "2026-12-31" } },
    { ...base, id: "open-ended", schedule: { start: "1970-01-01" } },
    {
      ...base,
      id: "bare",
      metrics: { ...base.metrics, names: { predictionsEvaluated: false, predictionScore: false, confidence: false, businessImpact: false } },
    },
    {
      ...base,
      id: "three-arms",
      arms: [
        { name: "control", weight: 0.5, control: true },
        { name: "b", weight: 0.25 },
        { name: "c", weight: 0.25 },
      ],
    },
  ];
}

describe("testFileYaml", () => {
  it("writes what toYamlBody writes for every test file of the bundled and varied experiments", async () => {
    const { experiments, problems } = await loadExperiments("experiments", REPO);
    expect(problems.filter((p) => p.severity === "error")).toEqual([]);
    const all = [...experiments.map((s) => s.experiment), ...variants().map((v) => ExperimentSchema.parse(v))];
    let files = 0;
    for (const exp of all) {
      for (const file of [compileTests(exp), compileTests(exp, { statistics: false }), compileScheduleTests(exp)]) {
        if (file === undefined) continue;
        expect(testFileYaml(file)).toBe(toYamlBody(file));
        files++;
      }
    }
    expect(files).toBeGreaterThanOrEqual(2 * all.length + 2);
  });

  it("writes what toYamlBody writes for 3,000 seeded random test files", () => {
    const random = seeded(2026);
    const int = (n: number) => Math.floor(random() * n);
    const chance = (p: number) => random() < p;
    const PIECES = [
      "a", "x_y", " ", "  ", ": ", " #", "#", "-", "- ", "?", "|", ">", "'", '"', "\\", "{{ $value }}", "\n", "\n\n", "\t", "\r",
      "é", "—", "±", "\u0085", "\u2028", "\ud83d\ude00", "\ud800", "yes", "No", "null", "~", "0", "1.5", "-3", "1e3", "0x1F",
      "12:30", "2026-01-01", ".inf", "5m", "0+1482x90", "_x5", "le=\"+Inf\"", "rate(x[5m])", "sum by (le) (", "{a=\"b\"}",
    ];
    const text = (max = 8) => {
      let s = "";
      for (let i = int(max + 1); i > 0; i--) s += PIECES[int(PIECES.length)];
      return s;
    };
    // Sometimes longer than the 80 characters after which an expr goes into a block scalar.
    const expr = () => (chance(0.3) ? `${text(4)}${"sum(rate(x[5m])) ".repeat(1 + int(8))}${text(3)}` : text());
    const map = () => {
      const m: Record<string, string> = {};
      for (let i = int(4); i > 0; i--) m[chance(0.7) ? ["severity", "experiment", "model_name", "summary", "expr"][int(5)]! : text(3)] = chance(0.2) ? expr() : text();
      return m;
    };
    const list = <T>(make: () => T, max: number): T[] => Array.from({ length: int(max + 1) }, make);
    const withComment = <T extends object>(item: T): T => (chance(0.5) ? { comment: text(), ...item } : item);
    const alert = (): ExpAlert => ({ exp_labels: map(), exp_annotations: map() });
    const ruleTest = (): AlertRuleTest => withComment({ eval_time: text(2), alertname: text(3), exp_alerts: list(alert, 2) });
    const numbers = [0, 1, -1, 0.5, 1e-7, 123456789012, 0.1 + 0.2, 2.5e21, Number.NaN, -0];
    const exprTest = (): PromqlExprTest =>
      withComment({ expr: expr(), eval_time: text(2), exp_samples: list(() => ({ labels: text(), value: numbers[int(numbers.length)]! }), 2) });
    const group = (): TestGroup => {
      const g: TestGroup = {
        name: text(),
        interval: text(2),
        input_series: list(() => ({ series: chance(0.5) ? `ab_test_requests_total{experiment="${text(3)}"}` : text(), values: text(3) }), 4),
      };
      if (chance(0.7)) g.alert_rule_test = list(ruleTest, 3);
      if (chance(0.5)) g.promql_expr_test = list(exprTest, 3);
      return g;
    };
    for (let n = 0; n < 3_000; n++) {
      const file: TestFile = { rule_files: list(() => text(3), 2), evaluation_interval: text(2), tests: list(group, 3) };
      const expected = toYamlBody(file);
      if (testFileYaml(file) !== expected) expect({ n, text: testFileYaml(file) }).toEqual({ n, text: expected });
    }
  });
});
