// promql/histogram-quantile-le: histogram_quantile over an aggregation that drops the `le`
// label. Without `le` every bucket collapses into one series and the quantile is NaN.
// (VictoriaMetrics' `vmrange` buckets count as bucket labels too.)
import { exprIndex } from "../promql/ast.ts";
import { certainlyAbsent, describeLabels, resultLabels } from "../promql/labels.ts";
import { problem, type ValidationProblem } from "../problem.ts";
import { type RuleFileModel, ruleAddress } from "../kinds/rules.ts";
import { defineCheck } from "./types.ts";

export const histogramQuantileLe = defineCheck<RuleFileModel>({
  name: "promql/histogram-quantile-le",
  kind: "rules",
  severity: "warning",
  class: "bug",
  summary: "histogram_quantile() over an aggregation that drops the `le` label",
  run(model) {
    const out: ValidationProblem[] = [];
    for (let ri = 0; ri < model.rules.length; ri++) {
      const r = model.rules[ri]!;
      if (r.expr === undefined) continue;
      const { calls } = exprIndex(r.expr);
      for (let i = 0; i < calls.length; i++) {
        const e = calls[i]!;
        if (e.name !== "histogram_quantile") continue;
        const arg = e.args[1];
        if (arg === undefined) continue;
        const labels = resultLabels(arg);
        // VictoriaMetrics' histograms bucket by `vmrange` instead, and its histogram_quantile reads them.
        if (!certainlyAbsent(labels, "le") || labels.exact?.has("vmrange") === true) continue;
        out.push(
          problem(this.name, this.severity, model.file, `histogram_quantile() needs the "le" label, but its input keeps ${describeLabels(labels)}: add le to the by (...) clause`, {
            ...ruleAddress(r),
            ...model.ctx.positionIn(r.rule.expr!, e.from),
          }),
        );
      }
    }
    return out;
  },
});
