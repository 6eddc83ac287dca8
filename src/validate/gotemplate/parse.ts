// Go text/template's parser (text/template/parse/parse.go, Go 1.19) as far as parsing decides:
// actions and pipelines, if/else/range/with/define/block/template nesting, variables in scope,
// functions that exist, literals. Prometheus's promtool only parses alert templates (it does not
// execute them), so a parse that succeeds here is one promtool accepts.
import { describeItem, TemplateLexer, type Item, type ItemType } from "./lexer.ts";
import { simpleTemplateLabels } from "./simple.ts";

export interface TemplateError {
  message: string;
  /** 1-based line inside the template text. */
  line: number;
}

export interface TemplateResult {
  error: TemplateError | undefined;
  /** Label names read through `$labels.name`, `.Labels.name` or `index $labels "name"`. */
  labels: string[];
}

/** Go's text/template builtins (Go 1.19). */
export const GO_BUILTINS: readonly string[] = [
  "and", "call", "html", "index", "slice", "js", "len", "not", "or", "print", "printf", "println", "urlquery",
  "eq", "ge", "gt", "le", "lt", "ne",
];

/** Template functions of Prometheus 2.42 (template/template.go), as `promtool check rules` knows them. */
export const PROMETHEUS_FUNCS: readonly string[] = [
  "query", "first", "label", "value", "strvalue", "args", "reReplaceAll", "safeHtml", "match", "title", "toUpper",
  "toLower", "graphLink", "tableLink", "sortByLabel", "humanize", "humanize1024", "humanizeDuration",
  "humanizePercentage", "humanizeTimestamp", "pathPrefix", "externalURL", "parseDuration", "stripPort",
  "stripDomain", "toTime",
];

class ParseError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(message);
  }
}

type NodeKind = "text" | "action" | "end" | "else" | "if" | "range" | "with" | "template" | "break" | "continue" | "comment";
interface Node {
  kind: NodeKind;
  /** For else: whether an `if` follows ({{else if}}). */
  elseIf?: boolean;
}

type OperandKind = "bool" | "dot" | "nil" | "number" | "string" | "field" | "variable" | "identifier" | "pipe" | "chain";
interface Operand {
  kind: OperandKind;
  /** Variable or field chain, or identifier name, or string value. */
  text: string;
}

function isValidGoString(val: string): boolean {
  if (val.startsWith("`")) return true;
  const body = val.slice(1, -1);
  return validEscapes(body, '"');
}

function validEscapes(body: string, quote: string): boolean {
  if (body.indexOf("\\") < 0) return body.indexOf(quote) < 0;
  for (let i = 0; i < body.length; i++) {
    if (body[i] !== "\\") {
      if (body[i] === quote) return false;
      continue;
    }
    const e = body[++i];
    if (e === undefined) return false;
    if ("abfnrtv\\".includes(e) || e === quote) continue;
    if (e >= "0" && e <= "7") {
      const oct = body.slice(i, i + 3);
      if (!/^[0-7]{3}$/.test(oct) || parseInt(oct, 8) > 255) return false;
      i += 2;
      continue;
    }
    const hexLen = e === "x" ? 2 : e === "u" ? 4 : e === "U" ? 8 : 0;
    if (hexLen === 0) return false;
    const hex = body.slice(i + 1, i + 1 + hexLen);
    if (!new RegExp(`^[0-9a-fA-F]{${hexLen}}$`).test(hex)) return false;
    const v = parseInt(hex, 16);
    if (e !== "x" && (v > 0x10ffff || (v >= 0xd800 && v < 0xe000))) return false;
    i += hexLen;
  }
  return true;
}

function unquoteString(val: string): string {
  if (val.startsWith("`")) return val.slice(1, -1);
  try {
    return JSON.parse(val.replace(/\\x([0-9a-fA-F]{2})/g, "\\u00$1").replace(/\\[abv]|\\[0-7]{3}|\\U[0-9a-fA-F]{8}/g, "")) as string;
  } catch {
    return val.slice(1, -1);
  }
}

/** Whether Go's strconv accepts a number literal of a template (parse.newNumber). */
function numberError(text: string, type: ItemType): string | undefined {
  if (type === "charConstant") {
    const body = text.slice(1, -1);
    if (body === "") return "invalid syntax";
    const single = body.startsWith("\\") ? /^\\(?:[abfnrtv\\']|[0-7]{3}|x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8})/.exec(body)?.[0] : String.fromCodePoint(body.codePointAt(0)!);
    if (single === undefined) return "invalid syntax";
    if (!validEscapes(single, "'")) return "invalid syntax";
    if (single.length !== body.length) return `malformed character constant: ${text}`;
    return undefined;
  }
  if (type === "complex") return undefined;
  const t = text.endsWith("i") ? text.slice(0, -1) : text;
  if (text.endsWith("i") && goFloat(t)) return undefined;
  if (goInt(text)) return undefined;
  if (goFloat(text)) return /[.eEpP]/.test(text) ? undefined : `integer overflow: ${JSON.stringify(text)}`;
  return `illegal number syntax: ${JSON.stringify(text)}`;
}

function underscoreOK(s: string): boolean {
  let saw = "^";
  let i = 0;
  if (s[0] === "-" || s[0] === "+") s = s.slice(1);
  let hex = false;
  if (s.length >= 2 && s[0] === "0" && "bBoOxX".includes(s[1]!)) {
    i = 2;
    saw = "0";
    hex = s[1] === "x" || s[1] === "X";
  }
  for (; i < s.length; i++) {
    const c = s[i]!;
    if ((c >= "0" && c <= "9") || (hex && /[a-fA-F]/.test(c))) {
      saw = "0";
      continue;
    }
    if (c === "_") {
      if (saw !== "0") return false;
      saw = "_";
      continue;
    }
    if (saw === "_") return false;
    saw = "!";
  }
  return saw !== "_";
}

/** strconv.ParseInt/ParseUint(text, 0, 64) succeeds. */
function goInt(text: string): boolean {
  if (text.includes("_") && !underscoreOK(text)) return false;
  const s = text.replace(/_/g, "");
  const m = /^([+-]?)(0[xX][0-9a-fA-F]+|0[oO][0-7]+|0[bB][01]+|0[0-7]*|[1-9][0-9]*)$/.exec(s);
  if (m === null) return false;
  const body = m[2]!;
  let v: bigint;
  if (/^0[oO]/.test(body)) v = BigInt(`0o${body.slice(2)}`);
  else if (/^0[0-7]+$/.test(body)) v = BigInt(`0o${body.slice(1)}`);
  else v = BigInt(body);
  if (m[1] === "-") return v <= 9223372036854775808n;
  return v <= 18446744073709551615n;
}

/** strconv.ParseFloat(text, 64) succeeds (decimal and hexadecimal forms). */
function goFloat(text: string): boolean {
  if (text.includes("_") && !underscoreOK(text)) return false;
  const s = text.replace(/_/g, "");
  if (/^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/.test(s)) return true;
  return /^[+-]?0[xX](?:[0-9a-fA-F]+\.?[0-9a-fA-F]*|\.[0-9a-fA-F]+)[pP][+-]?\d+$/.test(s);
}

class Tree {
  private readonly items: Item[] = [];
  private i = 0;
  private vars: string[];
  private rangeDepth = 0;
  readonly labels = new Set<string>();

  constructor(
    text: string,
    private readonly name: string,
    private readonly funcs: ReadonlySet<string>,
    vars: readonly string[],
  ) {
    const lexer = new TemplateLexer(text);
    for (;;) {
      const item = lexer.nextItem();
      this.items.push(item);
      if (item.type === "EOF" || item.type === "error") break;
    }
    this.vars = ["$"].concat(vars);
  }

  private errorf(message: string, item?: Item): never {
    const at = item ?? this.items[Math.max(0, this.i - 1)] ?? this.items[0]!;
    throw new ParseError(`template: ${this.name}:${at.line}: ${message}`, at.line);
  }

  private next(): Item {
    const item = this.items[this.i] ?? this.items[this.items.length - 1]!;
    if (this.i < this.items.length) this.i++;
    return item;
  }
  private backup(n = 1): void {
    this.i -= n;
  }
  private peek(): Item {
    return this.items[this.i] ?? this.items[this.items.length - 1]!;
  }
  private nextNonSpace(): Item {
    let item: Item;
    do item = this.next();
    while (item.type === "space");
    return item;
  }
  private peekNonSpace(): Item {
    const item = this.nextNonSpace();
    this.backup();
    return item;
  }

  private unexpected(item: Item, context: string): never {
    if (item.type === "error") this.errorf(item.val, item);
    this.errorf(`unexpected ${describeItem(item)} in ${context}`, item);
  }

  private expect(type: ItemType, context: string): Item {
    const item = this.nextNonSpace();
    if (item.type !== type) this.unexpected(item, context);
    return item;
  }

  parse(): void {
    while (this.peek().type !== "EOF") {
      if (this.peek().type === "error") this.unexpected(this.next(), "input");
      if (this.peek().type === "leftDelim") {
        const mark = this.i;
        this.next();
        if (this.nextNonSpace().type === "define") {
          this.definition();
          continue;
        }
        this.i = mark;
      }
      const n = this.textOrAction();
      if (n.kind === "end" || n.kind === "else") this.errorf(`unexpected {{${n.kind}}}`);
    }
  }

  /** {{define "name"}} ... {{end}}: a new tree with its own variables. */
  private definition(): void {
    const context = "define clause";
    const name = this.nextNonSpace();
    if (name.type !== "string" && name.type !== "rawString") this.unexpected(name, context);
    if (!isValidGoString(name.val)) this.errorf("invalid syntax", name);
    this.expect("rightDelim", context);
    this.withFreshScope(() => {
      const end = this.itemList();
      if (end.kind !== "end") this.errorf(`unexpected {{${end.kind}}} in ${context}`);
    });
  }

  private withFreshScope(body: () => void): void {
    const saved = this.vars;
    const savedRange = this.rangeDepth;
    this.vars = ["$"];
    this.rangeDepth = 0;
    try {
      body();
    } finally {
      this.vars = saved;
      this.rangeDepth = savedRange;
    }
  }

  /** textOrAction* up to {{end}} or {{else}}, which is returned. */
  private itemList(): Node {
    while (this.peekNonSpace().type !== "EOF") {
      const n = this.textOrAction();
      if (n.kind === "end" || n.kind === "else") return n;
    }
    this.errorf("unexpected EOF");
  }

  private textOrAction(): Node {
    const item = this.nextNonSpace();
    switch (item.type) {
      case "text":
        return { kind: "text" };
      case "leftDelim":
        return this.action();
      default:
        this.unexpected(item, "input");
    }
  }

  private action(): Node {
    const item = this.nextNonSpace();
    switch (item.type) {
      case "block":
        return this.blockControl();
      case "break":
      case "continue": {
        const close = this.nextNonSpace();
        if (close.type !== "rightDelim") this.unexpected(close, `{{${item.type}}}`);
        if (this.rangeDepth === 0) this.errorf(`{{${item.type}}} outside {{range}}`);
        return { kind: item.type };
      }
      case "else":
        return this.elseControl();
      case "end":
        this.expect("rightDelim", "end");
        return { kind: "end" };
      case "if":
        this.parseControl(true, "if");
        return { kind: "if" };
      case "range":
        this.parseControl(false, "range");
        return { kind: "range" };
      case "template":
        return this.templateControl();
      case "with":
        this.parseControl(false, "with");
        return { kind: "with" };
    }
    this.backup();
    this.pipeline("command", "rightDelim");
    return { kind: "action" };
  }

  private elseControl(): Node {
    const peek = this.peekNonSpace();
    if (peek.type === "if") return { kind: "else", elseIf: true };
    this.expect("rightDelim", "else");
    return { kind: "else", elseIf: false };
  }

  private parseControl(allowElseIf: boolean, context: string): void {
    const depth = this.vars.length;
    try {
      this.pipeline(context, "rightDelim");
      if (context === "range") this.rangeDepth++;
      const next = this.itemList();
      if (context === "range") this.rangeDepth--;
      if (next.kind === "else") {
        if (allowElseIf && this.peek().type === "if") {
          this.next();
          this.parseControl(true, "if");
          return;
        }
        const end = this.itemList();
        if (end.kind !== "end") this.errorf(`expected end; found {{${end.kind}}}`);
      }
    } finally {
      this.vars.length = Math.min(this.vars.length, depth);
    }
  }

  private blockControl(): Node {
    const context = "block clause";
    const name = this.nextNonSpace();
    this.templateName(name, context);
    this.pipeline(context, "rightDelim");
    this.withFreshScope(() => {
      const end = this.itemList();
      if (end.kind !== "end") this.errorf(`unexpected {{${end.kind}}} in ${context}`);
    });
    return { kind: "template" };
  }

  private templateControl(): Node {
    const context = "template clause";
    const name = this.nextNonSpace();
    this.templateName(name, context);
    if (this.nextNonSpace().type !== "rightDelim") {
      this.backup();
      this.pipeline(context, "rightDelim");
    }
    return { kind: "template" };
  }

  private templateName(item: Item, context: string): void {
    if (item.type === "string" || item.type === "rawString") {
      if (!isValidGoString(item.val)) this.errorf("invalid syntax", item);
      return;
    }
    this.unexpected(item, context);
  }

  private pipeline(context: string, end: ItemType): Operand[][] {
    const decls: string[] = [];
    for (;;) {
      const v = this.peekNonSpace();
      if (v.type !== "variable") break;
      const mark = this.i;
      this.nextNonSpace();
      const next = this.peekNonSpace();
      if (next.type === "assign" || next.type === "declare") {
        this.nextNonSpace();
        decls.push(v.val);
        this.vars.push(v.val);
        break;
      }
      if (next.type === "char" && next.val === ",") {
        this.nextNonSpace();
        decls.push(v.val);
        this.vars.push(v.val);
        if (context === "range" && decls.length < 2) {
          const p = this.peekNonSpace().type;
          if (p === "variable" || p === "rightDelim" || p === "rightParen") continue;
          this.errorf("range can only initialize variables");
        }
        this.errorf(`too many declarations in ${context}`);
      }
      this.i = mark;
      break;
    }
    const cmds: Operand[][] = [];
    for (;;) {
      const item = this.nextNonSpace();
      if (item.type === end) {
        if (cmds.length === 0) this.errorf(`missing value for ${context}`);
        for (let i = 1; i < cmds.length; i++) {
          const k = cmds[i]![0]!.kind;
          if (k === "bool" || k === "dot" || k === "nil" || k === "number" || k === "string") {
            this.errorf(`non executable command in pipeline stage ${i + 1}`);
          }
        }
        return cmds;
      }
      switch (item.type) {
        case "bool": case "charConstant": case "complex": case "dot": case "field": case "identifier":
        case "number": case "nil": case "rawString": case "string": case "variable": case "leftParen":
          this.backup();
          cmds.push(this.command());
          break;
        default:
          this.unexpected(item, context);
      }
    }
  }

  private command(): Operand[] {
    const args: Operand[] = [];
    for (;;) {
      this.peekNonSpace();
      const op = this.operand();
      if (op !== undefined) args.push(op);
      const item = this.next();
      if (item.type === "space") continue;
      if (item.type === "rightDelim" || item.type === "rightParen") this.backup();
      else if (item.type !== "pipe") this.unexpected(item, "operand");
      break;
    }
    if (args.length === 0) this.errorf("empty command");
    const fn = args[0];
    const target = args[1];
    const key = args[2];
    if (fn?.kind === "identifier" && fn.text === "index" && key?.kind === "string" && (target?.text === "$labels" || target?.text === ".Labels")) {
      this.labels.add(key.text);
    }
    return args;
  }

  private operand(): Operand | undefined {
    let node = this.term();
    if (node === undefined) return undefined;
    if (this.peek().type === "field") {
      let chain = "";
      while (this.peek().type === "field") chain += this.next().val;
      switch (node.kind) {
        case "field":
        case "variable":
          node = { kind: node.kind, text: node.text + chain };
          break;
        case "bool":
        case "string":
        case "number":
        case "nil":
        case "dot":
          this.errorf(`unexpected . after term ${JSON.stringify(node.kind === "string" ? node.raw ?? node.text : node.text)}`);
          break;
        default:
          node = { kind: "chain", text: chain };
      }
    }
    if (node.kind === "variable" || node.kind === "field") {
      const parts = node.text.split(".");
      if (node.kind === "variable" && parts[0] === "$labels" && parts[1] !== undefined) this.labels.add(parts[1]);
      if (node.kind === "field" && parts[1] === "Labels" && parts[2] !== undefined) this.labels.add(parts[2]);
    }
    return node;
  }

  private term(): (Operand & { raw?: string }) | undefined {
    const item = this.nextNonSpace();
    switch (item.type) {
      case "identifier":
        if (!this.funcs.has(item.val)) this.errorf(`function ${JSON.stringify(item.val)} not defined`, item);
        return { kind: "identifier", text: item.val };
      case "dot":
        return { kind: "dot", text: "." };
      case "nil":
        return { kind: "nil", text: "nil" };
      case "variable": {
        const dot = item.val.indexOf(".");
        const name = dot < 0 ? item.val : item.val.slice(0, dot);
        if (!this.vars.includes(name)) this.errorf(`undefined variable ${JSON.stringify(name)}`, item);
        return { kind: "variable", text: item.val };
      }
      case "field":
        return { kind: "field", text: item.val };
      case "bool":
        return { kind: "bool", text: item.val };
      case "charConstant":
      case "complex":
      case "number": {
        const err = numberError(item.val, item.type);
        if (err !== undefined) this.errorf(err, item);
        return { kind: "number", text: item.val };
      }
      case "leftParen":
        this.pipeline("parenthesized pipeline", "rightParen");
        return { kind: "pipe", text: "(...)" };
      case "string":
      case "rawString":
        if (!isValidGoString(item.val)) this.errorf("invalid syntax", item);
        return { kind: "string", text: unquoteString(item.val), raw: item.val };
    }
    this.backup();
    return undefined;
  }
}

/**
 * Parses a Go template as promtool's ParseTest does: `name` is the template's name in messages
 * (promtool uses `__alert_<AlertName>`), `vars` the variables already declared by its prelude.
 */
export function parseTemplate(text: string, name: string, funcs: ReadonlySet<string>, vars: readonly string[]): TemplateResult {
  const tree = new Tree(text, name, funcs, vars);
  try {
    tree.parse();
    return { error: undefined, labels: [...tree.labels] };
  } catch (e) {
    if (e instanceof ParseError) return { error: { message: e.message, line: e.line }, labels: [...tree.labels] };
    throw e;
  }
}

/** Variables Prometheus declares before every alert template. */
export const ALERT_TEMPLATE_VARS: readonly string[] = ["$labels", "$externalLabels", "$externalURL", "$value"];

let alertFuncs: ReadonlySet<string> | undefined;
const ALERT_VARS_IN_SCOPE: readonly string[] = ["$", ...ALERT_TEMPLATE_VARS];
/** Rule files repeat templates (one description per arm or experiment): parse each text once. */
const alertCache = new Map<string, TemplateResult>();
const NAME_MARK = "\u0000alert\u0000";

/** Parses an alert label or annotation template exactly as `promtool check rules` does. */
export function parseAlertTemplate(text: string, alertName: string): TemplateResult {
  if (!text.includes("{{")) return { error: undefined, labels: [] };
  let r = alertCache.get(text);
  if (r === undefined) {
    alertFuncs ??= new Set([...GO_BUILTINS, ...PROMETHEUS_FUNCS]);
    // Most templates only print values: ./simple.ts reads those without the full parser.
    const labels = simpleTemplateLabels(text, alertFuncs, ALERT_VARS_IN_SCOPE);
    r = labels !== undefined ? { error: undefined, labels } : parseTemplate(text, NAME_MARK, alertFuncs, ALERT_TEMPLATE_VARS);
    if (alertCache.size > 10_000) alertCache.clear();
    alertCache.set(text, r);
  }
  if (r.error === undefined) return r;
  return { error: { ...r.error, message: r.error.message.replace(NAME_MARK, `__alert_${alertName}`) }, labels: r.labels };
}
