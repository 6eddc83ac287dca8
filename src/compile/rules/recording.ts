// compileRecordingRules: the experiment's recording rules, each computed from the service's raw
// metrics alone (see inline.ts for why no rule reads another rule's output).
import { metricContract } from "../../model/contract.ts";
import { OUT, RECORD } from "../../model/conventions.ts";
import type { Experiment } from "../../model/schema.ts";
import { quantitiesFor } from "./quantities.ts";
import { inlineSource } from "./inline.ts";
import { rawHelpers, type QuantityContext } from "./source.ts";
import type { RecordingRule } from "./types.ts";

export function quantityContext(exp: Experiment): QuantityContext {
  const c = metricContract(exp);
  return { exp, c, raw: rawHelpers(c) };
}

export function compileRecordingRules(exp: Experiment): RecordingRule[] {
  const ctx = quantityContext(exp);
  const src = inlineSource(ctx);
  const rules: RecordingRule[] = [];
  for (const q of quantitiesFor(ctx)) {
    const record = RECORD[q.key];
    if (q.shape === "treatment" || q.shape === "config") {
      const arms = q.shape === "config" ? exp.arms : ctx.c.treatments;
      for (const arm of arms) {
        rules.push({ record, expr: q.expr(ctx, src, arm.name), labels: { [OUT.experiment]: exp.id, [OUT.model]: arm.name } });
      }
    } else {
      rules.push({ record, expr: q.expr(ctx, src), labels: { [OUT.experiment]: exp.id } });
    }
  }
  return rules;
}
