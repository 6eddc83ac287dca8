// The inlined source: every quantity read as its full expression over the service's own metrics.
// Recording rules are written with it, so each recorded series is computed from raw metrics alone,
// never from another rule's output: vmalert (and the Thanos and Mimir rulers) write recording
// results through remote write, so a rule reading another rule's output gets an older evaluation's
// value at random, and mixing that with fresher values gave traffic shares summing to 1.16 on
// healthy traffic. Alerts read the recorded series: at worst one evaluation late, never a mix of
// inputs from different evaluations inside one statistic. The one exception is the sequential
// chain (sequential.ts), whose links each read a single recorded rule.
import { parser } from "@prometheus-io/lezer-promql";
import { OUT } from "../../model/conventions.ts";
import { promString } from "../promql.ts";
import { QUANTITY, expressionOf } from "./quantities.ts";
import { armMatches, recordedSource, type QuantityContext, type Source } from "./source.ts";

/** Expressions that bind tighter than any operator need no parentheses around them. */
const ATOMS = new Set(["FunctionCall", "AggregateExpr", "VectorSelector", "ParenExpr", "NumberDurationLiteral", "StringLiteral"]);

// Whether an expression is an atom depends on its shape only, not on the strings and numbers in
// it: parsed once per shape, the 1000th experiment costs a lookup instead of a parse.
const atomByShape = new Map<string, boolean>();
const LITERALS = /"(?:[^"\\]|\\.)*"|(?<![\w.:])\d+(?:\.\d+)?(?:e[-+]?\d+)?(?![\w.])/g;

/** Parenthesises `expr` only where an operator around it could change its meaning. */
export function group(expr: string): string {
  const shape = expr.replace(LITERALS, (m) => (m.startsWith('"') ? '""' : "0"));
  let atom = atomByShape.get(shape);
  if (atom === undefined) {
    const top = parser.parse(shape).topNode.firstChild;
    atom = top !== null && ATOMS.has(top.name) && top.from === 0 && top.to === shape.length;
    if (atomByShape.size > 10_000) atomByShape.clear(); // bounded: shapes are few, experiments many
    atomByShape.set(shape, atom);
  }
  return atom ? expr : `(${expr})`;
}

/** Every quantity inlined down to raw metrics, except those in `recorded`, read as recorded series. */
export function inlineSource(ctx: QuantityContext, recorded: ReadonlySet<string> = new Set()): Source {
  const tag = (expr: string, arm: string) => `label_replace(${expr}, ${promString(OUT.model)}, ${promString(arm)}, "", "")`;
  const stored = recordedSource(ctx.exp);
  const src: Source = {
    q: (key, arm, extra) => {
      if (recorded.has(key)) return stored.q(key, arm, extra);
      const q = QUANTITY[key];
      if (q.shape === "treatment" || q.shape === "config") {
        // Recorded, these series get model_name from the rule's labels; inlined, label_replace sets it.
        const arms = (q.shape === "config" ? ctx.exp.arms : ctx.c.treatments).map((a) => a.name).filter((a) => armMatches(a, arm));
        const parts = arms.map((a) => tag(expressionOf(q, ctx, src, a, extra), a));
        return parts.length === 1 ? parts[0]! : `(${parts.join(" or ")})`;
      }
      return group(expressionOf(q, ctx, src, arm, extra));
    },
  };
  return src;
}
