// alerts/templated-summary: a summary with template actions ({{ $value }}, {{ $labels.x }}).
// Notification titles are built from the summary; if it changes with every value, Alertmanager's
// grouped notifications stop reading as one incident. Put the details in the description.
import { problem, type ValidationProblem } from "../problem.ts";
import { type RuleFileModel, ruleAddress } from "../kinds/rules.ts";
import { defineCheck } from "./types.ts";

export const templatedSummary = defineCheck<RuleFileModel>({
  name: "alerts/templated-summary",
  kind: "rules",
  severity: "warning",
  class: "style",
  summary: "summary annotation built from a template (keep it static, details go in description)",
  run(model) {
    const out: ValidationProblem[] = [];
    for (let ri = 0; ri < model.rules.length; ri++) {
      const r = model.rules[ri]!;
      if (r.kind !== "alert") continue;
      const summary = r.rule.annotations.find((a) => a.key === "summary");
      if (summary === undefined || !summary.value.includes("{{")) continue;
      out.push(
        problem(this.name, this.severity, model.file, "summary is templated: keep it a fixed sentence so grouped notifications read as one incident, and put values and labels in description", {
          ...ruleAddress(r),
          line: summary.valueNode.line,
          column: summary.valueNode.column,
        }),
      );
    }
    return out;
  },
});
