// The PromQL syntax tree the validator checks: Prometheus's own node kinds (promql/parser/ast.go),
// built from lezer's tree with offsets into the expression text.
import type { FunctionDef, ValueType } from "./functions.ts";

export interface Span {
  from: number;
  to: number;
}

export type MatchOp = "=" | "!=" | "=~" | "!~";

export interface Matcher extends Span {
  name: string;
  op: MatchOp;
  value: string;
}

export type AtModifier = number | "start" | "end";

export interface NumberLiteral extends Span {
  type: "number";
  value: number;
}

export interface StringLiteral extends Span {
  type: "string";
  value: string;
}

export interface VectorSelector extends Span {
  type: "vector";
  /** The name written before the braces, if any. */
  name: string | undefined;
  matchers: Matcher[];
  offsetMs?: number;
  at?: AtModifier;
}

export interface MatrixSelector extends Span {
  type: "matrix";
  vector: VectorSelector;
  rangeMs: number;
}

export interface SubqueryExpr extends Span {
  type: "subquery";
  expr: Expr;
  rangeMs: number;
  stepMs: number | undefined;
  offsetMs?: number;
  at?: AtModifier;
}

export interface Call extends Span {
  type: "call";
  name: string;
  def: FunctionDef;
  args: Expr[];
}

export interface AggregateExpr extends Span {
  type: "aggregate";
  op: string;
  /** All arguments as written; param and expr are picked from them when the count is right. */
  args: Expr[];
  param: Expr | undefined;
  expr: Expr | undefined;
  grouping: string[];
  without: boolean;
  /** `by (...)` or `without (...)` was written. */
  modifier: boolean;
}

export type Cardinality = "one-to-one" | "many-to-one" | "one-to-many" | "many-to-many";

export interface VectorMatching {
  card: Cardinality;
  /** `on (...)` rather than `ignoring (...)`. */
  on: boolean;
  /** `on` or `ignoring` was written. */
  explicit: boolean;
  labels: string[];
  /** Labels of group_left(...) / group_right(...). */
  include: string[];
}

export type BinaryOp =
  | "+" | "-" | "*" | "/" | "%" | "^" | "atan2"
  | "==" | "!=" | ">" | "<" | ">=" | "<="
  | "and" | "or" | "unless";

export interface BinaryExpr extends Span {
  type: "binary";
  op: BinaryOp;
  lhs: Expr;
  rhs: Expr;
  returnBool: boolean;
  matching: VectorMatching;
  /** Offsets of the operator, for messages. */
  opFrom: number;
  opTo: number;
}

export interface UnaryExpr extends Span {
  type: "unary";
  op: "+" | "-";
  expr: Expr;
}

export interface ParenExpr extends Span {
  type: "paren";
  expr: Expr;
}

export type Expr =
  | NumberLiteral
  | StringLiteral
  | VectorSelector
  | MatrixSelector
  | SubqueryExpr
  | Call
  | AggregateExpr
  | BinaryExpr
  | UnaryExpr
  | ParenExpr;

export const COMPARISON_OPS: ReadonlySet<string> = new Set(["==", "!=", ">", "<", ">=", "<="]);
export const SET_OPS: ReadonlySet<string> = new Set(["and", "or", "unless"]);

/** The value type of an expression (Expr.Type() in Prometheus). */
export function typeOf(e: Expr): ValueType {
  switch (e.type) {
    case "number":
      return "scalar";
    case "string":
      return "string";
    case "vector":
    case "aggregate":
      return "vector";
    case "matrix":
    case "subquery":
      return "matrix";
    case "call":
      return e.def.returns;
    case "binary":
      return typeOf(e.lhs) === "scalar" && typeOf(e.rhs) === "scalar" ? "scalar" : "vector";
    case "unary":
    case "paren":
      return typeOf(e.expr);
  }
}

/** Visits every node, parents before children; return false from `visit` to skip a subtree. */
export function walk(e: Expr, visit: (node: Expr, parents: readonly Expr[]) => boolean | void, parents: Expr[] = []): void {
  if (visit(e, parents) === false) return;
  parents.push(e);
  // Children in source order, without building an array per node.
  switch (e.type) {
    case "matrix":
      walk(e.vector, visit, parents);
      break;
    case "subquery":
    case "unary":
    case "paren":
      walk(e.expr, visit, parents);
      break;
    case "call":
    case "aggregate":
      for (let i = 0; i < e.args.length; i++) walk(e.args[i]!, visit, parents);
      break;
    case "binary":
      walk(e.lhs, visit, parents);
      walk(e.rhs, visit, parents);
      break;
  }
  parents.pop();
}

/** The calls and selectors of an expression, each list in walk() order. */
export interface ExprIndex {
  calls: readonly Call[];
  /** Vector selectors, the ones inside range selectors included. */
  selectors: readonly VectorSelector[];
}

/**
 * One walk per expression for every check that looks for calls or selectors. Kept per tree:
 * parsePromQL returns the same tree for the same text, and rule files repeat expressions.
 */
const indexes = new WeakMap<Expr, ExprIndex>();

export function exprIndex(e: Expr): ExprIndex {
  let index = indexes.get(e);
  if (index === undefined) {
    const calls: Call[] = [];
    const selectors: VectorSelector[] = [];
    collect(e, calls, selectors);
    index = { calls, selectors };
    indexes.set(e, index);
  }
  return index;
}

function collect(e: Expr, calls: Call[], selectors: VectorSelector[]): void {
  switch (e.type) {
    case "vector":
      selectors.push(e);
      break;
    case "matrix":
      selectors.push(e.vector);
      break;
    case "subquery":
    case "unary":
    case "paren":
      collect(e.expr, calls, selectors);
      break;
    case "call":
      calls.push(e);
      for (let i = 0; i < e.args.length; i++) collect(e.args[i]!, calls, selectors);
      break;
    case "aggregate":
      for (let i = 0; i < e.args.length; i++) collect(e.args[i]!, calls, selectors);
      break;
    case "binary":
      collect(e.lhs, calls, selectors);
      collect(e.rhs, calls, selectors);
      break;
  }
}

/** The metric name a selector selects: written before the braces or as `__name__="..."`. */
export function metricName(vs: VectorSelector): string | undefined {
  if (vs.name !== undefined) return vs.name;
  return vs.matchers.find((m) => m.name === "__name__" && m.op === "=")?.value;
}
