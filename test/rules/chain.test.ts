// The architecture's invariant, checked on the committed rule files: a recording rule reads the
// service's raw metrics only, except the links of the sequential chain, each of which reads exactly
// one other recording rule (src/compile/rules/sequential.ts says why that one exception is safe on
// vmalert, whose remote-write lag could otherwise mix evaluations).
import { parser } from "@prometheus-io/lezer-promql";
import yaml from "js-yaml";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { QUANTITY } from "../../src/compile/rules/quantities.ts";
import { RECORD, type RecordKey } from "../../src/model/conventions.ts";
import { readTree } from "../../src/write/tree.ts";
import { REPO } from "../support/cli.ts";

const recorded = new Map(Object.entries(RECORD).map(([k, v]) => [v as string, k as RecordKey]));
const ruleFiles = readTree(join(REPO, "generated")).filter((f) => f.path.startsWith("rules/"));

/** The recorded series an expression reads. */
function readsRecorded(expr: string): Set<string> {
  const names = new Set<string>();
  parser.parse(expr).iterate({
    enter: (node) => {
      if (node.name === "Identifier" && node.node.parent?.name === "VectorSelector") {
        const name = expr.slice(node.from, node.to);
        if (recorded.has(name)) names.add(name);
      }
    },
  });
  return names;
}

describe.each(ruleFiles.map((f) => [f.path, f.content] as const))("%s", (_path, content) => {
  const rules = (yaml.load(content) as { groups: { rules: { record?: string; alert?: string; expr: string }[] }[] }).groups.flatMap((g) => g.rules);
  const records = rules.filter((r) => r.record !== undefined);

  it("computes every recording rule from raw metrics, or from exactly the one rule its chain link names", () => {
    for (const r of records) {
      const q = QUANTITY[recorded.get(r.record!)!];
      const reads = [...readsRecorded(r.expr)];
      expect(reads, r.record).toEqual(q.reads === undefined ? [] : [RECORD[q.reads]]);
    }
  });

  it("has the chain (hourly counts, counts since the start, the tests' statistics) in evaluation order", () => {
    const order = records.map((r) => r.record!);
    for (const r of records) {
      const q = QUANTITY[recorded.get(r.record!)!];
      if (q.reads !== undefined) expect(order.indexOf(RECORD[q.reads]), r.record).toBeLessThan(order.indexOf(r.record!));
    }
    expect(records.filter((r) => QUANTITY[recorded.get(r.record!)!].reads !== undefined).length).toBeGreaterThanOrEqual(3);
  });
});
