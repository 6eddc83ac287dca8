// A recursive-descent parser over ./lexer.ts's tokens for the expressions rule files are made of:
// selectors, calls, aggregations, binary operators with their modifiers, ranges, subqueries and
// offsets. It returns the tree ./parse.ts would build from lezer's, or undefined ("not mine")
// for anything else: every error, `@`, some signed numbers, keywords used as names, quoted names. parse.ts then takes the full road, which owns every message.
// Why not lezer alone: lezer's parse plus the conversion of its tree was half of validate's time
// on a rule file; this road is several times faster, and a test holds it to the same trees
// (test/validate/promql-direct.test.ts, on every expression of both PromQL corpora).
import type { AggregateExpr, BinaryExpr, BinaryOp, Expr, Matcher, MatchOp, VectorMatching, VectorSelector } from "./ast.ts";
import { AGGREGATORS, FUNCTIONS, functionAt } from "./functions.ts";
import { unquote, type Token } from "./lexer.ts";
import { checkRegexp } from "./re2.ts";
import { parseDuration } from "../duration.ts";
import { promqlNumber } from "../gonum.ts";
import { atLeast, SYNTAX_SINCE, type PrometheusVersion } from "../version.ts";

/** Thrown (without a stack) to leave the direct road. */
const NOT_MINE: unique symbol = Symbol("not mine");

/** Binding power of each binary operator, as in Prometheus's grammar (`^` binds right). */
const PRECEDENCE: ReadonlyMap<string, number> = new Map([
  ["or", 1],
  ["and", 2],
  ["unless", 2],
  ["==", 3],
  ["!=", 3],
  [">", 3],
  ["<", 3],
  [">=", 3],
  ["<=", 3],
  ["+", 4],
  ["-", 4],
  ["*", 5],
  ["/", 5],
  ["%", 5],
  ["atan2", 5],
  ["^", 6],
]);
const POW = PRECEDENCE.get("^")!;
const COMPARISON = new Set(["==", "!=", ">", "<", ">=", "<="]);
const MATCH_OPS = new Set(["=", "!=", "=~", "!~"]);
/** Number texts lezer's tokenizer reads as one number, as in ./parse.ts. */
const LEZER_NUMBER = /^(?:\d+(?:\.\d+)?|\.\d+)(?:[eE][+-]?\d+)?$|^0x[0-9a-fA-F]+$/;

/**
 * The value of the common number forms (`5`, `0.95`, `100.5`) without ../gonum.ts's BigInt and
 * regexps: Go reads them as JavaScript does (integers below 2^53 exactly, decimals correctly
 * rounded). Undefined for every other form (octal `012`, hex, exponents, `5.`, long integers).
 */
function plainNumber(text: string): number | undefined {
  const n = text.length;
  let i = 0;
  while (i < n && isDigit(text.charCodeAt(i))) i++;
  if (i === 0) return undefined;
  if (i === n) return n <= 15 && (n === 1 || text.charCodeAt(0) !== 48) ? Number(text) : undefined;
  if (text.charCodeAt(i) !== 46 || i + 1 === n) return undefined;
  for (let j = i + 1; j < n; j++) if (!isDigit(text.charCodeAt(j))) return undefined;
  return Number(text);
}

const isDigit = (c: number) => c >= 48 && c <= 57;

class Parser {
  private i = 0;
  constructor(
    private readonly tokens: readonly Token[],
    private readonly target: PrometheusVersion,
  ) {}

  private take(type: Token["type"]): Token {
    const t = this.tokens[this.i];
    if (t === undefined || t.type !== type) throw NOT_MINE;
    this.i++;
    return t;
  }

  parse(): Expr {
    const e = this.expr(0);
    if (this.i !== this.tokens.length) throw NOT_MINE;
    return e;
  }

  private expr(minPrec: number): Expr {
    let lhs = this.unary();
    for (;;) {
      // The binary operator at the cursor and its binding power, if there is one.
      const tok = this.tokens[this.i];
      if (tok === undefined) return lhs;
      const op = tok.type === "OPERATOR" ? tok.text : tok.type === "KEYWORD" ? tok.keyword! : undefined;
      const prec = op === undefined ? undefined : PRECEDENCE.get(op);
      if (prec === undefined || prec < minPrec) return lhs;
      this.i++;
      if (op === "atan2" && !atLeast(this.target, SYNTAX_SINCE.atan2)) throw NOT_MINE;
      const matching: VectorMatching = { card: "one-to-one", on: false, explicit: false, labels: [], include: [] };
      let returnBool = false;
      if (this.keyword("bool")) {
        if (!COMPARISON.has(op!)) throw NOT_MINE;
        this.i++;
        returnBool = true;
      }
      if (this.keyword("on") || this.keyword("ignoring")) {
        matching.explicit = true;
        matching.on = this.tokens[this.i]!.keyword === "on";
        this.i++;
        matching.labels = this.grouping();
        if (this.keyword("group_left") || this.keyword("group_right")) {
          matching.card = this.tokens[this.i]!.keyword === "group_left" ? "many-to-one" : "one-to-many";
          this.i++;
          if (this.tokens[this.i]?.type === "LEFT_PAREN") matching.include = this.grouping();
        }
      }
      const rhs = this.expr(op === "^" ? prec : prec + 1);
      const node: BinaryExpr = {
        type: "binary",
        op: op as BinaryOp,
        lhs,
        rhs,
        returnBool,
        matching,
        from: lhs.from,
        to: rhs.to,
        opFrom: tok.from,
        opTo: tok.to,
      };
      lhs = node;
    }
  }

  private keyword(word: string): boolean {
    const t = this.tokens[this.i];
    return t !== undefined && t.type === "KEYWORD" && t.keyword === word;
  }

  private unary(): Expr {
    const t = this.tokens[this.i];
    if (t !== undefined && t.type === "OPERATOR" && (t.text === "-" || t.text === "+")) {
      const num = this.tokens[this.i + 1];
      if (num?.type === "NUMBER") {
        // lezer reads a sign and a number as one literal when nothing follows, as a unary
        // expression before an operator, and either way before `^`: the full road takes that.
        const after = this.tokens[this.i + 2];
        if (after === undefined) {
          this.i += 2;
          const n = this.number(num);
          return { type: "number", value: t.text === "-" ? -n : n, from: t.from, to: num.to };
        }
        if (after.type === "OPERATOR" && after.text === "^") throw NOT_MINE;
      }
      this.i++;
      // Prometheus gives unary operators the binding power of `*`: only `^` binds tighter.
      const inner = this.expr(POW);
      return { type: "unary", op: t.text, expr: inner, from: t.from, to: inner.to };
    }
    return this.postfix(this.primary());
  }

  /** Ranges, subqueries and offsets after an operand. */
  private postfix(e: Expr): Expr {
    for (;;) {
      const t = this.tokens[this.i];
      if (t === undefined) return e;
      if (t.type === "LEFT_BRACKET") {
        this.i++;
        const range = this.duration();
        if (this.tokens[this.i]?.type === "RIGHT_BRACKET") {
          const close = this.take("RIGHT_BRACKET");
          if (e.type !== "vector" || e.offsetMs !== undefined || e.at !== undefined) throw NOT_MINE;
          e = { type: "matrix", vector: e, rangeMs: range, from: e.from, to: close.to };
          continue;
        }
        this.take("COLON");
        const step = this.tokens[this.i]?.type === "DURATION" ? this.duration() : 0;
        const close = this.take("RIGHT_BRACKET");
        e = { type: "subquery", expr: e, rangeMs: range, stepMs: step === 0 ? undefined : step, from: e.from, to: close.to };
        continue;
      }
      if (t.type === "KEYWORD" && t.keyword === "offset") {
        this.i++;
        const to = this.tokens[this.i]?.to;
        const ms = this.duration();
        const holder = e.type === "matrix" ? e.vector : e.type === "vector" || e.type === "subquery" ? e : undefined;
        if (holder === undefined || (holder.offsetMs !== undefined && holder.offsetMs !== 0)) throw NOT_MINE;
        const updated = { ...holder, offsetMs: ms };
        e = e.type === "matrix" ? { ...e, vector: updated as VectorSelector, to: to! } : ({ ...updated, to: to! } as Expr);
        continue;
      }
      return e;
    }
  }

  /** A number token's value; numbers lezer lexes differently (`5.`) take the full road. */
  private number(t: Token): number {
    const plain = plainNumber(t.text);
    if (plain !== undefined) return plain;
    if (!LEZER_NUMBER.test(t.text) && !/^(?:inf|nan)$/i.test(t.text)) throw NOT_MINE;
    const n = promqlNumber(t.text);
    if (!n.ok) throw NOT_MINE;
    return n.value;
  }

  /** A positive duration literal. */
  private duration(): number {
    const t = this.take("DURATION");
    const d = parseDuration(t.text);
    if (!d.ok || d.ms === 0) throw NOT_MINE;
    return d.ms;
  }

  private primary(): Expr {
    const t = this.tokens[this.i];
    if (t === undefined) throw NOT_MINE;
    switch (t.type) {
      case "LEFT_PAREN": {
        this.i++;
        const inner = this.expr(0);
        const close = this.take("RIGHT_PAREN");
        return { type: "paren", expr: inner, from: t.from, to: close.to };
      }
      case "NUMBER":
        this.i++;
        return { type: "number", value: this.number(t), from: t.from, to: t.to };
      case "STRING":
        this.i++;
        return { type: "string", value: unquote(t.text), from: t.from, to: t.to };
      case "IDENTIFIER":
        if (this.tokens[this.i + 1]?.type === "LEFT_PAREN") return this.call(t);
        // A function's name alone is a metric to Prometheus; leave lezer's view of it to lezer.
        if (FUNCTIONS.has(t.text)) throw NOT_MINE;
        return this.selector(t);
      case "METRIC_IDENTIFIER":
        return this.selector(t);
      case "LEFT_BRACE":
        return this.selector(undefined);
      case "KEYWORD":
        if (AGGREGATORS.has(t.keyword!)) return this.aggregate(t);
        throw NOT_MINE;
      default:
        throw NOT_MINE;
    }
  }

  private selector(name: Token | undefined): Expr {
    const from = this.tokens[this.i]!.from;
    if (name !== undefined) this.i++;
    const matchers: Matcher[] = [];
    let end = name?.to;
    if (this.tokens[this.i]?.type === "LEFT_BRACE") {
      this.i++;
      while (this.tokens[this.i]?.type !== "RIGHT_BRACE") {
        const label = this.labelName();
        const op = this.take("OPERATOR");
        if (!MATCH_OPS.has(op.text)) throw NOT_MINE;
        const str = this.take("STRING");
        const value = unquote(str.text);
        if ((op.text === "=~" || op.text === "!~") && checkRegexp(value) !== undefined) throw NOT_MINE;
        matchers.push({ name: label.text, op: op.text as MatchOp, value, from: label.from, to: str.to });
        if (this.tokens[this.i]?.type === "COMMA") this.i++;
        else if (this.tokens[this.i]?.type !== "RIGHT_BRACE") throw NOT_MINE;
      }
      end = this.take("RIGHT_BRACE").to;
    }
    const vs: VectorSelector = { type: "vector", name: name?.text, matchers, from, to: end! };
    return vs;
  }

  /** Comma-separated expressions up to `)`, the `(` at the cursor. */
  private args(): { args: Expr[]; to: number } {
    this.take("LEFT_PAREN");
    const args: Expr[] = [];
    if (this.tokens[this.i]?.type !== "RIGHT_PAREN") {
      for (;;) {
        args.push(this.expr(0));
        if (this.tokens[this.i]?.type !== "COMMA") break;
        this.i++;
      }
    }
    return { args, to: this.take("RIGHT_PAREN").to };
  }

  private call(name: Token): Expr {
    const f = functionAt(name.text, this.target);
    if ("error" in f) throw NOT_MINE;
    this.i++;
    const { args, to } = this.args();
    return { type: "call", name: name.text, def: f.def, args, from: name.from, to };
  }

  /** A label name: an identifier, or a keyword (`group`, `on`, `offset`) but `without`. */
  private labelName(): Token {
    const t = this.tokens[this.i];
    if (t === undefined || !(t.type === "IDENTIFIER" || (t.type === "KEYWORD" && t.keyword !== "without"))) throw NOT_MINE;
    this.i++;
    return t;
  }

  /** `(a, b)` after by/without/on/ignoring/group_x. */
  private grouping(): string[] {
    this.take("LEFT_PAREN");
    const labels: string[] = [];
    while (this.tokens[this.i]?.type !== "RIGHT_PAREN") {
      labels.push(this.labelName().text);
      if (this.tokens[this.i]?.type === "COMMA") this.i++;
      else if (this.tokens[this.i]?.type !== "RIGHT_PAREN") throw NOT_MINE;
    }
    this.i++;
    return labels;
  }

  private aggregate(opTok: Token): Expr {
    const op = opTok.keyword!;
    this.i++;
    let grouping: string[] = [];
    let without = false;
    let modifier = false;
    // `by (...)` / `without (...)`, before or after the arguments.
    if (this.keyword("by") || this.keyword("without")) {
      without = this.tokens[this.i]!.keyword === "without";
      this.i++;
      grouping = this.grouping();
      modifier = true;
    }
    const { args, to: argsTo } = this.args();
    let to = argsTo;
    if (!modifier && (this.keyword("by") || this.keyword("without"))) {
      without = this.tokens[this.i]!.keyword === "without";
      this.i++;
      grouping = this.grouping();
      modifier = true;
      to = this.tokens[this.i - 1]!.to;
    }
    const wanted = AGGREGATORS.get(op) !== undefined ? 2 : 1;
    if (args.length !== wanted) throw NOT_MINE;
    const agg: AggregateExpr = {
      type: "aggregate",
      op,
      args,
      param: wanted === 2 ? args[0] : undefined,
      expr: args[wanted - 1],
      grouping,
      without,
      modifier,
      from: opTok.from,
      to,
    };
    return agg;
  }
}

/**
 * The tree of an expression in the common syntax, or undefined when the full parser must decide.
 * `tokens` are the significant tokens (no comments) of a lexically valid expression.
 */
export function parseDirect(tokens: readonly Token[], target: PrometheusVersion): Expr | undefined {
  try {
    return new Parser(tokens, target).parse();
  } catch (e) {
    if (e === NOT_MINE) return undefined;
    throw e;
  }
}
