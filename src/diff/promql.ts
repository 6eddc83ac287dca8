// What an on-call engineer reads in an alert's expression: its thresholds, the numbers compared
// against. Parsed with validate's PromQL parser, so any expression works, not only abwatch's.
import { walk, type Expr } from "../validate/promql/ast.ts";
import { parsePromQL } from "../validate/promql/parse.ts";

export interface Threshold {
  /** The compared series as written, whitespace collapsed, e.g. `error_ratio{experiment="x"}`. */
  series: string;
  /** The operator with the series on its left: `0.5 < x` reads as `x > 0.5`. */
  op: string;
  /** The number as written (`0.05`, `-1.96`). */
  value: string;
  from: number;
  to: number;
}

const FLIP: Record<string, string> = { ">": "<", "<": ">", ">=": "<=", "<=": ">=", "==": "==", "!=": "!=" };
const COMPARISONS = new Set(Object.keys(FLIP));

/** The literal number of a side (`0.05`, `-1.96`, `(3)`), or undefined when the side is not one. */
function literal(e: Expr): Expr | undefined {
  if (e.type === "number") return e;
  if (e.type === "paren" || (e.type === "unary" && e.expr.type !== "unary")) return literal(e.expr) === undefined ? undefined : e;
  return undefined;
}

export const collapse = (text: string) => text.replace(/\s+/g, " ").trim();

/** Every comparison against a number, in source order; undefined when the expression does not parse. */
export function thresholds(expr: string): Threshold[] | undefined {
  const parsed = parsePromQL(expr);
  if (parsed.expr === undefined) return undefined;
  const out: Threshold[] = [];
  walk(parsed.expr, (node) => {
    if (node.type !== "binary" || !COMPARISONS.has(node.op)) return;
    const right = literal(node.rhs);
    const left = right === undefined ? literal(node.lhs) : undefined;
    const number = right ?? left;
    if (number === undefined) return;
    const series = right !== undefined ? node.lhs : node.rhs;
    const bool = node.returnBool ? "bool " : "";
    out.push({
      series: collapse(expr.slice(series.from, series.to)),
      op: `${right !== undefined ? node.op : FLIP[node.op]} ${bool}`.trim(),
      value: collapse(expr.slice(number.from, number.to)).replace(/^\((.*)\)$/, "$1"),
      from: number.from,
      to: number.to,
    });
  });
  return out;
}

/** The expression with every threshold number replaced by `#`: equal masks mean only thresholds moved. */
export function maskThresholds(expr: string, found: readonly Threshold[]): string {
  let out = "";
  let at = 0;
  for (const t of [...found].sort((a, b) => a.from - b.from)) {
    out += `${expr.slice(at, t.from)}#`;
    at = t.to;
  }
  return collapse(out + expr.slice(at));
}

/** Whether a PromQL (or Grafana query) text reads the series `name`: a whole-word match. */
export function reads(expr: string, name: string): boolean {
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return new RegExp(`(?<![A-Za-z0-9_:])${escaped}(?![A-Za-z0-9_:])`).test(expr);
}
