// Parses PromQL the way promtool 2.42 does, on top of lezer's grammar:
//  1. lex with Prometheus's own token rules (./lexer.ts) - lexical errors stop here;
//  2. resolve function names against the 2.42 table and hide the few differences lezer cannot
//     lex (`5.`, `holt_winters`, `offset` as a metric name) behind same-length stand-ins;
//  3. parse with @prometheus-io/lezer-promql and turn its tree into ./ast.ts nodes, applying the
//     grammar actions of Prometheus (offset/@/range placement, durations, matchers, grouping);
//     (./direct.ts builds the same tree straight from the tokens for the common, valid syntax)
//  4. type-check (./check.ts), only when there was no syntax error, as Prometheus does.
// Offsets are into the expression text; callers turn them into line:column.
import { parser } from "@prometheus-io/lezer-promql";
import type { SyntaxNode } from "@lezer/common";
import type {
  AggregateExpr,
  AtModifier,
  BinaryExpr,
  BinaryOp,
  Expr,
  Matcher,
  MatchOp,
  MatrixSelector,
  SubqueryExpr,
  VectorMatching,
  VectorSelector,
} from "./ast.ts";
import { checkExpr } from "./check.ts";
import { parseDirect } from "./direct.ts";
import { AGGREGATORS, functionAt, unknownAggregator } from "./functions.ts";
import { lex, unquote, type Token } from "./lexer.ts";
import { checkRegexp } from "./re2.ts";
import { parseDuration } from "../duration.ts";
import { promqlNumber } from "../gonum.ts";
import { atLeast, DEFAULT_TARGET, laterThan, SYNTAX_SINCE, type PrometheusVersion } from "../version.ts";

export interface PromQLIssue {
  message: string;
  from: number;
  to: number;
  /** Type errors come from checkAST; everything else is a syntax error. */
  kind?: "syntax" | "type";
}

export interface PromQLResult {
  expr: Expr | undefined;
  errors: PromQLIssue[];
}

/** Function names lezer's grammar knows (as FunctionIdentifier); others are parsed through a stand-in. */
const LEZER_FUNCTIONS = new Set([
  "abs", "absent", "absent_over_time", "acos", "acosh", "asin", "asinh", "atan", "atanh", "avg_over_time", "ceil",
  "changes", "clamp", "clamp_max", "clamp_min", "cos", "cosh", "count_over_time", "days_in_month", "day_of_month",
  "day_of_week", "day_of_year", "deg", "delta", "deriv", "exp", "first_over_time", "floor", "histogram_avg",
  "histogram_count", "histogram_fraction", "histogram_quantile", "histogram_stddev", "histogram_stdvar",
  "histogram_sum", "double_exponential_smoothing", "hour", "idelta", "increase", "info", "irate", "label_replace",
  "label_join", "last_over_time", "ln", "log10", "log2", "mad_over_time", "max_over_time", "min_over_time", "minute",
  "month", "pi", "predict_linear", "present_over_time", "quantile_over_time", "rad", "rate", "resets", "round",
  "scalar", "sgn", "sin", "sinh", "sort", "sort_desc", "sort_by_label", "sort_by_label_desc", "sqrt",
  "stddev_over_time", "stdvar_over_time", "sum_over_time", "tan", "tanh", "time", "timestamp", "vector", "year",
]);

/** Keywords that end an operand when used as a metric name (`sum offset 5m` is the metric `sum`). */
const OPERAND_KEYWORDS = new Set(["sum", "avg", "count", "min", "max", "group", "stddev", "stdvar", "topk", "bottomk", "count_values", "quantile", "start", "end"]);
/** Keywords that are metric names where an operand may start (`and offset 5m`), operators elsewhere. */
const POSITIONAL_KEYWORDS = new Set(["and", "or", "unless", "by", "without", "offset"]);
const OPERAND_END_TYPES = new Set(["IDENTIFIER", "METRIC_IDENTIFIER", "NUMBER", "STRING", "DURATION", "RIGHT_PAREN", "RIGHT_BRACE", "RIGHT_BRACKET"]);
/** Keywords Prometheus never accepts as a metric name. */
const NEVER_METRIC = new Set(["atan2", "on", "ignoring", "group_left", "group_right", "bool"]);

const BINARY_OPS: Record<string, BinaryOp> = {
  Add: "+", Sub: "-", Mul: "*", Div: "/", Mod: "%", Pow: "^", Atan2: "atan2",
  Eql: "==", Neq: "!=", Gtr: ">", Lss: "<", Gte: ">=", Lte: "<=",
  And: "and", Or: "or", Unless: "unless",
};

const MATCH_OPS: Record<string, MatchOp> = { EqlSingle: "=", Neq: "!=", EqlRegex: "=~", NeqRegex: "!~" };

/** How Prometheus describes a token in "unexpected ..." messages. */
export function describeToken(t: Token | undefined): string {
  if (t === undefined) return "end of input";
  switch (t.type) {
    case "IDENTIFIER":
      return `identifier ${JSON.stringify(t.text)}`;
    case "METRIC_IDENTIFIER":
      return `metric identifier ${JSON.stringify(t.text)}`;
    case "NUMBER":
      return `number ${JSON.stringify(t.text)}`;
    case "STRING":
      return `string ${JSON.stringify(t.text)}`;
    case "DURATION":
      return `duration ${JSON.stringify(t.text)}`;
    case "KEYWORD":
      return t.keyword === "and" || t.keyword === "or" || t.keyword === "unless" || t.keyword === "atan2" ? `<op:${t.keyword}>` : `<${t.keyword}>`;
    case "OPERATOR":
      return t.text === "=" ? '"="' : `<op:${t.text}>`;
    case "AT":
      return "<@>";
    default:
      return JSON.stringify(t.text);
  }
}

/** A NUMBER token's value as Prometheus's parser.number() reads it, or undefined when it fails. */
function numberValue(text: string): number | undefined {
  const n = promqlNumber(text);
  return n.ok ? n.value : undefined;
}

/** The first child of a node with a name (lezer's getChild builds an array for every call). */
function childNamed(n: SyntaxNode | null | undefined, name: string): SyntaxNode | null {
  if (n === null || n === undefined) return null;
  for (let c = n.firstChild; c !== null; c = c.nextSibling) if (c.name === name) return c;
  return null;
}

function childrenNamed(n: SyntaxNode, name: string): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  for (let c = n.firstChild; c !== null; c = c.nextSibling) if (c.name === name) out.push(c);
  return out;
}

/** Number texts lezer's tokenizer reads as one number (it lacks `5.` and `5.e3`). */
const LEZER_NUMBER = /^(?:\d+(?:\.\d+)?|\.\d+)(?:[eE][+-]?\d+)?$|^0x[0-9a-fA-F]+$/;

class Converter {
  readonly errors: PromQLIssue[] = [];
  /** Significant tokens by start offset. */
  private readonly byStart = new Map<number, Token>();

  constructor(
    private readonly target: PrometheusVersion,
    private readonly input: string,
    private readonly tokens: readonly Token[],
  ) {
    for (const t of tokens) this.byStart.set(t.from, t);
  }

  error(message: string, from: number, to: number): void {
    this.errors.push({ message, from, to });
  }

  private text(n: SyntaxNode): string {
    return this.input.slice(n.from, n.to);
  }

  /** The first token starting at or after an offset. */
  tokenFrom(offset: number): Token | undefined {
    for (const t of this.tokens) if (t.from >= offset) return t;
    return undefined;
  }

  /** The last token ending at or before an offset inside [from, to). */
  private lastTokenIn(from: number, to: number): Token | undefined {
    let last: Token | undefined;
    for (const t of this.tokens) if (t.from >= from && t.from < to) last = t;
    return last;
  }

  private exprChildren(n: SyntaxNode): SyntaxNode[] {
    const out: SyntaxNode[] = [];
    for (let c = n.firstChild; c !== null; c = c.nextSibling) if (c.type.is("Expr")) out.push(c);
    return out;
  }

  convert(n: SyntaxNode | null): Expr | undefined {
    if (n === null) return undefined;
    switch (n.name) {
      case "ParenExpr": {
        const inner = this.convert(this.exprChildren(n)[0] ?? null);
        return inner && { type: "paren", expr: inner, from: n.from, to: n.to };
      }
      case "NumberDurationLiteral":
        return this.numberLiteral(n);
      case "StringLiteral":
        return { type: "string", value: unquote(this.text(n)), from: n.from, to: n.to };
      case "VectorSelector":
        return this.vectorSelector(n);
      case "MatrixSelector": {
        const inner = this.convert(this.exprChildren(n)[0] ?? null);
        const range = this.duration(childNamed(n, "DurationExpr"), "range", "duration");
        if (inner === undefined || range === undefined) return undefined;
        return this.postfix(inner, (target) => this.matrix(target, range, n));
      }
      case "SubqueryExpr": {
        const inner = this.convert(this.exprChildren(n)[0] ?? null);
        const durations = childrenNamed(n, "DurationExpr");
        const range = this.duration(durations[0] ?? null, "subquery range", "duration");
        const step = durations[1] === undefined ? 0 : this.duration(durations[1], "subquery selector", 'duration or "]"');
        if (inner === undefined || range === undefined || step === undefined) return undefined;
        return this.postfix(inner, (target) => {
          const sq: SubqueryExpr = { type: "subquery", expr: target, rangeMs: range, stepMs: step === 0 ? undefined : step, from: target.from, to: n.to };
          return sq;
        });
      }
      case "OffsetExpr": {
        const inner = this.convert(this.exprChildren(n)[0] ?? null);
        const offset = this.offsetDuration(childNamed(n, "OffsetDurationExpr"));
        if (inner === undefined || offset === undefined) return undefined;
        return this.postfix(inner, (target) => this.offset(target, offset, n));
      }
      case "StepInvariantExpr": {
        const inner = this.convert(this.exprChildren(n)[0] ?? null);
        const at = this.atModifier(n);
        if (inner === undefined || at === undefined) return undefined;
        return this.postfix(inner, (target) => this.at(target, at, n));
      }
      case "UnaryExpr": {
        const inner = this.convert(this.exprChildren(n)[0] ?? null);
        const op = childNamed(n, "UnaryOp");
        if (inner === undefined || op === null) return undefined;
        return { type: "unary", op: this.text(op) === "-" ? "-" : "+", expr: inner, from: n.from, to: n.to };
      }
      case "BinaryExpr":
        return this.binary(n);
      case "FunctionCall":
        return this.call(n);
      case "AggregateExpr":
        return this.aggregate(n);
      case "AnchoredExpr":
      case "SmoothedExpr": {
        const word = n.name === "AnchoredExpr" ? "anchored" : "smoothed";
        // 2.42 lexes the modifier as a stray identifier: point at it, as promtool does.
        const at = this.input.lastIndexOf(word, n.to);
        const from = at >= n.from ? at : n.from;
        this.error(`unexpected identifier "${word}" (the ${word} modifier is experimental since Prometheus ${SYNTAX_SINCE.extendedRangeSelectors}: --enable-feature=promql-extended-range-selectors)`, from, from + word.length);
        return undefined;
      }
      default:
        this.error(`unexpected ${describeToken(this.tokenFrom(n.from))}`, n.from, n.to);
        return undefined;
    }
  }

  /**
   * lezer lets postfix modifiers (offset, @, [range], [range:step]) bind to a whole binary or
   * unary expression; in Prometheus they bind tighter than every operator, so `a + b offset 5m`
   * is `a + (b offset 5m)`. Push the modifier down to the rightmost operand.
   */
  private postfix(e: Expr, apply: (target: Expr) => Expr | undefined): Expr | undefined {
    if (e.type === "binary") {
      const rhs = this.postfix(e.rhs, apply);
      return rhs && { ...e, rhs, to: Math.max(e.to, rhs.to) };
    }
    if (e.type === "unary") {
      const inner = this.postfix(e.expr, apply);
      return inner && { ...e, expr: inner, to: Math.max(e.to, inner.to) };
    }
    return apply(e);
  }

  private numberLiteral(n: SyntaxNode): Expr | undefined {
    const tok = this.lastTokenIn(n.from, n.to);
    if (tok === undefined) return undefined;
    if (tok.type === "DURATION") {
      this.error(`unexpected duration ${JSON.stringify(tok.text)}`, tok.from, tok.to);
      return undefined;
    }
    const value = numberValue(tok.text);
    if (value === undefined) return undefined; // reported while scanning tokens
    const negative = this.input.slice(n.from, tok.from).includes("-");
    return { type: "number", value: negative ? -value : value, from: n.from, to: n.to };
  }

  /** A duration literal inside [..] or after offset; undefined (and an error) when it is not one. */
  private duration(n: SyntaxNode | null, context: string, expected: string): number | undefined {
    if (n === null) return undefined;
    const lit = n.firstChild;
    if (lit === null || lit.name !== "NumberDurationLiteralInDurationContext" || lit.nextSibling !== null) {
      // Duration arithmetic (`[1m * 2]`): stable from 3.14, whose value this validator leaves
      // unknown (NaN); before, 2.42's lexer stops at the operator after the first duration.
      if (atLeast(this.target, SYNTAX_SINCE.durationExpressions)) return NaN;
      const first = this.tokenFrom(n.from);
      const tok = first?.type === "DURATION" ? this.tokenFrom(first.to) : first;
      const where = context === "subquery selector" ? 'subquery selector, expected "]"' : 'subquery or range, expected ":" or "]"';
      this.error(`unexpected ${describeToken(tok)} in ${where} (duration arithmetic needs ${laterThan(SYNTAX_SINCE.durationExpressions, this.target)})`, tok?.from ?? n.from, tok?.to ?? n.to);
      return undefined;
    }
    return this.durationLiteral(lit, context, expected);
  }

  private durationLiteral(lit: SyntaxNode, context: string, expected: string): number | undefined {
    const tok = this.byStart.get(lit.from);
    if (tok === undefined || tok.type !== "DURATION") {
      this.error(`unexpected ${describeToken(tok)} in ${context}, expected ${expected}`, lit.from, lit.to);
      return undefined;
    }
    const d = parseDuration(tok.text);
    if (!d.ok) {
      this.error(d.error, tok.from, tok.to);
      return undefined;
    }
    if (d.ms === 0) {
      this.error("duration must be greater than 0", tok.from, tok.to);
      return undefined;
    }
    return d.ms;
  }

  private offsetDuration(n: SyntaxNode | null): number | undefined {
    if (n === null) return undefined;
    const first = n.firstChild;
    if (first?.name === "UnaryOp") {
      const inner = first.nextSibling;
      const lit = inner?.firstChild;
      if (this.text(first) !== "-" || inner === null || inner === undefined || lit === null || lit === undefined || lit.name !== "NumberDurationLiteralInDurationContext") {
        const tok = this.text(first) !== "-" ? this.byStart.get(first.from) : this.tokenFrom(inner?.from ?? n.to);
        this.error(`unexpected ${describeToken(tok)} in offset, expected duration`, n.from, n.to);
        return undefined;
      }
      const ms = this.durationLiteral(lit, "offset", "duration");
      if (ms !== undefined && !atLeast(this.target, SYNTAX_SINCE.negativeOffset)) {
        this.error(`negative offset needs ${laterThan(SYNTAX_SINCE.negativeOffset, this.target)}`, n.from, n.to);
        return undefined;
      }
      return ms === undefined ? undefined : -ms;
    }
    if (first === null || first.name !== "NumberDurationLiteralInDurationContext") {
      this.error(`unexpected ${describeToken(this.tokenFrom(n.from))} in offset, expected duration`, n.from, n.to);
      return undefined;
    }
    return this.durationLiteral(first, "offset", "duration");
  }

  private atModifier(n: SyntaxNode): AtModifier | undefined {
    if (!atLeast(this.target, SYNTAX_SINCE.atModifier)) {
      this.error(`the @ modifier needs ${laterThan(SYNTAX_SINCE.atModifier, this.target)}`, n.from, n.to);
      return undefined;
    }
    const pre = childNamed(n, "AtModifierPreprocessors");
    if (pre !== null) return this.text(pre).trim().toLowerCase() === "end" ? "end" : "start";
    const lit = childNamed(n, "NumberDurationLiteral");
    if (lit === null) return undefined;
    const tok = this.lastTokenIn(lit.from, lit.to);
    if (tok === undefined || tok.type !== "NUMBER") {
      this.error(`unexpected ${describeToken(tok)} in @, expected timestamp`, lit.from, lit.to);
      return undefined;
    }
    const value = numberValue(tok.text);
    if (value === undefined) return undefined;
    const ts = this.input.slice(lit.from, tok.from).includes("-") ? -value : value;
    if (!Number.isFinite(ts) || Math.abs(ts) >= 9223372036854775807) {
      this.error(`timestamp out of bounds for @ modifier: ${Number.isNaN(ts) ? "NaN" : ts.toFixed(6)}`, n.from, n.to);
      return undefined;
    }
    return ts;
  }

  private matrix(target: Expr, rangeMs: number, n: SyntaxNode): Expr | undefined {
    if (target.type !== "vector") {
      this.error("ranges only allowed for vector selectors", target.from, n.to);
      return undefined;
    }
    if (target.offsetMs !== undefined) {
      this.error("no offset modifiers allowed before range", target.from, n.to);
      return undefined;
    }
    if (target.at !== undefined) {
      this.error("no @ modifiers allowed before range", target.from, n.to);
      return undefined;
    }
    const m: MatrixSelector = { type: "matrix", vector: target, rangeMs, from: target.from, to: n.to };
    return m;
  }

  private offset(target: Expr, ms: number, n: SyntaxNode): Expr | undefined {
    const holder = target.type === "matrix" ? target.vector : target.type === "vector" || target.type === "subquery" ? target : undefined;
    if (holder === undefined) {
      this.error("offset modifier must be preceded by an instant vector selector or range vector selector or a subquery", target.from, n.to);
      return undefined;
    }
    if (holder.offsetMs !== undefined && holder.offsetMs !== 0) {
      this.error("offset may not be set multiple times", target.from, n.to);
      return undefined;
    }
    const updated = { ...holder, offsetMs: ms };
    if (target.type === "matrix") return { ...target, vector: updated as VectorSelector, to: n.to };
    return { ...updated, to: n.to } as Expr;
  }

  private at(target: Expr, at: AtModifier, n: SyntaxNode): Expr | undefined {
    const holder = target.type === "matrix" ? target.vector : target.type === "vector" || target.type === "subquery" ? target : undefined;
    if (holder === undefined) {
      this.error("@ modifier must be preceded by an instant vector selector or range vector selector or a subquery", target.from, n.to);
      return undefined;
    }
    if (holder.at !== undefined) {
      this.error("@ <timestamp> may not be set multiple times", target.from, n.to);
      return undefined;
    }
    const updated = { ...holder, at };
    if (target.type === "matrix") return { ...target, vector: updated as VectorSelector, to: n.to };
    return { ...updated, to: n.to } as Expr;
  }

  private vectorSelector(n: SyntaxNode): Expr | undefined {
    const ident = childNamed(n, "Identifier");
    let name: string | undefined;
    if (ident !== null) {
      const tok = this.byStart.get(ident.from);
      name = tok?.text ?? this.text(ident);
      if (tok?.type === "KEYWORD" && NEVER_METRIC.has(tok.keyword!)) {
        this.error(`unexpected ${describeToken(tok)}`, tok.from, tok.to);
        return undefined;
      }
    }
    const matchers: Matcher[] = [];
    const list = childNamed(n, "LabelMatchers");
    let ok = true;
    if (list !== null) {
      for (let c = list.firstChild; c !== null; c = c.nextSibling) {
        const quoted = c.name === "QuotedLabelMatcher" || c.name === "QuotedLabelName";
        if (quoted && !atLeast(this.target, SYNTAX_SINCE.quotedNames)) {
          const text = this.text(c.name === "QuotedLabelName" ? c : c.firstChild!);
          this.error(`unexpected string ${text} in label matching, expected identifier or "}" (quoted names need ${laterThan(SYNTAX_SINCE.quotedNames, this.target)})`, c.from, c.to);
          ok = false;
          continue;
        }
        if (c.name === "QuotedLabelName") {
          // `{"metric.name"}`: the metric name, in Prometheus 3's UTF-8 syntax.
          matchers.push({ name: "__name__", op: "=", value: unquote(this.text(c)), from: c.from, to: c.to });
          continue;
        }
        if (c.name !== "UnquotedLabelMatcher" && c.name !== "QuotedLabelMatcher") continue;
        const label = childNamed(c, quoted ? "QuotedLabelName" : "LabelName");
        const opNode = childNamed(c, "MatchOp")?.firstChild;
        const str = childNamed(c, "StringLiteral");
        if (label === null || opNode === null || opNode === undefined || str === null) continue;
        const op = MATCH_OPS[opNode.name] ?? "=";
        const value = unquote(this.text(str));
        if (op === "=~" || op === "!~") {
          const err = checkRegexp(value);
          if (err !== undefined) {
            this.error(err, label.from, str.to);
            ok = false;
            continue;
          }
        }
        matchers.push({ name: quoted ? unquote(this.text(label)) : this.text(label), op, value, from: c.from, to: c.to });
      }
    }
    if (!ok) return undefined;
    const vs: VectorSelector = { type: "vector", name, matchers, from: n.from, to: n.to };
    return vs;
  }

  private groupingLabels(n: SyntaxNode | null): string[] | undefined {
    if (n === null) return [];
    const labels: string[] = [];
    for (let c = n.firstChild; c !== null; c = c.nextSibling) {
      if (c.name === "QuotedLabelName") {
        if (atLeast(this.target, SYNTAX_SINCE.quotedNames)) {
          labels.push(unquote(this.text(c)));
          continue;
        }
        this.error(`unexpected string ${this.text(c)} in grouping opts, expected label (quoted names need ${laterThan(SYNTAX_SINCE.quotedNames, this.target)})`, c.from, c.to);
        return undefined;
      }
      if (c.name !== "LabelName") continue;
      const tok = this.byStart.get(c.from);
      if (tok !== undefined && (tok.type === "NUMBER" || (tok.type === "KEYWORD" && tok.keyword === "without") || tok.type === "METRIC_IDENTIFIER")) {
        this.error(`unexpected ${describeToken(tok)} in grouping opts, expected label`, c.from, c.to);
        return undefined;
      }
      // lezer's node for a keyword used as a label (`by (offset)`) can cover only its first letter:
      // the lexer's token holds the whole word.
      labels.push(tok !== undefined && tok.type === "KEYWORD" ? tok.text : this.text(c));
    }
    return labels;
  }

  private binary(n: SyntaxNode): Expr | undefined {
    const [l, r] = this.exprChildren(n);
    let opNode: SyntaxNode | undefined;
    for (let c = n.firstChild; c !== null; c = c.nextSibling) {
      if (c.name in BINARY_OPS || c.name === "TrimUpper" || c.name === "TrimLower") {
        opNode = c;
        break;
      }
    }
    if (opNode === undefined) return undefined;
    if (opNode.name === "Atan2" && !atLeast(this.target, SYNTAX_SINCE.atan2)) {
      this.error(`the atan2 operator needs ${laterThan(SYNTAX_SINCE.atan2, this.target)}`, opNode.from, opNode.to);
      return undefined;
    }
    if (!(opNode.name in BINARY_OPS)) {
      // `</` and `>/` (Prometheus 3.x trim operators): 2.42 reads `<` then an unexpected `/`.
      this.error("unexpected <op:/>", opNode.to - 1, opNode.to);
      return undefined;
    }
    const fill = childNamed(n, "FillModifier");
    if (fill !== null) {
      this.error(`unexpected identifier: fill modifiers are experimental since Prometheus ${SYNTAX_SINCE.fillModifiers} (--enable-feature=promql-binop-fill-modifiers)`, fill.from, fill.to);
      return undefined;
    }
    const matching: VectorMatching = { card: "one-to-one", on: false, explicit: false, labels: [], include: [] };
    const clause = childNamed(n, "MatchingModifierClause");
    if (clause !== null) {
      matching.explicit = true;
      matching.on = childNamed(clause, "On") !== null;
      const lists = childrenNamed(clause, "GroupingLabels");
      const labels = this.groupingLabels(lists[0] ?? null);
      if (labels === undefined) return undefined;
      matching.labels = labels;
      if (childNamed(clause, "GroupLeft") !== null) matching.card = "many-to-one";
      if (childNamed(clause, "GroupRight") !== null) matching.card = "one-to-many";
      const include = this.groupingLabels(lists[1] ?? null);
      if (include === undefined) return undefined;
      matching.include = include;
    }
    const lhs = this.convert(l ?? null);
    const rhs = this.convert(r ?? null);
    if (lhs === undefined || rhs === undefined) return undefined;
    const b: BinaryExpr = {
      type: "binary",
      op: BINARY_OPS[opNode.name]!,
      lhs,
      rhs,
      returnBool: childNamed(n, "BoolModifier") !== null,
      matching,
      from: n.from,
      to: n.to,
      opFrom: opNode.from,
      opTo: opNode.to,
    };
    return b;
  }

  private callArgs(n: SyntaxNode): Expr[] | undefined {
    const body = childNamed(n, "FunctionCallBody");
    if (body === null) return undefined;
    const args: Expr[] = [];
    let ok = true;
    for (const c of this.exprChildren(body)) {
      const e = this.convert(c);
      if (e === undefined) ok = false;
      else args.push(e);
    }
    return ok ? args : undefined;
  }

  private call(n: SyntaxNode): Expr | undefined {
    const ident = childNamed(n, "FunctionIdentifier");
    if (ident === null) return undefined;
    const name = this.byStart.get(ident.from)?.text ?? this.text(ident);
    const f = functionAt(name, this.target);
    const args = this.callArgs(n);
    if ("error" in f || args === undefined) return undefined; // unknown names were reported while scanning tokens
    return { type: "call", name, def: f.def, args, from: n.from, to: n.to };
  }

  private aggregate(n: SyntaxNode): Expr | undefined {
    const opNode = childNamed(n, "AggregateOp");
    if (opNode === null) return undefined;
    const op = this.text(opNode).toLowerCase();
    if (!AGGREGATORS.has(op)) {
      this.error(unknownAggregator(op, this.target), opNode.from, opNode.to);
      return undefined;
    }
    const modifier = childNamed(n, "AggregateModifier");
    const grouping = this.groupingLabels(childNamed(modifier, "GroupingLabels") ?? null);
    const args = this.callArgs(n);
    if (grouping === undefined || args === undefined) return undefined;
    const agg: AggregateExpr = {
      type: "aggregate",
      op,
      args,
      param: undefined,
      expr: undefined,
      grouping,
      without: childNamed(modifier, "Without") !== null && modifier !== null,
      modifier: modifier !== null,
      from: n.from,
      to: n.to,
    };
    if (args.length === 0) {
      this.error("no arguments for aggregate expression provided", n.from, n.to);
      return undefined;
    }
    const wanted = AGGREGATORS.get(op) !== undefined ? 2 : 1;
    if (args.length !== wanted) {
      this.error(`wrong number of arguments for aggregate expression provided, expected ${wanted}, got ${args.length}`, n.from, n.to);
      return undefined;
    }
    agg.param = wanted === 2 ? args[0] : undefined;
    agg.expr = args[wanted - 1];
    return agg;
  }
}

/** Scans the token stream for what promtool decides per token, and builds lezer's input. */
function prepare(target: PrometheusVersion, input: string, tokens: readonly Token[], conv: Converter): string {
  const sig = tokens.filter((t) => t.type !== "COMMENT");
  let text = input;
  const replace = (t: Token, by: string) => {
    text = text.slice(0, t.from) + by.padEnd(t.to - t.from, " ") + text.slice(t.to);
  };
  // Whether each token ends an operand; keywords like `offset` are metric names where an operand starts.
  const ends: boolean[] = [];
  sig.forEach((t, i) => {
    if (OPERAND_END_TYPES.has(t.type)) ends.push(true);
    else if (t.type === "KEYWORD" && OPERAND_KEYWORDS.has(t.keyword!)) ends.push(true);
    else if (t.type === "KEYWORD" && POSITIONAL_KEYWORDS.has(t.keyword!)) ends.push(i === 0 || !ends[i - 1]);
    else ends.push(false);
  });
  sig.forEach((t, i) => {
    const next = sig[i + 1];
    if (t.type === "IDENTIFIER" && next?.type === "LEFT_PAREN") {
      const f = functionAt(t.text, target);
      if ("error" in f) conv.error(f.error, t.from, t.to);
      if (!LEZER_FUNCTIONS.has(t.text) || "error" in f) replace(t, "abs");
    }
    if (t.type === "DURATION") {
      // lezer's duration token enforces the unit order too: report here, parse a stand-in.
      const d = parseDuration(t.text);
      if (!d.ok) {
        conv.error(d.error, t.from, t.to);
        replace(t, "1s");
      }
    }
    if (t.type === "NUMBER") {
      const parsed = promqlNumber(t.text);
      if (!parsed.ok) {
        conv.error(`error parsing number: strconv.ParseFloat: parsing ${JSON.stringify(t.text)}: ${parsed.error}`, t.from, t.to);
        replace(t, "1");
      } else if (!LEZER_NUMBER.test(t.text) && !/^(inf|nan)$/i.test(t.text)) {
        replace(t, "1");
      }
    }
    if (t.type === "KEYWORD" && t.keyword === "offset" && ends[i]) replace(t, "x");
  });
  return text;
}

const GROUPING_KEYWORDS = new Set(["by", "without", "on", "ignoring", "group_left", "group_right"]);

/**
 * The context words of Prometheus's grammar for an unexpected token (its yacc error rules), from
 * the tokens before it: ` in label matching, expected string`, ` in grouping opts, expected label`,
 * ` in offset, expected duration`. Undefined where those rules say nothing more.
 */
function errorContext(tokens: readonly Token[], at: number): string | undefined {
  if (at <= 0) return undefined;
  const prev = tokens[at - 1]!;
  if (prev.type === "KEYWORD" && prev.keyword === "offset") return " in offset, expected duration";
  // Inside braces (label matching) or the parentheses after by/without/on/ignoring/group_x?
  let depth = 0;
  for (let i = at - 1; i >= 0; i--) {
    const t = tokens[i]!;
    if (t.type === "RIGHT_BRACE" || t.type === "RIGHT_PAREN") depth++;
    else if (t.type === "LEFT_BRACE" || t.type === "LEFT_PAREN") {
      if (depth > 0) {
        depth--;
        continue;
      }
      if (t.type === "LEFT_BRACE") {
        if (prev.type === "LEFT_BRACE" || prev.type === "COMMA") return ' in label matching, expected identifier or "}"';
        if (prev.type === "OPERATOR" && ["=", "!=", "=~", "!~"].includes(prev.text)) return " in label matching, expected string";
        if (prev.type === "STRING") return ' in label matching, expected "," or "}"';
        return " in label matching, expected label matching operator";
      }
      const before = tokens[i - 1];
      if (before?.type === "KEYWORD" && GROUPING_KEYWORDS.has(before.keyword!)) {
        return prev.type === "LEFT_PAREN" || prev.type === "COMMA" ? " in grouping opts, expected label" : ' in grouping opts, expected "," or ")"';
      }
      return undefined;
    }
  }
  return undefined;
}

function firstError(node: SyntaxNode): SyntaxNode | undefined {
  let found: SyntaxNode | undefined;
  node.cursor().iterate((c) => {
    if (found !== undefined) return false;
    if (c.type.isError) {
      found = c.node;
      return false;
    }
    return true;
  });
  return found;
}

/**
 * Results by target and text: rule files repeat expressions (10,000 identical ones in promtool's
 * own testdata). One map per target, keyed by the text itself: a key joining both copied every
 * expression once more.
 */
const caches = new Map<number, Map<string, PromQLResult>>();
const CACHE_LIMIT = 20_000;

/** Parses and type-checks one PromQL expression as the target's promtool does (2.42 by default). The result is shared: do not mutate it. */
export function parsePromQL(input: string, target: PrometheusVersion = DEFAULT_TARGET): PromQLResult {
  const version = target.major * 1000 + target.minor;
  let cache = caches.get(version);
  if (cache === undefined) {
    cache = new Map();
    caches.set(version, cache);
  }
  const hit = cache.get(input);
  if (hit !== undefined) return hit;
  const result = parseUncached(input, target);
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(input, result);
  return result;
}

function parseUncached(input: string, target: PrometheusVersion): PromQLResult {
  const { tokens, error } = lex(input);
  if (error !== undefined) return { expr: undefined, errors: [{ message: error.message, from: error.from, to: input.length }] };
  const sig = significant(tokens);
  if (sig.length === 0) return { expr: undefined, errors: [{ message: "no expression found in input", from: 0, to: 0 }] };
  // The common syntax, straight from the tokens; lezer for the rest and for every error.
  const direct = parseDirect(sig, target);
  if (direct !== undefined) return { expr: direct, errors: checkExpr(direct) };
  return parseTokens(input, tokens, sig, target);
}

/** The tokens but comments: the same array when there is none (most expressions). */
function significant(tokens: Token[]): Token[] {
  for (let i = 0; i < tokens.length; i++) if (tokens[i]!.type === "COMMENT") return tokens.filter((t) => t.type !== "COMMENT");
  return tokens;
}

/** The full road alone, without ./direct.ts (its differential test compares the two). */
export function parseWithLezer(input: string, target: PrometheusVersion = DEFAULT_TARGET): PromQLResult {
  const { tokens, error } = lex(input);
  if (error !== undefined) return { expr: undefined, errors: [{ message: error.message, from: error.from, to: input.length }] };
  const sig = tokens.filter((t) => t.type !== "COMMENT");
  if (sig.length === 0) return { expr: undefined, errors: [{ message: "no expression found in input", from: 0, to: 0 }] };
  return parseTokens(input, tokens, sig, target);
}

function parseTokens(input: string, tokens: readonly Token[], sig: readonly Token[], target: PrometheusVersion): PromQLResult {
  const conv = new Converter(target, input, sig);
  const text = prepare(target, input, tokens, conv);
  const tree = parser.parse(text);
  const bad = firstError(tree.topNode);
  if (bad !== undefined) {
    const tok = conv.tokenFrom(bad.from);
    const context = tok === undefined ? undefined : errorContext(sig, sig.indexOf(tok));
    return { expr: undefined, errors: [...conv.errors, { message: `unexpected ${describeToken(tok)}${context ?? ""}`, from: bad.from, to: bad.to }] };
  }
  let root = tree.topNode.firstChild;
  while (root !== null && !root.type.is("Expr")) root = root.nextSibling;
  const expr = conv.convert(root);
  if (conv.errors.length > 0 || expr === undefined) {
    const errors = conv.errors.length > 0 ? conv.errors : [{ message: "could not parse expression", from: 0, to: input.length }];
    return { expr: undefined, errors };
  }
  return { expr, errors: checkExpr(expr) };
}

/** 1-based line:column of an offset inside an expression, as Prometheus prints it. */
export function exprPosition(input: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < input.length; i++) {
    if (input[i] === "\n") {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}
