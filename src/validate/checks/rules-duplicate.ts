// rules/duplicate: two rules with the same name and the same labels in one file. promtool lints
// this too (`--lint=duplicate-rules`, a warning by default): the second one overwrites the first.
import { problem, type ValidationProblem } from "../problem.ts";
import { type RuleFileModel, ruleAddress } from "../kinds/rules.ts";
import { defineCheck } from "./types.ts";

export const duplicateRules = defineCheck<RuleFileModel>({
  name: "rules/duplicate",
  kind: "rules",
  severity: "warning",
  class: "bug",
  summary: "two rules with the same name and labels in one file",
  run(model) {
    const out: ValidationProblem[] = [];
    const seen = new Map<string, { group: string; index: number }>();
    for (const r of model.rules) {
      if (r.name === "") continue;
      const labels = [...r.rule.labels].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)).map((l) => `${l.key}=${JSON.stringify(l.value)}`);
      const key = `${r.name}{${labels.join(",")}}`;
      const first = seen.get(key);
      if (first === undefined) {
        seen.set(key, { group: r.group.name, index: r.index });
        continue;
      }
      const node = r.rule.record ?? r.rule.alert ?? r.rule.node;
      out.push(
        problem(this.name, this.severity, model.file, `duplicate of group ${JSON.stringify(first.group)}, rule ${first.index}: same name and labels`, {
          ...ruleAddress(r),
          line: node.line,
          column: node.column,
        }),
      );
    }
    return out;
  },
});
