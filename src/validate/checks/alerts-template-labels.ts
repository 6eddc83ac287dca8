// alerts/template-labels: a label or annotation template reads a label ($labels.instance) that
// the alert's expression has aggregated away, so it always renders empty.
import { certainlyAbsent, describeLabels, resultLabels } from "../promql/labels.ts";
import { problem, type ValidationProblem } from "../problem.ts";
import { type RuleFileModel, ruleAddress } from "../kinds/rules.ts";
import { defineCheck } from "./types.ts";

export const alertTemplateLabels = defineCheck<RuleFileModel>({
  name: "alerts/template-labels",
  kind: "rules",
  severity: "warning",
  class: "bug",
  summary: "template reads a label that the alert's expression aggregates away",
  run(model) {
    const out: ValidationProblem[] = [];
    for (let ri = 0; ri < model.rules.length; ri++) {
      const r = model.rules[ri]!;
      if (r.kind !== "alert" || r.expr === undefined) continue;
      const labels = resultLabels(r.expr);
      for (let j = 0; j < r.templateLabels.length; j++) {
        const t = r.templateLabels[j]!;
        for (let k = 0; k < t.labels.length; k++) {
          const label = t.labels[k]!;
          if (!certainlyAbsent(labels, label)) continue;
          out.push(
            problem(this.name, this.severity, model.file, `${t.field} ${JSON.stringify(t.key)} uses label ${JSON.stringify(label)}, but the expression's result has ${describeLabels(labels)}: it renders empty`, {
              ...ruleAddress(r),
              line: t.node.line,
              column: t.node.column,
            }),
          );
        }
      }
    }
    return out;
  },
});
