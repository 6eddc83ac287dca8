// The inlined source: every quantity read as its full expression instead of its recorded series.
import { OUT } from "../../model/conventions.ts";
import { promString } from "../promql.ts";
import { QUANTITY } from "./quantities.ts";
import type { QuantityContext, Source } from "./source.ts";

export function inlineSource(ctx: QuantityContext): Source {
  const tag = (expr: string, arm: string) => `label_replace(${expr}, ${promString(OUT.model)}, ${promString(arm)}, "", "")`;
  const src: Source = {
    q: (key, arm, extra) => {
      const q = QUANTITY[key];
      if (q.shape === "treatment" || q.shape === "config") {
        // Recorded, these series get model_name from the rule's labels; inlined, label_replace sets it.
        const arms = arm !== undefined ? [arm] : (q.shape === "config" ? ctx.exp.arms : ctx.c.treatments).map((a) => a.name);
        const parts = arms.map((a) => tag(q.expr(ctx, src, a, extra), a));
        return parts.length === 1 ? parts[0]! : `(${parts.join(" or ")})`;
      }
      return `(${q.expr(ctx, src, arm, extra)})`;
    },
  };
  return src;
}
