// promtool unit-test files (`promtool test rules`): the SchemaStore schema over the YAML as
// promtool types it, every PromQL expression and input series, and the rule files they load.
import { existsSync, readdirSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { parseDuration } from "../duration.ts";
import { exprPosition, parsePromQL } from "../promql/parse.ts";
import { problem, type ValidationProblem } from "../problem.ts";
import { pointerKeys, schemaMessages, schemaValidator } from "../schemas/index.ts";
import { DEFAULT_TARGET, type PrometheusVersion } from "../version.ts";
import { keyAtPath, nodeAtPath, parseYaml, toPlain, valuePosition, type YamlNode } from "../yaml.ts";

export interface TestsModel {
  kind: "tests";
  file: string;
  root: YamlNode | undefined;
  data: Record<string, unknown>;
  /** rule_files resolved against the test file's directory (globs expanded), existing ones only. */
  ruleFiles: string[];
  /** alertname of every alert_rule_test, with its path. */
  alertTests: { name: string; path: (string | number)[] }[];
  locate(path: readonly (string | number)[]): { line?: number; column?: number };
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

/** filepath.Glob for the simple patterns rule_files use (`*`, `?` within one path segment). */
function glob(pattern: string): string[] {
  if (!/[*?[]/.test(pattern)) return existsSync(pattern) ? [pattern] : [];
  const parts = pattern.split("/");
  let bases = [parts[0] === "" ? "/" : parts[0]!];
  for (const part of parts.slice(1)) {
    const next: string[] = [];
    for (const base of bases) {
      if (!/[*?[]/.test(part)) {
        const p = join(base, part);
        if (existsSync(p)) next.push(p);
        continue;
      }
      const re = new RegExp(`^${part.replace(/[.+^${}()|\\]/g, "\\$&").replace(/\*/g, "[^/]*").replace(/\?/g, "[^/]")}$`);
      let entries: string[] = [];
      try {
        entries = readdirSync(base);
      } catch {
        entries = [];
      }
      for (const e of entries.sort()) if (re.test(e)) next.push(join(base, e));
    }
    bases = next;
  }
  return bases;
}

/** `1+2x3 _ stale 5 -1x2`: promtool's expanding notation (histogram literals are left alone). */
const VALUE_TOKEN = /^(?:_|stale|[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?|[-+]?(?:inf|nan)|_x\d+|[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?(?:[-+](?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)?x\d+)$/i;

export async function checkTests(file: string, absFile: string, text: string, target: PrometheusVersion = DEFAULT_TARGET): Promise<{ model: TestsModel | undefined; problems: ValidationProblem[] }> {
  const doc = parseYaml(text);
  if (doc.error !== undefined) {
    return {
      model: undefined,
      problems: [problem("tests/yaml", "error", file, `yaml: line ${doc.error.line}: ${doc.error.message}`, { line: doc.error.line, column: doc.error.column })],
    };
  }
  const locate = (path: readonly (string | number)[], offset?: number, key = false) => {
    const node = (key ? keyAtPath(doc.root, path) : undefined) ?? nodeAtPath(doc.root, path);
    if (node === undefined) return {};
    return offset === undefined ? { line: node.line, column: node.column } : valuePosition(text, node, offset);
  };
  const problems: ValidationProblem[] = [];
  const err = (check: string, path: (string | number)[], message: string, offset?: number, key = false) =>
    problems.push(problem(check, "error", file, message, { path, ...locate(path, offset, key) }));

  const plain = toPlain(doc.root, (path) => path[path.length - 1] === "value");
  const data = isObject(plain) ? plain : {};
  const validate = await schemaValidator("tests");
  if (!validate(plain ?? {})) for (const m of schemaMessages(validate.errors)) err("schema/tests", pointerKeys(m.path), m.message, undefined, m.key);

  const dir = dirname(absFile);
  const ruleFiles: string[] = [];
  list(data.rule_files).forEach((f, i) => {
    if (typeof f !== "string") return;
    const found = glob(resolve(dir, f));
    if (found.length === 0) err("tests/rule-files", ["rule_files", i], `rule file ${JSON.stringify(f)} not found (relative to ${dirname(file) || "."})`);
    ruleFiles.push(...found);
  });
  if (typeof data.evaluation_interval === "string") {
    const d = parseDuration(data.evaluation_interval);
    if (!d.ok) err("tests/duration", ["evaluation_interval"], d.error);
  }

  const alertTests: TestsModel["alertTests"] = [];
  list(data.tests).forEach((t, i) => {
    if (!isObject(t)) return;
    const base: (string | number)[] = ["tests", i];
    for (const key of ["interval"] as const) {
      if (typeof t[key] === "string") {
        const d = parseDuration(t[key]);
        if (!d.ok) err("tests/duration", [...base, key], d.error);
      }
    }
    list(t.input_series).forEach((s, j) => {
      if (!isObject(s)) return;
      const path = [...base, "input_series", j];
      if (typeof s.series === "string") {
        const r = parsePromQL(s.series, target);
        const first = r.errors[0];
        const onlySelector = r.expr?.type === "vector" && r.expr.matchers.every((m) => m.op === "=") && r.expr.offsetMs === undefined && r.expr.at === undefined;
        if (first !== undefined) {
          const inner = exprPosition(s.series, first.from);
          err("tests/series", [...path, "series"], `invalid series ${JSON.stringify(s.series)}: ${inner.line}:${inner.column}: parse error: ${first.message}`, first.from);
        } else if (!onlySelector) {
          err("tests/series", [...path, "series"], `invalid series ${JSON.stringify(s.series)}: expected a metric name with label=value pairs`);
        }
      }
      if (typeof s.values === "string" && !s.values.includes("{{")) {
        const bad = s.values.trim().split(/\s+/).find((tok) => tok !== "" && !VALUE_TOKEN.test(tok));
        if (bad !== undefined) err("tests/series", [...path, "values"], `invalid value ${JSON.stringify(bad)} in ${JSON.stringify(s.values)} (expected numbers, _, stale or the a+bxN notation)`);
      }
    });
    list(t.promql_expr_test).forEach((c, j) => {
      if (!isObject(c)) return;
      const path = [...base, "promql_expr_test", j];
      const expr = typeof c.expr === "string" || typeof c.expr === "number" ? String(c.expr) : undefined;
      if (expr !== undefined) {
        const r = parsePromQL(expr, target);
        const first = r.errors[0];
        if (first !== undefined) {
          const inner = exprPosition(expr, first.from);
          err("tests/promql", [...path, "expr"], `could not parse expression: ${inner.line}:${inner.column}: parse error: ${first.message}`, first.from);
        }
      }
      if (typeof c.eval_time === "string") {
        const d = parseDuration(c.eval_time);
        if (!d.ok) err("tests/duration", [...path, "eval_time"], d.error);
      }
      list(c.exp_samples).forEach((smp, k) => {
        if (!isObject(smp) || typeof smp.labels !== "string") return;
        const r = parsePromQL(smp.labels, target);
        const first = r.errors[0];
        if (first !== undefined) err("tests/series", [...path, "exp_samples", k, "labels"], `invalid labels ${JSON.stringify(smp.labels)}: parse error: ${first.message}`);
      });
    });
    list(t.alert_rule_test).forEach((c, j) => {
      if (!isObject(c)) return;
      const path = [...base, "alert_rule_test", j];
      if (typeof c.alertname === "string") alertTests.push({ name: c.alertname, path: [...path, "alertname"] });
      if (typeof c.eval_time === "string") {
        const d = parseDuration(c.eval_time);
        if (!d.ok) err("tests/duration", [...path, "eval_time"], d.error);
      }
    });
  });

  // A field both the schema and a precise check reject (an eval_time that is no duration) is
  // reported once, with the precise message rather than the schema's raw pattern.
  const precise = new Set(problems.filter((p) => p.check !== "schema/tests").map((p) => JSON.stringify(p.path ?? [])));
  const once = problems.filter((p) => p.check !== "schema/tests" || !precise.has(JSON.stringify(p.path ?? [])));
  return { model: { kind: "tests", file, root: doc.root, data, ruleFiles, alertTests, locate }, problems: once };
}
