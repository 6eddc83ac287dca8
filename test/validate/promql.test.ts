// The PromQL parser and type checker, case by case. Each invalid case's message is Prometheus
// 2.42's (checked against promtool while writing them; the corpus test keeps that honest).
import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { exprIndex, metricName, walk, type Expr } from "../../src/validate/promql/ast.ts";
import { certainlyAbsent, resultLabels } from "../../src/validate/promql/labels.ts";
import { parsePromQL } from "../../src/validate/promql/parse.ts";
import { substituteGrafanaVariables } from "../../src/validate/promql/grafana.ts";
import { parseVersion } from "../../src/validate/version.ts";
import { REPO } from "../support/cli.ts";

describe("PromQL that Prometheus 2.42 accepts", () => {
  it.each([
    "up",
    'sum by (job) (rate(http_requests_total{code=~"5.."}[5m]))',
    "sum(rate(x[5m])) by (job) / on (job) group_left sum by (job) (rate(x[5m]))",
    "histogram_quantile(0.9, sum by (le) (rate(x_bucket[5m])))",
    "up offset -5m @ end()",
    "max_over_time(rate(x[5m])[1h:1m] offset 5m)",
    "1 > bool 0",
    "5. + .5 + 0x1F + 1e3 + Inf - nan",
    "sum",
    "foo + and",
    "offset offset 5m",
    "sum by (on, bool, offset) (up)",
    "# a comment\nup # and another",
    "holt_winters(x[1h], 0.5, 0.5)",
    "-up offset 5m",
    "a + b offset 5m",
  ])("accepts %j", (expr) => {
    expect(parsePromQL(expr).errors).toEqual([]);
  });
});

describe("PromQL that Prometheus 2.42 rejects", () => {
  it.each([
    ["foo + 5m", 'unexpected duration "5m"'],
    ['foo{a=~"\\d"}', "unknown escape sequence U+0064 'd'"],
    ["foo[300]", "missing unit character in duration"],
    ["rate(foo[5m],)", ""],
    ['foo{a=~"a)(b"}', "error parsing regexp: unexpected ): `a)(b`"],
    ["1_000", 'bad number or duration syntax: "1"'],
    ["1 > 2", "comparisons between scalars must use BOOL modifier"],
    ["rate(foo)", 'expected type range vector in call to function "rate", got instant vector'],
    ["sum(foo, bar)", "wrong number of arguments for aggregate expression provided, expected 1, got 2"],
    ["foo and 1", 'set operator "and" not allowed in binary scalar expression'],
    ["foo + on(a) group_left(a) bar", 'label "a" must not occur in ON and GROUP clause at once'],
    ["1 + on(a) foo", "vector matching only allowed between instant vectors"],
    ["foo[5m][10m:1m]", "subquery is only allowed on instant vector, got matrix instead"],
    ["(foo)[5m]", "ranges only allowed for vector selectors"],
    ["foo offset 5m offset 1m", "offset may not be set multiple times"],
    ["foo @ 1e30", "timestamp out of bounds for @ modifier"],
    ['{a=~".*"}', "vector selector must contain at least one non-empty matcher"],
    ['foo{__name__="bar"}', 'metric name must not be set twice: "foo" or "bar"'],
    ["atan2", "unexpected <op:atan2>"],
    ["sum by (without) (x)", "unexpected <without> in grouping opts, expected label"],
    ["RATE(foo[5m])", 'unknown function with name "RATE" (function names are case-sensitive: did you mean rate()?)'],
    ["sort_by_label(up, \"job\")", "experimental function of Prometheus 2.49"],
    ["limitk(2, up)", 'unknown function with name "limitk"'],
    ['{"foo.bar"}', "quoted names need Prometheus 3.0 or later (the target is 2.42"],
    // promtool's context words, from its grammar's error rules.
    ["up{job=}", 'unexpected "}" in label matching, expected string'],
    ["up{,}", 'unexpected "," in label matching, expected identifier or "}"'],
    ["up{job}", 'unexpected "}" in label matching, expected label matching operator'],
    ['up{job="a" env="b"}', 'unexpected identifier "env" in label matching, expected "," or "}"'],
    ["sum by (job up)", 'unexpected identifier "up" in grouping opts, expected "," or ")"'],
    ["sum by (,) (up)", 'unexpected "," in grouping opts, expected label'],
    ["rate(up[5m] offset)", 'unexpected ")" in offset, expected duration'],
    ["histogram_avg(rate(x[5m]))", 'unknown function with name "histogram_avg": histogram_avg() needs Prometheus 2.51 or later (the target is 2.42'],
    ["histogram_stddev(x)", "needs Prometheus 2.47 or later"],
    ['sort_by_label(x, "a")', "experimental function of Prometheus 2.49"],
    ["mad_over_time(x[5m])", "experimental function of Prometheus 2.49"],
    ["limitk(2, x)", "experimental aggregation of Prometheus 2.54"],
    ["info(x)", "experimental function of Prometheus 2.55"],
    ["rate(foo[5m+1m])", 'unexpected <op:+> in subquery or range, expected ":" or "]" (duration arithmetic needs Prometheus 3.14 or later'],
    ["foo[1m:30s*2]", 'unexpected <op:*> in subquery selector, expected "]"'],
    ["", "no expression found in input"],
    ["a * b[5m:1m]", "binary expression must contain only scalar and instant vector types"],
  ])("rejects %j", (expr, message) => {
    const r = parsePromQL(expr);
    expect(r.errors.length).toBeGreaterThan(0);
    expect(r.errors[0]!.message).toContain(message);
  });
});

describe("postfix modifiers", () => {
  it("bind to the nearest operand, as in Prometheus, not to the whole binary expression lezer parsed", () => {
    const r = parsePromQL("a + b offset 5m");
    expect(r.errors).toEqual([]);
    expect(r.expr).toMatchObject({ type: "binary", lhs: { type: "vector", name: "a" }, rhs: { type: "vector", name: "b", offsetMs: 300_000 } });
  });
});

describe("positions and versions", () => {
  it("reports the offset of the offending token", () => {
    expect(parsePromQL("foo + 5m").errors[0]).toMatchObject({ from: 6, to: 8 });
  });

});

describe("a target version (--prometheus-version)", () => {
  const at = (expr: string, version: string) => parsePromQL(expr, parseVersion(version)!).errors.map((e) => e.message);

  it.each([
    ["histogram_avg(rate(x[5m]))", "2.51"],
    ["histogram_stddev(x) + histogram_stdvar(x)", "2.47"],
    ["present_over_time(x[5m])", "2.29"],
    ["day_of_year()", "2.36"],
    ["x @ 100", "2.33"],
    ["x offset -5m", "2.33"],
    ["a atan2 b", "2.31"],
    ['{"foo.bar"="x", "metric.name"}', "3.0"],
    ['sum by ("a.b") (x)', "3.0"],
    ["rate(x[5m * 2])", "3.14"],
  ])("accepts %j from the release that introduced it, %s, and refuses it before", (expr, since) => {
    expect(at(expr, since)).toEqual([]);
    const [major, minor] = since.split(".").map(Number) as [number, number];
    const before = minor === 0 ? `${major - 1}.99` : `${major}.${minor - 1}`;
    expect(at(expr, before).join(" ")).toContain(`Prometheus ${since} or later (the target is ${before}`);
  });

  it("refuses holt_winters from 3.0, which renamed it, and keeps refusing experimental functions", () => {
    expect(at("holt_winters(x[1h], 0.5, 0.5)", "2.42")).toEqual([]);
    expect(at("holt_winters(x[1h], 0.5, 0.5)", "3.0")[0]).toContain("removed in Prometheus 3.0: renamed double_exponential_smoothing");
    expect(at("first_over_time(x[5m])", "3.14")).toEqual([]);
    expect(at("first_over_time(x[5m])", "3.13")[0]).toContain("experimental in Prometheus 3.13");
    expect(at('sort_by_label(x, "a")', "3.1")[0]).toBe('function "sort_by_label" is not enabled: it is experimental in Prometheus 3.1 (--enable-feature=promql-experimental-functions)');
  });
});

describe("syntax tree helpers", () => {
  const names = (e: Expr) => {
    const out: string[] = [];
    walk(e, (n) => void (n.type === "vector" && out.push(metricName(n) ?? "?")));
    return out;
  };

  it("finds every selected metric, including __name__ matchers", () => {
    expect(names(parsePromQL('rate(a_total[5m]) / on () {__name__="b"} + c offset 1m').expr!)).toEqual(["a_total", "b", "c"]);
  });

  it("indexes an expression's calls and selectors in walk order, once per tree", () => {
    const exprs = readFileSync(join(REPO, "test/fixtures/promql/prometheus-testdata.txt"), "utf8").split("\n");
    let calls = 0;
    for (const text of exprs) {
      const e = parsePromQL(text).expr;
      if (e === undefined) continue;
      const walked: Expr[] = [];
      walk(e, (n) => void ((n.type === "call" || n.type === "vector") && walked.push(n)));
      const index = exprIndex(e);
      expect([...index.calls, ...index.selectors], text).toEqual([...walked.filter((n) => n.type === "call"), ...walked.filter((n) => n.type === "vector")]);
      for (let i = 0; i < index.calls.length; i++) expect(index.calls[i], text).toBe(walked.filter((n) => n.type === "call")[i]);
      expect(exprIndex(e)).toBe(index);
      calls += index.calls.length;
    }
    expect(calls).toBeGreaterThan(500);
  });

  it.each([
    ["sum by (a) (x)", "b", true],
    ["sum by (a) (x)", "a", false],
    ["x", "anything", false],
    ["histogram_quantile(0.9, rate(x_bucket[5m]))", "le", true],
    ['count_values("version", x)', "version", false],
    ["x / ignoring (b) y", "b", true],
  ])("knows whether %s keeps label %s", (expr, label, absent) => {
    expect(certainlyAbsent(resultLabels(parsePromQL(expr).expr!), label)).toBe(absent);
  });
});

describe("Grafana variables", () => {
  it.each([
    ["rate(x[$__rate_interval])", "rate(x[5m              ])"],
    ['sum by ($label) (x{arm="$arm"})', 'sum by (v_____) (x{arm="$arm"})'],
    ["x * $__range_s", "x * 300       "],
  ])("substitutes %j keeping offsets", (query, parsed) => {
    expect(substituteGrafanaVariables(query)).toBe(parsed);
    expect(parsePromQL(parsed).errors).toEqual([]);
  });
});
