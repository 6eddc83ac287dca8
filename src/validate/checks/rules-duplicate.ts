// rules/duplicate: two rules in one file with the same name, the same labels and the same
// expression: the second one is a copy that evaluates the same thing again (two alerts fire
// twice, two recordings write the same series). The same name with another expression is left
// alone: an alert defined per case (`up == 0` and `absent(up)`) and recording rules split by a
// selector (`{job="a"}`, `{job="b"}`) are deliberate.
import { lex } from "../promql/lexer.ts";
import { problem, type ValidationProblem } from "../problem.ts";
import { type RuleFileModel, ruleAddress } from "../kinds/rules.ts";
import { defineCheck } from "./types.ts";

/** The expression as its tokens (layout and comments dropped, strings intact), so a reflowed copy still matches. */
function canonical(expr: string): string {
  const { tokens, error } = lex(expr);
  return error !== undefined ? expr : tokens.filter((t) => t.type !== "COMMENT").map((t) => t.text).join(" ");
}

export const duplicateRules = defineCheck<RuleFileModel>({
  name: "rules/duplicate",
  kind: "rules",
  severity: "warning",
  class: "bug",
  summary: "two rules with the same name, labels and expression in one file",
  run(model) {
    const out: ValidationProblem[] = [];
    // Rules by name and labels; the expression is normalised only when a name and labels repeat.
    const seen = new Map<string, { group: string; index: number; expr: string; canonical?: string }[]>();
    for (const r of model.rules) {
      if (r.name === "") continue;
      const labels = [...r.rule.labels].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)).map((l) => `${l.key}=${JSON.stringify(l.value)}`);
      const key = `${r.kind}\u0000${r.name}{${labels.join(",")}}`;
      const earlier = seen.get(key);
      const here = { group: r.group.name, index: r.index, expr: r.exprText };
      if (earlier === undefined) {
        seen.set(key, [here]);
        continue;
      }
      const mine = canonical(r.exprText);
      const first = earlier.find((e) => (e.canonical ??= canonical(e.expr)) === mine);
      earlier.push(here);
      if (first === undefined) continue;
      const node = r.rule.record ?? r.rule.alert ?? r.rule.node;
      out.push(
        problem(this.name, this.severity, model.file, `duplicate of group ${JSON.stringify(first.group)}, rule ${first.index}: same name, labels and expression`, {
          ...ruleAddress(r),
          line: node.line,
          column: node.column,
        }),
      );
    }
    return out;
  },
});
