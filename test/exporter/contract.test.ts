// The exporter and the compilers read one metric contract: on both example experiments (the spec's,
// and search-ranking with its own metric and label names and no business metric), every series the
// generated rules read exists in the exporter's exposition with the labels they match, group by or
// relabel, and every family and label the exporter exports is read by the rules.
import yaml from "js-yaml";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createExperimentMetrics } from "../../src/index.ts";
import { loadExperiments } from "../../src/load/index.ts";
import { paths } from "../../src/model/conventions.ts";
import { metricName, type Expr, type VectorSelector } from "../../src/validate/promql/ast.ts";
import { parsePromQL } from "../../src/validate/promql/parse.ts";
import { BUILTIN_SERIES } from "../../src/validate/checks/contract-metrics.ts";
import { REPO } from "../support/cli.ts";
import { parseExposition, type Sample } from "./parse.ts";

const experiments = (await loadExperiments("experiments", REPO)).experiments.map((e) => e.experiment);

interface Rule {
  record?: string;
  alert?: string;
  expr: string;
}

function rulesOf(id: string): Rule[] {
  const file = yaml.load(readFileSync(join(REPO, "generated", paths.rules(id)), "utf8")) as { groups: { rules: Rule[] }[] };
  return file.groups.flatMap((g) => g.rules);
}

function matches(s: Sample, vs: VectorSelector): boolean {
  return vs.matchers.every((m) => {
    const v = m.name === "__name__" ? s.name : (s.labels[m.name] ?? "");
    const re = () => new RegExp(`^(?:${m.value})$`).test(v);
    return m.op === "=" ? v === m.value : m.op === "!=" ? v !== m.value : m.op === "=~" ? re() : !re();
  });
}

/** What the rules read of the exposition, and every way they read something it does not have. */
function audit(rules: readonly Rule[], samples: readonly Sample[]) {
  const recorded = new Set(rules.flatMap((r) => (r.record ? [r.record] : [])));
  const problems: string[] = [];
  const readNames = new Set<string>();
  const readLabels = new Set<string>();

  /** Label names a subtree's series carry; undefined when it reads recorded series (not the exporter's). */
  const labelsOf = (e: Expr, rule: string): Set<string> | undefined => {
    switch (e.type) {
      case "number":
      case "string":
        return new Set();
      case "vector": {
        const name = metricName(e);
        if (name === undefined || recorded.has(name) || BUILTIN_SERIES.has(name)) return undefined;
        readNames.add(name);
        for (const m of e.matchers) if (m.name !== "__name__") readLabels.add(m.name);
        const hit = samples.filter((s) => matches(s, e));
        if (hit.length === 0) problems.push(`${rule}: no exported series matches ${JSON.stringify(e.matchers.map((m) => `${m.name}${m.op}${m.value}`))}`);
        return new Set(hit.flatMap((s) => Object.keys(s.labels)));
      }
      case "matrix":
        return labelsOf(e.vector, rule);
      case "subquery":
      case "paren":
      case "unary":
        return labelsOf(e.expr, rule);
      case "call": {
        if (e.name === "vector" || e.name === "time") return new Set();
        if (e.name === "absent" || e.name === "absent_over_time") {
          e.args.forEach((a) => labelsOf(a, rule));
          return undefined;
        }
        const vectorArg = e.args.find((a) => a.type !== "number" && a.type !== "string");
        const inner = vectorArg === undefined ? new Set<string>() : labelsOf(vectorArg, rule);
        if (e.name === "label_replace") {
          const [, dst, , src] = e.args as [Expr, { value: string }, Expr, { value: string }];
          // An empty source label sets a constant (the arm name on a vector()).
          if (src.value !== "") readLabels.add(src.value);
          if (src.value !== "" && inner !== undefined && !inner.has(src.value)) problems.push(`${rule}: label_replace reads label "${src.value}", not exported`);
          return inner === undefined ? undefined : new Set([...inner, dst.value]);
        }
        if (e.name === "histogram_quantile" && inner !== undefined) {
          if (!inner.has("le")) problems.push(`${rule}: histogram_quantile over series without le`);
          inner.delete("le");
        }
        return inner;
      }
      case "aggregate": {
        const inner = e.expr === undefined ? undefined : labelsOf(e.expr, rule);
        if (e.param !== undefined) labelsOf(e.param, rule);
        if (inner === undefined) return undefined;
        for (const l of e.grouping) {
          readLabels.add(l);
          if (!e.without && !inner.has(l)) problems.push(`${rule}: ${e.op} by (${l}) over series without ${l}`);
        }
        return e.without ? new Set([...inner].filter((l) => !e.grouping.includes(l))) : new Set(e.grouping);
      }
      case "binary": {
        const l = labelsOf(e.lhs, rule);
        const r = labelsOf(e.rhs, rule);
        return l === undefined || r === undefined ? undefined : new Set([...l, ...r]);
      }
    }
  };

  for (const r of rules) {
    const parsed = parsePromQL(r.expr);
    expect(parsed.errors, r.expr).toEqual([]);
    labelsOf(parsed.expr!, r.record ?? r.alert ?? "?");
  }
  return { problems, readNames, readLabels };
}

describe.each(experiments.map((e) => [e.id, e] as const))("%s", (id, exp) => {
  it("every series, label and value the generated rules read is exported, and everything exported is read", async () => {
    const m = createExperimentMetrics(exp);
    for (const arm of exp.arms) {
      m.record({ arm: arm.name, latencySeconds: 0.05, ok: true, score: 0.5, confidence: 0.8, correct: true });
      m.record({ arm: arm.name, latencySeconds: 0.5, ok: false, score: 0.5, confidence: 0.8, correct: false });
      m.setAccuracy(arm.name, 80);
    }
    if (m.contract.features.business) m.setBusinessImpact({ revenueLift: 1.8, costImpact: 1.9, riskReduction: 4, netBusinessValue: 3.9 });
    const samples = parseExposition(await m.registry.metrics());
    const rules = rulesOf(id);
    const { problems, readNames, readLabels } = audit(rules, samples);
    expect(problems).toEqual([]);

    // Vice versa: each exported family is read, through one of its series names.
    const families = (await m.registry.getMetricsAsJSON()).map((f) => f.name);
    const unread = families.filter((f) => ![f, `${f}_bucket`, `${f}_sum`, `${f}_count`].some((n) => readNames.has(n)));
    expect(unread).toEqual([]);
    const exportedLabels = new Set(samples.flatMap((s) => Object.keys(s.labels)));
    expect([...exportedLabels].filter((l) => !readLabels.has(l))).toEqual([]);

    // The contract's own names, not the defaults, on the service with its own names.
    if (id === "search-ranking-three-way") {
      expect(families).not.toContain("ab_test_business_impact");
      expect([...readNames].some((n) => n.startsWith("ab_test_"))).toBe(false);
      expect([...exportedLabels].sort()).toEqual(["exp", "judgement", "le", "result", "service", "variant"]);
    }
  });
});

it("the audit finds a rule reading a label the exporter does not export (it can fail)", async () => {
  const exp = experiments.find((e) => e.id === "search-ranking-three-way")!;
  const m = createExperimentMetrics(exp);
  const samples = parseExposition(await m.registry.metrics());
  const broken = rulesOf(exp.id).map((r) => ({ ...r, expr: r.expr.replaceAll('"variant"', '"model"').replaceAll('service="search"', 'service="serch"') }));
  const { problems } = audit(broken, samples);
  expect(problems.some((p) => p.includes('label_replace reads label "model"'))).toBe(true);
  expect(problems.some((p) => p.includes("service=serch"))).toBe(true);
});
