// promql/rate-counter: rate(), irate() and increase() over a series whose name is not a counter's
// (`_total`, or a histogram/summary's `_count`, `_sum`, `_bucket`). On a gauge they return noise.
// Recording-rule names (with a colon) are left alone: their name does not say the type.
import { metricName, walk } from "../promql/ast.ts";
import { problem, type ValidationProblem } from "../problem.ts";
import { type RuleFileModel, ruleAddress } from "../kinds/rules.ts";
import { defineCheck } from "./types.ts";

const COUNTER_FUNCTIONS = new Set(["rate", "irate", "increase"]);
const COUNTER_NAME = /(_total|_count|_sum|_bucket)$/;

export const rateCounter = defineCheck<RuleFileModel>({
  name: "promql/rate-counter",
  kind: "rules",
  severity: "warning",
  summary: "rate(), irate() or increase() over a metric whose name is not a counter's",
  run(model) {
    const out: ValidationProblem[] = [];
    for (const r of model.rules) {
      if (r.expr === undefined) continue;
      walk(r.expr, (e) => {
        if (e.type !== "call" || !COUNTER_FUNCTIONS.has(e.name)) return;
        const arg = e.args[0];
        if (arg?.type !== "matrix") return;
        const name = metricName(arg.vector);
        if (name === undefined || name.includes(":") || COUNTER_NAME.test(name)) return;
        out.push(
          problem(this.name, this.severity, model.file, `${e.name}() of ${JSON.stringify(name)}, which is not named like a counter (_total, _count, _sum, _bucket): use deriv() or delta() for gauges`, {
            ...ruleAddress(r),
            ...model.ctx.positionIn(r.rule.expr!, arg.from),
          }),
        );
      });
    }
    return out;
  },
});
