// alerts/annotations: an alert without `summary`, `description` or `runbook_url`. The on-call
// engineer reads those three first; abwatch generates all of them.
import { problem, type ValidationProblem } from "../problem.ts";
import { type RuleFileModel, ruleAddress } from "../kinds/rules.ts";
import { defineCheck } from "./types.ts";

const REQUIRED = ["summary", "description", "runbook_url"];

export const alertAnnotations = defineCheck<RuleFileModel>({
  name: "alerts/annotations",
  kind: "rules",
  severity: "warning",
  class: "style",
  summary: "alert without a summary, description or runbook_url annotation",
  run(model) {
    const out: ValidationProblem[] = [];
    for (let ri = 0; ri < model.rules.length; ri++) {
      const r = model.rules[ri]!;
      if (r.kind !== "alert") continue;
      const have = new Set(r.rule.annotations.filter((a) => a.value.trim() !== "").map((a) => a.key));
      const missing = REQUIRED.filter((k) => !have.has(k));
      if (missing.length === 0) continue;
      const node = r.rule.annotationsNode ?? r.rule.alert ?? r.rule.node;
      out.push(
        problem(this.name, this.severity, model.file, `alert has no ${missing.join(", ")} annotation${missing.length === 1 ? "" : "s"}`, {
          ...ruleAddress(r),
          line: node.line,
          column: node.column,
        }),
      );
    }
    return out;
  },
});
