// alerts/name-case: alert names in CamelCase (HighErrorRate), the convention of Prometheus's
// own alerting docs and of most runbook indexes.
import { problem, type ValidationProblem } from "../problem.ts";
import { type RuleFileModel, ruleAddress } from "../kinds/rules.ts";
import { defineCheck } from "./types.ts";

const CAMEL_CASE = /^[A-Z][a-zA-Z0-9]*$/;

export const alertNameCase = defineCheck<RuleFileModel>({
  name: "alerts/name-case",
  kind: "rules",
  severity: "warning",
  class: "style",
  summary: "alert name that is not CamelCase",
  run(model) {
    const out: ValidationProblem[] = [];
    for (let ri = 0; ri < model.rules.length; ri++) {
      const r = model.rules[ri]!;
      if (r.kind !== "alert" || CAMEL_CASE.test(r.name)) continue;
      const node = r.rule.alert!;
      out.push(
        problem(this.name, this.severity, model.file, `alert name ${JSON.stringify(r.name)} is not CamelCase (like HighErrorRate)`, {
          ...ruleAddress(r),
          line: node.line,
          column: node.column,
        }),
      );
    }
    return out;
  },
});
