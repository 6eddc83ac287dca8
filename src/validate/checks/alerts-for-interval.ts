// alerts/for-interval: `for` shorter than two evaluation intervals. Such an alert fires on one or
// two evaluations, so a single slow scrape or restart pages someone.
import { formatDuration } from "../duration.ts";
import { problem, type ValidationProblem } from "../problem.ts";
import { durationMs } from "../rules/validate.ts";
import { type RuleFileModel, ruleAddress } from "../kinds/rules.ts";
import { defineCheck } from "./types.ts";

export const alertForInterval = defineCheck<RuleFileModel>({
  name: "alerts/for-interval",
  kind: "rules",
  severity: "warning",
  class: "style",
  summary: "alert whose `for` is shorter than two evaluation intervals (or absent)",
  run(model, ctx) {
    const out: ValidationProblem[] = [];
    for (let ri = 0; ri < model.rules.length; ri++) {
      const r = model.rules[ri]!;
      if (r.kind !== "alert") continue;
      const interval = durationMs(r.group.interval) || ctx.evaluationIntervalMs;
      if (r.rule.for !== undefined && durationMs(r.rule.for) === undefined) continue; // rulefmt/duration reports it
      const forMs = durationMs(r.rule.for) ?? 0;
      if (forMs >= 2 * interval) continue;
      const node = r.rule.for?.node ?? r.rule.alert!;
      const message =
        forMs === 0
          ? `alert has no 'for': it fires on a single evaluation; use at least ${formatDuration(2 * interval)} (two evaluation intervals of ${formatDuration(interval)})`
          : `for: ${formatDuration(forMs)} is shorter than two evaluation intervals (2 × ${formatDuration(interval)}); one late scrape can fire it`;
      out.push(problem(this.name, this.severity, model.file, message, { ...ruleAddress(r), line: node.line, column: node.column }));
    }
    return out;
  },
});
