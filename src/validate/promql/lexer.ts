// A PromQL tokenizer that accepts and rejects exactly what Prometheus 2.42's lexer does
// (promql/parser/lex.go): where strings may hold which escapes, what counts as a number or a
// duration, which words are keywords, what may appear inside braces and brackets. The lezer
// grammar is more permissive here (it follows Prometheus 3.x and JavaScript string rules), so the
// validator lexes first and only then hands the text to lezer for the syntax tree.

export type TokenType =
  | "IDENTIFIER"
  | "METRIC_IDENTIFIER"
  | "KEYWORD"
  | "NUMBER"
  | "STRING"
  | "DURATION"
  | "LEFT_PAREN"
  | "RIGHT_PAREN"
  | "LEFT_BRACE"
  | "RIGHT_BRACE"
  | "LEFT_BRACKET"
  | "RIGHT_BRACKET"
  | "COMMA"
  | "COLON"
  | "AT"
  | "OPERATOR"
  | "COMMENT";

export interface Token {
  type: TokenType;
  /** Source text of the token. For KEYWORD, `keyword` holds the lower-cased word. */
  text: string;
  keyword?: string;
  from: number;
  to: number;
}

export interface LexResult {
  tokens: Token[];
  error?: { message: string; from: number };
}

/** Prometheus 2.42's keywords (case-insensitive). `inf` and `nan` lex as numbers. */
export const KEYWORDS = new Set([
  "and", "or", "unless", "atan2",
  "sum", "avg", "count", "min", "max", "group", "stddev", "stdvar", "topk", "bottomk", "count_values", "quantile",
  "offset", "by", "without", "on", "ignoring", "group_left", "group_right", "bool",
  "start", "end",
]);

// Character classes by code unit: the lexer runs on every expression of every rule file.
const SPACE = 1;
const DIGIT = 2;
const ALPHA = 4;
const CLASS = new Uint8Array(128);
for (const c of " \t\n\r") CLASS[c.charCodeAt(0)] = SPACE;
for (let c = 48; c <= 57; c++) CLASS[c] = DIGIT;
for (let c = 65; c <= 90; c++) CLASS[c] = ALPHA;
for (let c = 97; c <= 122; c++) CLASS[c] = ALPHA;
CLASS[95] = ALPHA;

const classOf = (c: string | undefined) => (c === undefined ? 0 : (CLASS[c.charCodeAt(0)] ?? 0));
const isSpace = (c: string | undefined) => classOf(c) === SPACE;
const isDigit = (c: string | undefined) => classOf(c) === DIGIT;
const isAlpha = (c: string | undefined) => classOf(c) === ALPHA;
const isAlphaNumeric = (c: string | undefined) => (classOf(c) & (ALPHA | DIGIT)) !== 0;

/** Go's %q for a rune. */
export function quoteRune(ch: string): string {
  if (ch === "'") return "'\\''";
  if (ch === "\\") return "'\\\\'";
  if (ch === "\n") return "'\\n'";
  if (ch === "\t") return "'\\t'";
  if (ch === "\r") return "'\\r'";
  const c = ch.codePointAt(0)!;
  if (c < 0x20 || c === 0x7f) return `'\\x${c.toString(16).padStart(2, "0")}'`;
  return `'${ch}'`;
}

/** Go's %#U for a rune: U+0064 'd'. */
export function unicodeRune(ch: string | undefined): string {
  if (ch === undefined) return "U+FFFFFFFF";
  const c = ch.codePointAt(0)!;
  const hex = c.toString(16).toUpperCase().padStart(4, "0");
  const printable = c >= 0x20 && c !== 0x7f && !(c >= 0x80 && c < 0xa0);
  return printable ? `U+${hex} '${ch}'` : `U+${hex}`;
}

function digitVal(c: string | undefined): number {
  if (c === undefined) return 16;
  if (c >= "0" && c <= "9") return c.charCodeAt(0) - 48;
  if (c >= "a" && c <= "f") return c.charCodeAt(0) - 87;
  if (c >= "A" && c <= "F") return c.charCodeAt(0) - 55;
  return 16;
}

class Lexer {
  pos = 0;
  start = 0;
  parenDepth = 0;
  braceOpen = false;
  bracketOpen = false;
  gotColon = false;
  stringOpen = "";
  readonly tokens: Token[] = [];
  error: { message: string; from: number } | undefined;

  constructor(readonly input: string) {}

  peek(): string | undefined {
    return this.input[this.pos];
  }
  next(): string | undefined {
    const c = this.input[this.pos];
    this.pos++;
    return c;
  }
  backup(): void {
    this.pos--;
  }
  accept(valid: string): boolean {
    const c = this.input[this.pos];
    if (c !== undefined && valid.includes(c)) {
      this.pos++;
      return true;
    }
    return false;
  }
  acceptRun(valid: string): void {
    while (this.accept(valid));
  }
  emit(type: TokenType, keyword?: string): void {
    const text = this.input.slice(this.start, this.pos);
    // No spread of optional fields: this runs for every token of every expression.
    this.tokens.push(keyword === undefined ? { type, text, from: this.start, to: this.pos } : { type, text, keyword, from: this.start, to: this.pos });
    this.start = this.pos;
  }
  fail(message: string): false {
    this.error ??= { message, from: this.start };
    return false;
  }

  run(): void {
    while (this.error === undefined) {
      if (!this.statement()) return;
    }
  }

  /** One step of lexStatements; false once done or failed. */
  private statement(): boolean {
    if (this.braceOpen) return this.insideBraces();
    if (this.input.startsWith("#", this.pos)) return this.lineComment();
    const r = this.next();
    if (r === undefined) {
      this.pos = this.input.length;
      if (this.parenDepth !== 0) return this.fail("unclosed left parenthesis");
      if (this.bracketOpen) return this.fail("unclosed left bracket");
      return false;
    }
    switch (true) {
      case r === ",":
        this.emit("COMMA");
        return true;
      case isSpace(r):
        return this.space();
      case r === "*" || r === "/" || r === "%" || r === "+" || r === "-" || r === "^":
        this.emit("OPERATOR");
        return true;
      case r === "=": {
        const t = this.peek();
        if (t === "=") {
          this.next();
          this.emit("OPERATOR");
          return true;
        }
        if (t === "~") return this.fail(`unexpected character after '=': ${quoteRune(t)}`);
        this.emit("OPERATOR");
        return true;
      }
      case r === "!": {
        const t = this.next();
        if (t === "=") {
          this.emit("OPERATOR");
          return true;
        }
        return this.fail(`unexpected character after '!': ${quoteRune(t ?? "")}`);
      }
      case r === "<" || r === ">":
        if (this.peek() === "=") this.next();
        this.emit("OPERATOR");
        return true;
      case isDigit(r) || (r === "." && isDigit(this.peek())):
        this.backup();
        return this.numberOrDuration();
      case r === '"' || r === "'":
        this.stringOpen = r;
        return this.string();
      case r === "`":
        return this.rawString();
      case isAlpha(r) || r === ":":
        if (!this.bracketOpen) {
          this.backup();
          return this.keywordOrIdentifier();
        }
        if (this.gotColon) return this.fail(`unexpected colon ${quoteRune(r)}`);
        this.emit("COLON");
        this.gotColon = true;
        return true;
      case r === "(":
        this.emit("LEFT_PAREN");
        this.parenDepth++;
        return true;
      case r === ")":
        this.emit("RIGHT_PAREN");
        this.parenDepth--;
        if (this.parenDepth < 0) return this.fail(`unexpected right parenthesis ${quoteRune(r)}`);
        return true;
      case r === "{":
        this.emit("LEFT_BRACE");
        this.braceOpen = true;
        return true;
      case r === "[":
        if (this.bracketOpen) return this.fail(`unexpected left bracket ${quoteRune(r)}`);
        this.gotColon = false;
        this.emit("LEFT_BRACKET");
        while (isSpace(this.peek())) this.next();
        this.start = this.pos;
        this.bracketOpen = true;
        return this.duration();
      case r === "]":
        if (!this.bracketOpen) return this.fail(`unexpected right bracket ${quoteRune(r)}`);
        this.emit("RIGHT_BRACKET");
        this.bracketOpen = false;
        return true;
      case r === "@":
        this.emit("AT");
        return true;
      default:
        return this.fail(`unexpected character: ${quoteRune(String.fromCodePoint(this.input.codePointAt(this.pos - 1)!))}`);
    }
  }

  private insideBraces(): boolean {
    if (this.input.startsWith("#", this.pos)) return this.lineComment();
    const r = this.next();
    switch (true) {
      case r === undefined:
        this.pos = this.input.length;
        return this.fail("unexpected end of input inside braces");
      case isSpace(r):
        return this.space();
      case isAlpha(r): {
        const input = this.input;
        for (;;) {
          const c = input.charCodeAt(this.pos);
          if (c < 128 && (CLASS[c]! & (ALPHA | DIGIT)) !== 0) this.pos++;
          else break;
        }
        this.emit("IDENTIFIER");
        return true;
      }
      case r === ",":
        this.emit("COMMA");
        return true;
      case r === '"' || r === "'":
        this.stringOpen = r!;
        return this.string();
      case r === "`":
        return this.rawString();
      case r === "=":
        if (this.next() !== "~") this.backup();
        this.emit("OPERATOR");
        return true;
      case r === "!": {
        const nr = this.next();
        if (nr === "~" || nr === "=") {
          this.emit("OPERATOR");
          return true;
        }
        return this.fail(`unexpected character after '!' inside braces: ${quoteRune(nr ?? "")}`);
      }
      case r === "{":
        return this.fail(`unexpected left brace ${quoteRune(r!)}`);
      case r === "}":
        this.emit("RIGHT_BRACE");
        this.braceOpen = false;
        return true;
      default:
        return this.fail(`unexpected character inside braces: ${quoteRune(String.fromCodePoint(this.input.codePointAt(this.pos - 1)!))}`);
    }
  }

  private space(): boolean {
    const input = this.input;
    while (this.pos < input.length && CLASS[input.charCodeAt(this.pos)] === SPACE) this.pos++;
    this.start = this.pos;
    return true;
  }

  private lineComment(): boolean {
    while (this.pos < this.input.length && this.input[this.pos] !== "\n") this.pos++;
    this.emit("COMMENT");
    return true;
  }

  private scanNumber(): boolean {
    let digits = "0123456789";
    if (this.accept("0") && this.accept("xX")) digits = "0123456789abcdefABCDEF";
    this.acceptRun(digits);
    if (this.accept(".")) this.acceptRun(digits);
    if (this.accept("eE")) {
      this.accept("+-");
      this.acceptRun("0123456789");
    }
    return !isAlphaNumeric(this.peek());
  }

  private acceptRemainingDuration(): boolean {
    if (!this.accept("smhdwy")) return false;
    this.accept("s");
    while (this.accept("0123456789")) {
      while (this.accept("0123456789"));
      if (!this.accept("smhdw")) return false;
      this.accept("s");
    }
    return !isAlphaNumeric(this.next());
  }

  private numberOrDuration(): boolean {
    if (this.scanNumber()) {
      this.emit("NUMBER");
      return true;
    }
    if (this.acceptRemainingDuration()) {
      this.backup();
      this.emit("DURATION");
      return true;
    }
    return this.fail(`bad number or duration syntax: ${JSON.stringify(this.input.slice(this.start, this.pos))}`);
  }

  private duration(): boolean {
    if (this.scanNumber()) return this.fail("missing unit character in duration");
    if (!this.acceptRemainingDuration()) {
      return this.fail(`bad duration syntax: ${JSON.stringify(this.input.slice(this.start, this.pos))}`);
    }
    this.backup();
    this.emit("DURATION");
    return true;
  }

  private keywordOrIdentifier(): boolean {
    const input = this.input;
    for (;;) {
      const c = input.charCodeAt(this.pos);
      if (c === 58 || (c < 128 && (CLASS[c]! & (ALPHA | DIGIT)) !== 0)) this.pos++;
      else break;
    }
    const word = this.input.slice(this.start, this.pos);
    const lower = word.toLowerCase();
    if (lower === "inf" || lower === "nan") this.emit("NUMBER");
    else if (KEYWORDS.has(lower)) this.emit("KEYWORD", lower);
    else if (word.includes(":")) this.emit("METRIC_IDENTIFIER");
    else this.emit("IDENTIFIER");
    return true;
  }

  private string(): boolean {
    const input = this.input;
    const quote = this.stringOpen.charCodeAt(0);
    for (;;) {
      // Fast path over ordinary characters.
      let c0 = input.charCodeAt(this.pos);
      while (c0 === c0 && c0 !== 92 && c0 !== 10 && c0 !== quote && c0 !== 0xfffd) c0 = input.charCodeAt(++this.pos);
      const c = this.next();
      if (c === "\\") {
        if (!this.escape()) return false;
      } else if (c === undefined || c === "\n") {
        if (c === undefined) this.pos = this.input.length;
        return this.fail("unterminated quoted string");
      } else if (c === "\uFFFD") {
        return this.fail("invalid UTF-8 rune");
      } else if (c === this.stringOpen) {
        this.emit("STRING");
        return true;
      }
    }
  }

  private rawString(): boolean {
    for (;;) {
      const c = this.next();
      if (c === undefined) {
        this.pos = this.input.length;
        return this.fail("unterminated raw string");
      }
      if (c === "\uFFFD") return this.fail("invalid UTF-8 rune");
      if (c === "`") {
        this.emit("STRING");
        return true;
      }
    }
  }

  private escape(): boolean {
    let ch = this.next();
    let n: number;
    let base: number;
    let max: number;
    switch (ch) {
      case "a": case "b": case "f": case "n": case "r": case "t": case "v": case "\\":
        return true;
      case this.stringOpen:
        return true;
      case "0": case "1": case "2": case "3": case "4": case "5": case "6": case "7":
        [n, base, max] = [3, 8, 255];
        break;
      case "x":
        ch = this.next();
        [n, base, max] = [2, 16, 255];
        break;
      case "u":
        ch = this.next();
        [n, base, max] = [4, 16, 0x10ffff];
        break;
      case "U":
        ch = this.next();
        [n, base, max] = [8, 16, 0x10ffff];
        break;
      case undefined:
        return this.fail("escape sequence not terminated");
      default:
        return this.fail(`unknown escape sequence ${unicodeRune(String.fromCodePoint(this.input.codePointAt(this.pos - 1)!))}`);
    }
    let x = 0;
    while (n > 0) {
      const d = digitVal(ch);
      if (d >= base) {
        if (ch === undefined) return this.fail("escape sequence not terminated");
        return this.fail(`illegal character ${unicodeRune(ch)} in escape sequence`);
      }
      x = x * base + d;
      n--;
      if (n > 0) ch = this.next();
    }
    if (x > max || (x >= 0xd800 && x < 0xe000)) return this.fail("escape sequence is an invalid Unicode code point");
    return true;
  }
}

/** Tokenizes a PromQL expression; stops at the first lexical error, as Prometheus does. */
export function lex(input: string): LexResult {
  const l = new Lexer(input);
  l.run();
  return l.error === undefined ? { tokens: l.tokens } : { tokens: l.tokens, error: l.error };
}

/** The value of a string token: Go's strconv.Unquote for the escapes the lexer let through. */
export function unquote(text: string): string {
  const q = text[0];
  if (q === "`") return text.slice(1, -1);
  const body = text.slice(1, -1);
  let out = "";
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (c !== "\\") {
      out += c;
      continue;
    }
    const e = body[++i];
    switch (e) {
      case "a": out += "\x07"; break;
      case "b": out += "\b"; break;
      case "f": out += "\f"; break;
      case "n": out += "\n"; break;
      case "r": out += "\r"; break;
      case "t": out += "\t"; break;
      case "v": out += "\v"; break;
      case "x": out += String.fromCharCode(parseInt(body.slice(i + 1, i + 3), 16)); i += 2; break;
      case "u": out += String.fromCodePoint(parseInt(body.slice(i + 1, i + 5), 16)); i += 4; break;
      case "U": out += String.fromCodePoint(Math.min(parseInt(body.slice(i + 1, i + 9), 16), 0x10ffff)); i += 8; break;
      default:
        if (e !== undefined && e >= "0" && e <= "7") {
          out += String.fromCharCode(parseInt(body.slice(i, i + 3), 8));
          i += 2;
        } else out += e ?? "";
    }
  }
  return out;
}
