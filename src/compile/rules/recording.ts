// compileRecordingRules: the experiment's recording rules, each computed from the service's raw
// metrics alone (see inline.ts for why no rule reads another rule's output), except the links of
// the sequential chain, which read exactly one other recorded rule (see sequential.ts).
import { metricContract } from "../../model/contract.ts";
import { OUT, RECORD, type RecordKey } from "../../model/conventions.ts";
import type { Experiment } from "../../model/schema.ts";
import { expressionOf, quantitiesFor } from "./quantities.ts";
import { inlineSource } from "./inline.ts";
import { rawHelpers, recordedSource, type QuantityContext } from "./source.ts";
import type { RecordingRule } from "./types.ts";

export function quantityContext(exp: Experiment): QuantityContext {
  const c = metricContract(exp);
  return { exp, c, raw: rawHelpers(c) };
}

/** The experiment's recording rules, or only those whose key `only` accepts. */
export function compileRecordingRules(exp: Experiment, only: (key: RecordKey) => boolean = () => true): RecordingRule[] {
  const ctx = quantityContext(exp);
  const raw = inlineSource(ctx);
  const recorded = recordedSource(exp);
  const rules: RecordingRule[] = [];
  for (const q of quantitiesFor(ctx)) {
    if (!only(q.key)) continue;
    const record = RECORD[q.key];
    const src = q.reads !== undefined ? recorded : raw;
    if (q.shape === "treatment" || q.shape === "config") {
      const arms = q.shape === "config" ? exp.arms : ctx.c.treatments;
      for (const arm of arms) {
        rules.push({ record, expr: expressionOf(q, ctx, src, arm.name), labels: { [OUT.experiment]: exp.id, [OUT.model]: arm.name } });
      }
    } else {
      rules.push({ record, expr: expressionOf(q, ctx, src), labels: { [OUT.experiment]: exp.id } });
    }
  }
  return rules;
}
