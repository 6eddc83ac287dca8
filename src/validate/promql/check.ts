// PromQL type checking, with the rules and messages of Prometheus's checkAST
// (promql/parser/parse.go): operand types of binary operators, set operators and vector
// matching, bool, function and aggregation argument types, unary and subquery operands, and
// selectors that would select every series.
import { COMPARISON_OPS, SET_OPS, type Expr, type Matcher, type VectorSelector } from "./ast.ts";
import { documentedType, type ValueType } from "./functions.ts";
import type { PromQLIssue } from "./parse.ts";
import { compileRegexp } from "./re2.ts";

/** labels.Matcher.Matches(""): whether the matcher also selects series without the label. */
function matchesEmpty(m: Matcher): boolean {
  switch (m.op) {
    case "=":
      return m.value === "";
    case "!=":
      return m.value !== "";
    case "=~":
      return compileRegexp(m.value).matchesEmpty;
    case "!~": {
      const re = compileRegexp(m.value);
      return re.error === undefined && !re.matchesEmpty;
    }
  }
}

class Checker {
  readonly errors: PromQLIssue[] = [];

  private err(message: string, from: number, to: number): void {
    this.errors.push({ message, from, to, kind: "type" });
  }

  private expectType(e: Expr, want: ValueType, context: string): void {
    const t = this.check(e);
    if (t !== want) this.err(`expected type ${documentedType(want)} in ${context}, got ${documentedType(t)}`, e.from, e.to);
  }

  /** Checks `e` and returns its type (typeOf(e), from the children's types rather than a walk per node). */
  check(e: Expr): ValueType {
    let t: ValueType;
    switch (e.type) {
      case "aggregate":
        t = "vector";
        if (e.expr !== undefined) this.expectType(e.expr, "vector", "aggregation expression");
        if (e.param !== undefined) {
          if (e.op === "count_values") this.expectType(e.param, "string", "aggregation parameter");
          else this.expectType(e.param, "scalar", "aggregation parameter");
        }
        break;
      case "binary": {
        const lt = this.check(e.lhs);
        const rt = this.check(e.rhs);
        t = lt === "scalar" && rt === "scalar" ? "scalar" : "vector";
        const isComparison = COMPARISON_OPS.has(e.op);
        const isSet = SET_OPS.has(e.op);
        if (e.returnBool && !isComparison) this.err("bool modifier can only be used on comparison operators", e.opFrom, e.opTo);
        if (isComparison && !e.returnBool && lt === "scalar" && rt === "scalar") {
          this.err("comparisons between scalars must use BOOL modifier", e.opFrom, e.opTo);
        }
        let card = e.matching.card;
        if (isSet && card === "one-to-one") card = "many-to-many";
        if (e.matching.on) {
          for (const l of e.matching.labels) {
            if (e.matching.include.includes(l)) this.err(`label ${JSON.stringify(l)} must not occur in ON and GROUP clause at once`, e.opFrom, e.opTo);
          }
        }
        if (lt !== "scalar" && lt !== "vector") this.err("binary expression must contain only scalar and instant vector types", e.lhs.from, e.lhs.to);
        if (rt !== "scalar" && rt !== "vector") this.err("binary expression must contain only scalar and instant vector types", e.rhs.from, e.rhs.to);
        if (lt !== "vector" || rt !== "vector") {
          if (e.matching.labels.length > 0) this.err("vector matching only allowed between instant vectors", e.from, e.to);
        } else if (isSet) {
          if (card === "one-to-many" || card === "many-to-one") this.err(`no grouping allowed for ${JSON.stringify(e.op)} operation`, e.from, e.to);
          if (card !== "many-to-many") this.err("set operations must always be many-to-many", e.from, e.to);
        }
        if ((lt === "scalar" || rt === "scalar") && isSet) this.err(`set operator ${JSON.stringify(e.op)} not allowed in binary scalar expression`, e.from, e.to);
        break;
      }
      case "call": {
        const f = e.def;
        t = f.returns;
        const nargs = f.args.length;
        if (f.variadic === 0) {
          if (nargs !== e.args.length) this.err(`expected ${nargs} argument(s) in call to ${JSON.stringify(f.name)}, got ${e.args.length}`, e.from, e.to);
        } else {
          const na = nargs - 1;
          if (na > e.args.length) this.err(`expected at least ${na} argument(s) in call to ${JSON.stringify(f.name)}, got ${e.args.length}`, e.from, e.to);
          else if (f.variadic > 0 && na + f.variadic < e.args.length) {
            this.err(`expected at most ${na + f.variadic} argument(s) in call to ${JSON.stringify(f.name)}, got ${e.args.length}`, e.from, e.to);
          }
        }
        for (let i = 0; i < e.args.length; i++) {
          let k = i;
          if (k >= nargs) {
            if (f.variadic === 0) break;
            k = nargs - 1;
          }
          const arg = e.args[i]!;
          const at = this.check(arg);
          if (at !== f.args[k]) {
            this.err(`expected type ${documentedType(f.args[k]!)} in call to function ${JSON.stringify(f.name)}, got ${documentedType(at)}`, arg.from, arg.to);
          }
        }
        break;
      }
      case "paren":
        t = this.check(e.expr);
        break;
      case "unary": {
        const it = this.check(e.expr);
        t = it;
        if (it !== "scalar" && it !== "vector") {
          this.err(`unary expression only allowed on expressions of type scalar or instant vector, got ${JSON.stringify(documentedType(it))}`, e.from, e.to);
        }
        break;
      }
      case "subquery": {
        t = "matrix";
        const it = this.check(e.expr);
        if (it !== "vector") this.err(`subquery is only allowed on instant vector, got ${it} instead`, e.from, e.to);
        break;
      }
      case "matrix":
        t = "matrix";
        this.check(e.vector);
        break;
      case "vector":
        t = "vector";
        this.vectorSelector(e);
        break;
      case "number":
        t = "scalar";
        break;
      case "string":
        t = "string";
        break;
    }
    return t;
  }

  private vectorSelector(vs: VectorSelector): void {
    if (vs.name !== undefined) {
      for (const m of vs.matchers) {
        if (m.name === "__name__") this.err(`metric name must not be set twice: ${JSON.stringify(vs.name)} or ${JSON.stringify(m.value)}`, vs.from, vs.to);
      }
      return;
    }
    if (!vs.matchers.some((m) => !matchesEmpty(m))) this.err("vector selector must contain at least one non-empty matcher", vs.from, vs.to);
  }
}

/** Type-checks a parsed expression; returns every problem found. */
export function checkExpr(e: Expr): PromQLIssue[] {
  const c = new Checker();
  c.check(e);
  return c.errors;
}
