// Go text/template's lexer (text/template/parse/lex.go, Go 1.19, which built promtool 2.42),
// re-implemented: the same items, trim markers, comments, and the same error texts.

export type ItemType =
  | "error" | "bool" | "char" | "charConstant" | "complex" | "assign" | "declare" | "EOF" | "field" | "identifier"
  | "leftDelim" | "leftParen" | "number" | "pipe" | "rawString" | "rightDelim" | "rightParen" | "space" | "string"
  | "text" | "variable"
  // keywords
  | "block" | "break" | "continue" | "dot" | "define" | "else" | "end" | "if" | "nil" | "range" | "template" | "with";

export interface Item {
  type: ItemType;
  val: string;
  pos: number;
  line: number;
}

const KEYWORDS: Record<string, ItemType> = {
  block: "block", break: "break", continue: "continue", define: "define", else: "else", end: "end",
  if: "if", range: "range", nil: "nil", template: "template", with: "with",
};

export function isKeyword(t: ItemType): boolean {
  return t === "block" || t === "break" || t === "continue" || t === "dot" || t === "define" || t === "else" || t === "end" ||
    t === "if" || t === "nil" || t === "range" || t === "template" || t === "with";
}

/** item.String() in Go: how items appear in "unexpected ..." messages. */
export function describeItem(i: Item): string {
  if (i.type === "EOF") return "EOF";
  if (i.type === "error") return i.val;
  if (isKeyword(i.type)) return `<${i.val}>`;
  if (i.val.length > 10) return `${goQuote(i.val.slice(0, 10))}...`;
  return goQuote(i.val);
}

export function goQuote(s: string): string {
  return JSON.stringify(s);
}

const isSpace = (c: string | undefined) => c === " " || c === "\t" || c === "\r" || c === "\n";
/** Go's unicode.IsLetter || IsDigit || '_'; ASCII first, the Unicode regexp only beyond it. */
const isAlphaNumeric = (c: string | undefined) => {
  if (c === undefined) return false;
  const code = c.charCodeAt(0);
  if (code < 128) return (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 95;
  return /^[\p{L}\p{Nd}]$/u.test(c);
};

export function unicodeRune(c: string | undefined): string {
  if (c === undefined) return "U+FFFFFFFF";
  const code = c.codePointAt(0)!;
  const hex = code.toString(16).toUpperCase().padStart(4, "0");
  return code >= 0x20 && code !== 0x7f ? `U+${hex} '${c}'` : `U+${hex}`;
}

const LEFT = "{{";
const RIGHT = "}}";

/** Go's state functions, as numbers: no closure per state change (this runs on every template of a run). */
const TEXT = 0;
const LEFT_DELIM = 1;
const INSIDE_ACTION = 2;
const STOPPED = 3;

/** atRightDelim's answers. */
const NO_DELIM = 0;
const DELIM = 1;
const TRIMMED_DELIM = 2;

/** An ASCII letter, digit or `_` (the code of a UTF-16 unit). */
const isAsciiWord = (code: number) => (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 95;
const isSpaceCode = (code: number) => code === 32 || code === 9 || code === 13 || code === 10;
/** The plain run of a double-quoted string: up to a quote, a backslash or a newline. */
const QUOTED_RUN = /[^"\\\n]*/y;

export class TemplateLexer {
  private pos = 0;
  private start = 0;
  private parenDepth = 0;
  private readonly lineStarts: number[] = [0];
  private state = TEXT;
  private readonly queue: Item[] = [];
  private done = false;

  constructor(private readonly input: string) {
    for (let i = input.indexOf("\n"); i !== -1; i = input.indexOf("\n", i + 1)) this.lineStarts.push(i + 1);
  }

  /** 1-based line of an offset. */
  lineOf(offset: number): number {
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.lineStarts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  }

  /** The next item; after an error or EOF, keeps returning EOF. */
  nextItem(): Item {
    while (this.queue.length === 0) {
      if (this.done || this.state === STOPPED) return { type: "EOF", val: "", pos: this.input.length, line: this.lineOf(this.input.length) };
      if (this.state === TEXT) this.lexText();
      else if (this.state === LEFT_DELIM) this.lexLeftDelim();
      else this.lexInsideAction();
    }
    return this.queue.shift()!;
  }

  private next(): string | undefined {
    const input = this.input;
    if (this.pos >= input.length) {
      this.pos = input.length + 1;
      return undefined;
    }
    const code = input.charCodeAt(this.pos);
    // One UTF-16 unit for all but astral code points; input[pos] makes no new string for ASCII.
    if (code < 0xd800 || code >= 0xe000) return input[this.pos++];
    const c = String.fromCodePoint(input.codePointAt(this.pos)!);
    this.pos += c.length;
    return c;
  }
  private peek(): string | undefined {
    const input = this.input;
    if (this.pos >= input.length) return undefined;
    const code = input.charCodeAt(this.pos);
    if (code < 0xd800 || code >= 0xe000) return input[this.pos];
    return String.fromCodePoint(input.codePointAt(this.pos)!);
  }
  /** The end of a run of word characters (Go's isAlphaNumeric) from `pos`. */
  private wordEnd(pos: number): number {
    const input = this.input;
    for (;;) {
      const code = input.charCodeAt(pos);
      if (code < 128) {
        if (!isAsciiWord(code)) return pos;
        pos++;
        continue;
      }
      if (code !== code) return pos;
      const c = String.fromCodePoint(input.codePointAt(pos)!);
      if (!isAlphaNumeric(c)) return pos;
      pos += c.length;
    }
  }
  private backup(c: string | undefined): void {
    if (c === undefined) {
      this.pos = this.input.length;
      return;
    }
    this.pos -= c.length;
  }
  private accept(valid: string): boolean {
    const c = this.peek();
    if (c !== undefined && valid.includes(c)) {
      this.next();
      return true;
    }
    return false;
  }
  private acceptRun(valid: string): void {
    while (this.accept(valid));
  }
  private emit(type: ItemType): void {
    this.queue.push({ type, val: this.input.slice(this.start, this.pos), pos: this.start, line: this.lineOf(this.start) });
    this.ignore();
  }
  private ignore(): void {
    this.start = Math.min(this.pos, this.input.length);
  }
  private errorf(message: string): void {
    this.queue.push({ type: "error", val: message, pos: this.start, line: this.lineOf(this.start) });
    this.done = true;
    this.state = STOPPED;
  }

  private hasLeftTrimMarker(at: number): boolean {
    return this.input[at] === "-" && isSpace(this.input[at + 1]);
  }
  private hasRightTrimMarker(at: number): boolean {
    return isSpace(this.input[at]) && this.input[at + 1] === "-";
  }
  private atRightDelim(): number {
    if (this.hasRightTrimMarker(this.pos) && this.input.startsWith(RIGHT, this.pos + 2)) return TRIMMED_DELIM;
    if (this.input.startsWith(RIGHT, this.pos)) return DELIM;
    return NO_DELIM;
  }

  private lexText(): void {
    const x = this.input.indexOf(LEFT, this.pos);
    if (x >= 0) {
      this.pos = x;
      let trim = 0;
      if (this.hasLeftTrimMarker(x + LEFT.length)) {
        let k = x;
        while (k > this.start && isSpace(this.input[k - 1])) k--;
        trim = x - k;
      }
      this.pos -= trim;
      if (this.pos > this.start) this.emit("text");
      this.pos += trim;
      this.ignore();
      this.state = LEFT_DELIM;
      return;
    }
    this.pos = this.input.length;
    if (this.pos > this.start) this.emit("text");
    this.emit("EOF");
    this.done = true;
  }

  private lexLeftDelim(): void {
    this.pos += LEFT.length;
    const trim = this.hasLeftTrimMarker(this.pos);
    const after = trim ? 2 : 0;
    if (this.input.startsWith("/*", this.pos + after)) {
      this.pos += after;
      this.ignore();
      this.lexComment();
      return;
    }
    this.emit("leftDelim");
    this.pos += after;
    this.ignore();
    this.parenDepth = 0;
    this.state = INSIDE_ACTION;
  }

  private lexComment(): void {
    this.pos += 2;
    const x = this.input.indexOf("*/", this.pos);
    if (x < 0) return this.errorf("unclosed comment");
    this.pos = x + 2;
    const delim = this.atRightDelim();
    if (delim === NO_DELIM) return this.errorf("comment ends before closing delimiter");
    const trim = delim === TRIMMED_DELIM;
    if (trim) this.pos += 2;
    this.pos += RIGHT.length;
    if (trim) while (isSpace(this.input[this.pos])) this.pos++;
    this.ignore();
    this.state = TEXT;
  }

  private lexRightDelim(): void {
    const trim = this.hasRightTrimMarker(this.pos);
    if (trim) {
      this.pos += 2;
      this.ignore();
    }
    this.pos += RIGHT.length;
    this.emit("rightDelim");
    if (trim) {
      while (isSpace(this.input[this.pos])) this.pos++;
      this.ignore();
    }
    this.state = TEXT;
  }

  private lexInsideAction(): void {
    if (this.atRightDelim() !== NO_DELIM) {
      if (this.parenDepth === 0) {
        this.lexRightDelim();
        return;
      }
      return this.errorf("unclosed left paren");
    }
    const r = this.next();
    if (r === undefined) return this.errorf("unclosed action");
    if (isSpace(r)) {
      this.backup(r);
      return this.lexSpace();
    }
    switch (r) {
      case "=":
        return this.emit("assign");
      case ":":
        if (this.next() !== "=") return this.errorf("expected :=");
        return this.emit("declare");
      case "|":
        return this.emit("pipe");
      case '"':
        return this.lexQuote();
      case "`":
        return this.lexRawQuote();
      case "$":
        return this.lexVariable();
      case "'":
        return this.lexChar();
      case "(":
        this.emit("leftParen");
        this.parenDepth++;
        return;
      case ")":
        this.emit("rightParen");
        this.parenDepth--;
        if (this.parenDepth < 0) return this.errorf(`unexpected right paren ${unicodeRune(r)}`);
        return;
    }
    if (r === ".") {
      const n = this.input[this.pos];
      if (this.pos < this.input.length && (n! < "0" || n! > "9")) return this.lexFieldOrVariable("field");
    }
    if (r === "." || r === "+" || r === "-" || (r >= "0" && r <= "9")) {
      this.backup(r);
      return this.lexNumber();
    }
    if (isAlphaNumeric(r)) {
      this.backup(r);
      return this.lexIdentifier();
    }
    const code = r.codePointAt(0)!;
    if (code <= 0x7f && code >= 0x20 && code !== 0x7f) return this.emit("char");
    return this.errorf(`unrecognized character in action: ${unicodeRune(r)}`);
  }

  private lexSpace(): void {
    let n = 0;
    while (isSpaceCode(this.input.charCodeAt(this.pos))) {
      this.pos++;
      n++;
    }
    if (this.hasRightTrimMarker(this.pos - 1) && this.input.startsWith(RIGHT, this.pos - 1 + 2)) {
      this.backup(this.input[this.pos - 1]);
      if (n === 1) {
        this.lexRightDelim();
        return;
      }
    }
    this.emit("space");
  }

  private atTerminator(): boolean {
    const r = this.peek();
    if (r === undefined || isSpace(r)) return true;
    return r === "." || r === "," || r === "|" || r === ":" || r === ")" || r === "(" || r === "}";
  }

  private lexIdentifier(): void {
    this.pos = this.wordEnd(this.pos);
    const word = this.input.slice(this.start, this.pos);
    if (!this.atTerminator()) return this.errorf(`bad character ${unicodeRune(this.peek())}`);
    const kw = KEYWORDS[word];
    if (kw !== undefined) this.emit(kw);
    else if (word === "true" || word === "false") this.emit("bool");
    else this.emit("identifier");
  }

  private lexVariable(): void {
    if (this.atTerminator()) return this.emit("variable");
    this.lexFieldOrVariable("variable");
  }

  private lexFieldOrVariable(type: "field" | "variable"): void {
    if (this.atTerminator()) return this.emit(type === "variable" ? "variable" : "dot");
    this.pos = this.wordEnd(this.pos);
    if (!this.atTerminator()) return this.errorf(`bad character ${unicodeRune(this.peek())}`);
    this.emit(type);
  }

  private lexChar(): void {
    for (;;) {
      const c = this.next();
      if (c === "\\") {
        const r = this.next();
        if (r !== undefined && r !== "\n") continue;
        return this.errorf("unterminated character constant");
      }
      if (c === undefined || c === "\n") return this.errorf("unterminated character constant");
      if (c === "'") break;
    }
    this.emit("charConstant");
  }

  private scanNumber(): boolean {
    this.accept("+-");
    let digits = "0123456789_";
    if (this.accept("0")) {
      if (this.accept("xX")) digits = "0123456789abcdefABCDEF_";
      else if (this.accept("oO")) digits = "01234567_";
      else if (this.accept("bB")) digits = "01_";
    }
    this.acceptRun(digits);
    if (this.accept(".")) this.acceptRun(digits);
    if (digits.length === 11 && this.accept("eE")) {
      this.accept("+-");
      this.acceptRun("0123456789_");
    }
    if (digits.length === 23 && this.accept("pP")) {
      this.accept("+-");
      this.acceptRun("0123456789_");
    }
    this.accept("i");
    if (isAlphaNumeric(this.peek())) {
      this.next();
      return false;
    }
    return true;
  }

  private lexNumber(): void {
    if (!this.scanNumber()) return this.errorf(`bad number syntax: ${goQuote(this.input.slice(this.start, this.pos))}`);
    const sign = this.peek();
    if (sign === "+" || sign === "-") {
      if (!this.scanNumber() || this.input[this.pos - 1] !== "i") {
        return this.errorf(`bad number syntax: ${goQuote(this.input.slice(this.start, this.pos))}`);
      }
      return this.emit("complex");
    }
    this.emit("number");
  }

  private lexQuote(): void {
    for (;;) {
      QUOTED_RUN.lastIndex = this.pos;
      QUOTED_RUN.test(this.input);
      this.pos = QUOTED_RUN.lastIndex;
      const c = this.next();
      if (c === "\\") {
        const r = this.next();
        if (r !== undefined && r !== "\n") continue;
        return this.errorf("unterminated quoted string");
      }
      if (c === undefined || c === "\n") return this.errorf("unterminated quoted string");
      if (c === '"') break;
    }
    this.emit("string");
  }

  private lexRawQuote(): void {
    const end = this.input.indexOf("`", this.pos);
    if (end < 0) {
      this.pos = this.input.length + 1;
      return this.errorf("unterminated raw quoted string");
    }
    this.pos = end + 1;
    this.emit("rawString");
  }
}
