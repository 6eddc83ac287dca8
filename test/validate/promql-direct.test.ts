// The direct parser (src/validate/promql/direct.ts) against the full road through lezer: on every
// expression of both PromQL corpora and on edge cases, whenever the direct parser gives a tree it
// is the tree lezer's road gives, errors (type checks) included; and it takes most of them.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import yaml from "js-yaml";
import { describe, expect, it } from "vitest";
import { parseDirect } from "../../src/validate/promql/direct.ts";
import { lex } from "../../src/validate/promql/lexer.ts";
import { parsePromQL, parseWithLezer } from "../../src/validate/promql/parse.ts";
import { DEFAULT_TARGET, parseVersion } from "../../src/validate/version.ts";
import { REPO } from "../support/cli.ts";

const PROMETHEUS = readFileSync(join(REPO, "test/fixtures/promql/prometheus-testdata.txt"), "utf8").split("\n").filter((l) => l.trim() !== "");

/** Every `expr` of the real-world rule files that js-yaml reads. */
function realWorld(): string[] {
  const out = new Set<string>();
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v !== null && typeof v === "object") {
      for (const [k, x] of Object.entries(v)) {
        if (k === "expr" && typeof x === "string") out.add(x);
        else walk(x);
      }
    }
  };
  const root = join(REPO, "test/fixtures/real-world");
  for (const d of readdirSync(root, { withFileTypes: true })) {
    if (!d.isDirectory()) continue;
    for (const f of readdirSync(join(root, d.name)).filter((n) => /\.ya?ml$/.test(n))) {
      try {
        walk(yaml.load(readFileSync(join(root, d.name, f), "utf8"), { schema: yaml.JSON_SCHEMA }));
      } catch {
        // invalid YAML on purpose: its expressions are not needed here
      }
    }
  }
  return [...out];
}

const EDGES = [
  "-1", "- 1", "-1 * 2", "2 ^ -1", "-1 ^ 2", "- - 1", "x < -0.05", "x > -1 and y", "(-1)", "+1", "x > +1", "-x ^ 2", "-x * 2",
  "a + b offset 5m", "a - b[5m] offset 1m", "-x offset 5m", "x[5m] offset 1m", "rate(x[5m])[1h:] offset 5m", "(a + b)[5m:1m]",
  "x offset 5m [5m]", "sum(x) offset 5m", "(x)[5m]", "x[0s]", "x[5m:0s]", "x offset 0s offset 1m", "x offset 1m offset 2m",
  'x{a="b",}', "x{}", "{}", 'x{group="a", on="b", bool="c", offset="d", by="e"}', 'x{without="a"}',
  "sum by (a,) (x)", "sum by () (x)", "sum by (group, on, bool, offset, by, sum, start, end) (x)", "sum by (without) (x)",
  "sum(x) by (a)", "sum by (a) (x) by (b)", "topk(5, x)", "topk by (a) (5, x)", 'count_values("v", x)', "quantile(0.9, x)",
  "sum()", "sum(x, y)", "topk(x)", "SUM BY (a) (x)", "a AND b", "a atan2 b", "a == bool b", "a + bool b", "a and bool b",
  "a / on(b) group_left c", "a / on(b) group_left(d) c", "a / ignoring(b) group_right() c", "a * group_left b", "a / on(b) group_left (c)",
  'x{a=~"(a{500}){3}"}', 'x{a=~"["}', "5.", "1e400", "0x1F + Inf - nan", "rate", "rate(x)", "foo(x)", "holt_winters(x[5m], 0.5, 0.5)",
  "limitk(1, x)", "x @ 100", "x offset -5m", "x:y(z)", "a b", "(a", "a)", 'x{a="b"}{c="d"}', '"s"', "1 + 2 * 3 ^ 4 ^ 5 - 6 / 7 % 8",
  "a or b and c unless d == e != f > g < h >= i <= j", "histogram_quantile(0.9, sum by (le) (rate(x_bucket[5m])))", "time() - x",
];

describe("the direct PromQL parser", () => {
  const cases = [...new Set([...realWorld(), ...PROMETHEUS, ...EDGES])];

  it("gives lezer's tree and messages whenever it gives one, for most expressions", () => {
    const differ: string[] = [];
    let direct = 0;
    for (const targetText of ["2.42", "3.5"]) {
      const target = parseVersion(targetText)!;
      for (const e of cases) {
        const { tokens, error } = lex(e);
        const sig = tokens.filter((t) => t.type !== "COMMENT");
        if (error !== undefined || sig.length === 0) continue;
        const tree = parseDirect(sig, target);
        if (tree === undefined) continue;
        direct++;
        const full = parseWithLezer(e, target);
        const ours = parsePromQL(e, target);
        // JSON drops `undefined` fields, which the trees may or may not spell out.
        if (JSON.stringify(full.expr) === undefined || !jsonEqual(tree, full.expr) || !jsonEqual(ours, full)) differ.push(`${targetText}: ${e}`);
      }
    }
    expect(differ).toEqual([]);
    expect(direct).toBeGreaterThan(0.85 * 2 * cases.length);
  });

  it("keeps a keyword used as a grouping label whole, on both paths", () => {
    for (const e of ["sum by (offset) (x)", "x / on (offset) y", "x / ignoring (offset, start) group_left (end) y"]) {
      const sig = lex(e).tokens.filter((t) => t.type !== "COMMENT");
      const labels = (tree: unknown) => JSON.stringify(tree).match(/"(?:grouping|labels|include)":\[[^\]]*\]/g);
      const full = labels(parseWithLezer(e, DEFAULT_TARGET).expr);
      expect(full, e).not.toBeNull();
      expect(full!.join(" "), e).not.toMatch(/"o"|"s"|"e"/);
      expect(labels(parseDirect(sig, DEFAULT_TARGET)), e).toEqual(full);
    }
  });

  it("leaves what it does not know to lezer", () => {
    for (const e of ["x @ 100", "x offset -5m", "5.", "foo(x)", "(a", "sum(x) offset 5m", 'x{a=~"["}', "-1 ^ 2"]) {
      const sig = lex(e).tokens.filter((t) => t.type !== "COMMENT");
      expect(parseDirect(sig, DEFAULT_TARGET), e).toBeUndefined();
    }
  });
});

function jsonEqual(a: unknown, b: unknown): boolean {
  const sorted = (v: unknown): unknown =>
    Array.isArray(v) ? v.map(sorted) : v !== null && typeof v === "object" ? Object.fromEntries(Object.entries(v).filter(([, x]) => x !== undefined).sort(([x], [y]) => (x < y ? -1 : 1)).map(([k, x]) => [k, sorted(x)])) : v;
  return JSON.stringify(sorted(a)) === JSON.stringify(sorted(b));
}
