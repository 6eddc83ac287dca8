// promql/rate-counter: rate(), irate() or increase() over a series known to be a gauge: one a
// recording rule records from a rate, a ratio, a quantile or a count (in any rule file of the
// run), a gauge of the experiment's metric contract, or a summary's quantile series. On a gauge
// these functions read every decrease as a counter reset and return nonsense. Names alone prove
// nothing (many exporters' counters lack `_total`), so a series nobody describes is left alone.
import { exprIndex, metricName } from "../promql/ast.ts";
import { gaugeReason } from "../promql/gauge.ts";
import { problem, type ValidationProblem } from "../problem.ts";
import { type RuleFileModel, ruleAddress } from "../kinds/rules.ts";
import { defineCheck } from "./types.ts";

const COUNTER_FUNCTIONS = new Set(["rate", "irate", "increase"]);

export const rateCounter = defineCheck<RuleFileModel>({
  name: "promql/rate-counter",
  kind: "rules",
  severity: "warning",
  class: "bug",
  summary: "rate(), irate() or increase() over a series known to be a gauge (recorded from a rate, ratio or quantile; a contract gauge; a summary quantile)",
  run(model, ctx) {
    const out: ValidationProblem[] = [];
    const known = (name: string) => ctx.gauges.get(name);
    for (let ri = 0; ri < model.rules.length; ri++) {
      const r = model.rules[ri]!;
      if (r.expr === undefined) continue;
      const { calls } = exprIndex(r.expr);
      for (let i = 0; i < calls.length; i++) {
        const e = calls[i]!;
        if (!COUNTER_FUNCTIONS.has(e.name)) continue;
        const arg = e.args[0];
        if (arg?.type !== "matrix") continue;
        const why = gaugeReason(arg.vector, known);
        if (why === undefined) continue;
        const name = metricName(arg.vector);
        out.push(
          problem(this.name, this.severity, model.file, `${e.name}() of ${name === undefined ? "the selected series" : JSON.stringify(name)}, which is a gauge (${why}): ${e.name}() reads every decrease as a counter reset; use deriv(), delta() or avg_over_time()`, {
            ...ruleAddress(r),
            ...model.ctx.positionIn(r.rule.expr!, arg.from),
          }),
        );
      }
    }
    return out;
  },
});
