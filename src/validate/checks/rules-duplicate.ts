// rules/duplicate: two rules in one file with the same name, the same labels and the same
// expression: the second one is a copy that evaluates the same thing again (two alerts fire
// twice, two recordings write the same series). The same name with another expression is left
// alone: an alert defined per case (`up == 0` and `absent(up)`) and recording rules split by a
// selector (`{job="a"}`, `{job="b"}`) are deliberate.
import { lex } from "../promql/lexer.ts";
import { problem, type ValidationProblem } from "../problem.ts";
import { type RuleFileModel, ruleAddress } from "../kinds/rules.ts";
import type { ParsedRule } from "../rules/validate.ts";
import { defineCheck } from "./types.ts";

/** The expression as its tokens (layout and comments dropped, strings intact), so a reflowed copy still matches. */
function canonical(expr: string): string {
  const { tokens, error } = lex(expr);
  return error !== undefined ? expr : tokens.filter((t) => t.type !== "COMMENT").map((t) => t.text).join(" ");
}

/** A rule already seen, with its kind-and-labels key and its canonical expression once needed. */
interface Seen {
  rule: ParsedRule;
  key: string | undefined;
  canonical: string | undefined;
  /** On the first rule of a name: the later ones, once there are any. */
  later: Seen[] | undefined;
}

/** What must be equal besides the name: the kind and the labels, in key order. */
function sameKey(r: ParsedRule): string {
  const labels = [...r.rule.labels].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)).map((l) => `${l.key}=${JSON.stringify(l.value)}`);
  return `${r.kind}\u0000{${labels.join(",")}}`;
}

export const duplicateRules = defineCheck<RuleFileModel>({
  name: "rules/duplicate",
  kind: "rules",
  severity: "warning",
  class: "bug",
  summary: "two rules with the same name, labels and expression in one file",
  run(model) {
    const out: ValidationProblem[] = [];
    // Rules by name; their labels' key is built only when a name repeats, and the expression is
    // normalised only when a name and labels repeat.
    const byName = new Map<string, Seen>();
    for (let ri = 0; ri < model.rules.length; ri++) {
      const r = model.rules[ri]!;
      if (r.name === "") continue;
      const here: Seen = { rule: r, key: undefined, canonical: undefined, later: undefined };
      const head = byName.get(r.name);
      if (head === undefined) {
        byName.set(r.name, here);
        continue;
      }
      const key = (here.key = sameKey(r));
      const later = (head.later ??= []);
      let mine: string | undefined;
      let first: ParsedRule | undefined;
      for (let k = -1; k < later.length; k++) {
        const e = k < 0 ? head : later[k]!;
        if ((e.key ??= sameKey(e.rule)) !== key) continue;
        mine ??= canonical(r.exprText);
        if ((e.canonical ??= canonical(e.rule.exprText)) === mine) {
          first = e.rule;
          break;
        }
      }
      later.push(here);
      if (first === undefined) continue;
      const node = r.rule.record ?? r.rule.alert ?? r.rule.node;
      out.push(
        problem(this.name, this.severity, model.file, `duplicate of group ${JSON.stringify(first.group.name)}, rule ${first.index}: same name, labels and expression`, {
          ...ruleAddress(r),
          line: node.line,
          column: node.column,
        }),
      );
    }
    return out;
  },
});
