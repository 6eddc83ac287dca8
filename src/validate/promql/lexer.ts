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
  keyword: string | undefined;
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

// Character classes by code unit: the lexer runs on every expression of every rule file. The
// tables cover every UTF-16 unit and nothing reads past the input's end (codeAt): an
// out-of-bounds read throws V8's optimised lexer back to the interpreter, to be compiled again.
const SPACE = 1;
const DIGIT = 2;
const ALPHA = 4;
const CLASS = new Uint8Array(0x10000);
for (const c of " \t\n\r") CLASS[c.charCodeAt(0)] = SPACE;
for (let c = 48; c <= 57; c++) CLASS[c] = DIGIT;
for (let c = 65; c <= 90; c++) CLASS[c] = ALPHA;
for (let c = 97; c <= 122; c++) CLASS[c] = ALPHA;
CLASS[95] = ALPHA;

/** The code unit at `pos`, or END past the end (END is in no class). */
const END = 0xffff;
const codeAt = (input: string, pos: number) => (pos < input.length ? input.charCodeAt(pos) : END);

/** Whether a code unit is a letter, `_` or a digit. */
const isAlnum = (c: number) => (CLASS[c]! & (ALPHA | DIGIT)) !== 0;
const isDigit = (c: number) => c >= 48 && c <= 57;
const isHex = (c: number) => (c >= 48 && c <= 57) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70);

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

function digitVal(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 97 && c <= 102) return c - 87;
  if (c >= 65 && c <= 70) return c - 55;
  return 16;
}

/** The end of a number's digits, exponent included, from `pos` (lexNumber's scanNumber without its last check). */
function scanNumber(input: string, pos: number): number {
  let hex = false;
  if (codeAt(input, pos) === 48) {
    pos++;
    const x = codeAt(input, pos);
    if (x === 120 || x === 88) {
      pos++;
      hex = true;
    }
  }
  if (hex) while (isHex(codeAt(input, pos))) pos++;
  else while (isDigit(codeAt(input, pos))) pos++;
  if (codeAt(input, pos) === 46) {
    pos++;
    if (hex) while (isHex(codeAt(input, pos))) pos++;
    else while (isDigit(codeAt(input, pos))) pos++;
  }
  const e = codeAt(input, pos);
  if (e === 101 || e === 69) {
    pos++;
    const sign = codeAt(input, pos);
    if (sign === 43 || sign === 45) pos++;
    while (isDigit(codeAt(input, pos))) pos++;
  }
  return pos;
}

// s m h d w (a first unit may also be y)
const isUnit = (c: number) => c === 115 || c === 109 || c === 104 || c === 100 || c === 119;

/**
 * acceptRemainingDuration: the units (and further number-unit pairs) after a duration's first
 * number at `pos`. The end of the duration, or `~stop` where a bad one stops (for its message).
 */
function remainingDuration(input: string, pos: number): number {
  const first = codeAt(input, pos);
  if (!isUnit(first) && first !== 121) return ~pos;
  pos++;
  if (codeAt(input, pos) === 115) pos++;
  while (isDigit(codeAt(input, pos))) {
    pos++;
    while (isDigit(codeAt(input, pos))) pos++;
    if (!isUnit(codeAt(input, pos))) return ~pos;
    pos++;
    if (codeAt(input, pos) === 115) pos++;
  }
  // Go reads one more rune and backs up only when it ends the duration.
  return isAlnum(codeAt(input, pos)) ? ~(pos + 1) : pos;
}

/** Keywords by length, to skip lower-casing words that cannot be one. */
const KEYWORD_MAX = 12;

// Kinds of ASCII characters for the lexer's dispatch (one table look-up and one jump per token).
const K_OTHER = 0;
const K_SPACE = 1;
const K_ALPHA = 2;
const K_DIGIT = 3;
const K_QUOTE = 4;
const K_BACKTICK = 5;
const K_COMMA = 6;
const K_HASH = 7;
const K_LPAREN = 8;
const K_RPAREN = 9;
const K_LBRACE = 10;
const K_RBRACE = 11;
const K_LBRACKET = 12;
const K_RBRACKET = 13;
const K_EQ = 14;
const K_BANG = 15;
const K_CMP = 16;
const K_OP = 17;
const K_COLON = 18;
const K_DOT = 19;
const K_AT = 20;
const KIND = new Uint8Array(0x10000);
for (let c = 0; c < 128; c++) KIND[c] = CLASS[c] === SPACE ? K_SPACE : CLASS[c] === ALPHA ? K_ALPHA : CLASS[c] === DIGIT ? K_DIGIT : K_OTHER;
for (const [chars, kind] of [
  ["\"'", K_QUOTE], ["`", K_BACKTICK], [",", K_COMMA], ["#", K_HASH], ["(", K_LPAREN], [")", K_RPAREN], ["{", K_LBRACE],
  ["}", K_RBRACE], ["[", K_LBRACKET], ["]", K_RBRACKET], ["=", K_EQ], ["!", K_BANG], ["<>", K_CMP], ["*/%+-^", K_OP],
  [":", K_COLON], [".", K_DOT], ["@", K_AT],
] as const) for (const ch of chars) KIND[ch.charCodeAt(0)] = kind;

/** The rest of a word, of a label name, of a quoted string's plain run: scanned by the regexp engine, not char by char. */
const WORD_TAIL = /[a-zA-Z0-9_:]*/y;
const LABEL_TAIL = /[a-zA-Z0-9_]*/y;
const DOUBLE_QUOTED_RUN = /[^"\\\n\ufffd]*/y;
const SINGLE_QUOTED_RUN = /[^'\\\n\ufffd]*/y;

/**
 * The lexer's state machine (lexStatements and lexInsideBraces) in one loop over char codes:
 * it runs on every expression of every rule file, mostly before V8 optimises it, so it
 * dispatches on a table, leaves long runs (names, string bodies) to the regexp engine and
 * allocates only the tokens.
 */
class Lexer {
  readonly tokens: Token[] = [];
  error: { message: string; from: number } | undefined;

  constructor(readonly input: string) {}

  private push(type: TokenType, text: string, from: number, to: number): void {
    // One shape for every token (keyword always present): this runs for every token.
    this.tokens.push({ type, text, keyword: undefined, from, to });
  }

  private fail(message: string, from: number): void {
    this.error ??= { message, from };
  }

  run(): void {
    const input = this.input;
    const len = input.length;
    let pos = 0;
    let parenDepth = 0;
    let braceOpen = false;
    let bracketOpen = false;
    let gotColon = false;
    for (;;) {
      if (pos >= len) {
        if (braceOpen) this.fail("unexpected end of input inside braces", len);
        else if (parenDepth !== 0) this.fail("unclosed left parenthesis", len);
        else if (bracketOpen) this.fail("unclosed left bracket", len);
        return;
      }
      const start = pos;
      const c = input.charCodeAt(pos);
      const kind = KIND[c]!;
      // Spaces, comments, strings and commas read the same inside braces and out.
      if (kind === K_SPACE) {
        pos++;
        while (pos < len && CLASS[input.charCodeAt(pos)] === SPACE) pos++;
        continue;
      }
      if (kind === K_QUOTE) {
        pos = this.string(start, c);
        if (pos < 0) return;
        continue;
      }
      if (kind === K_COMMA) {
        this.push("COMMA", ",", start, ++pos);
        continue;
      }
      if (kind === K_HASH) {
        pos = this.comment(start);
        continue;
      }
      if (kind === K_BACKTICK) {
        pos = this.rawString(start);
        if (pos < 0) return;
        continue;
      }
      if (braceOpen) {
        // lexInsideBraces
        switch (kind) {
          case K_ALPHA:
            LABEL_TAIL.lastIndex = pos + 1;
            LABEL_TAIL.test(input);
            pos = LABEL_TAIL.lastIndex;
            this.push("IDENTIFIER", input.slice(start, pos), start, pos);
            continue;
          case K_EQ:
            if (pos + 1 < len && input.charCodeAt(pos + 1) === 126) {
              pos += 2;
              this.push("OPERATOR", "=~", start, pos);
            } else this.push("OPERATOR", "=", start, ++pos);
            continue;
          case K_BANG: {
            const n = pos + 1 < len ? input.charCodeAt(pos + 1) : -1;
            if (n === 126 || n === 61) {
              pos += 2;
              this.push("OPERATOR", n === 126 ? "!~" : "!=", start, pos);
              continue;
            }
            return this.fail(`unexpected character after '!' inside braces: ${quoteRune(input[pos + 1] ?? "")}`, start);
          }
          case K_RBRACE:
            this.push("RIGHT_BRACE", "}", start, ++pos);
            braceOpen = false;
            continue;
          case K_LBRACE:
            return this.fail(`unexpected left brace ${quoteRune("{")}`, start);
          default:
            return this.fail(`unexpected character inside braces: ${quoteRune(String.fromCodePoint(input.codePointAt(pos)!))}`, start);
        }
      }
      switch (kind) {
        case K_ALPHA:
        case K_COLON:
          if (!bracketOpen) {
            pos = this.word(start);
            continue;
          }
          if (gotColon) return this.fail(`unexpected colon ${quoteRune(input[pos]!)}`, start);
          this.push("COLON", input[pos]!, start, ++pos);
          gotColon = true;
          continue;
        case K_LPAREN:
          this.push("LEFT_PAREN", "(", start, ++pos);
          parenDepth++;
          continue;
        case K_RPAREN:
          this.push("RIGHT_PAREN", ")", start, ++pos);
          if (--parenDepth < 0) return this.fail(`unexpected right parenthesis ${quoteRune(")")}`, pos);
          continue;
        case K_LBRACE:
          this.push("LEFT_BRACE", "{", start, ++pos);
          braceOpen = true;
          continue;
        case K_DOT:
          if (!(pos + 1 < len && isDigit(input.charCodeAt(pos + 1)))) {
            return this.fail(`unexpected character: ${quoteRune(".")}`, start);
          }
        // falls through: `.5`
        case K_DIGIT: {
          const end = scanNumber(input, pos);
          if (!isAlnum(codeAt(input, end))) {
            this.push("NUMBER", input.slice(start, end), start, end);
            pos = end;
            continue;
          }
          const d = remainingDuration(input, end);
          if (d < 0) return this.fail(`bad number or duration syntax: ${JSON.stringify(input.slice(start, ~d))}`, start);
          this.push("DURATION", input.slice(start, d), start, d);
          pos = d;
          continue;
        }
        case K_OP:
          this.push("OPERATOR", input[pos]!, start, ++pos);
          continue;
        case K_CMP:
          if (pos + 1 < len && input.charCodeAt(pos + 1) === 61) {
            pos += 2;
            this.push("OPERATOR", c === 60 ? "<=" : ">=", start, pos);
          } else this.push("OPERATOR", c === 60 ? "<" : ">", start, ++pos);
          continue;
        case K_EQ: {
          const n = pos + 1 < len ? input.charCodeAt(pos + 1) : -1;
          if (n === 61) {
            pos += 2;
            this.push("OPERATOR", "==", start, pos);
            continue;
          }
          if (n === 126) return this.fail(`unexpected character after '=': ${quoteRune("~")}`, start);
          this.push("OPERATOR", "=", start, ++pos);
          continue;
        }
        case K_BANG:
          if (pos + 1 < len && input.charCodeAt(pos + 1) === 61) {
            pos += 2;
            this.push("OPERATOR", "!=", start, pos);
            continue;
          }
          return this.fail(`unexpected character after '!': ${quoteRune(input[pos + 1] ?? "")}`, start);
        case K_LBRACKET: {
          // [ and the duration after it
          if (bracketOpen) return this.fail(`unexpected left bracket ${quoteRune("[")}`, start);
          gotColon = false;
          this.push("LEFT_BRACKET", "[", start, ++pos);
          while (pos < len && CLASS[input.charCodeAt(pos)] === SPACE) pos++;
          bracketOpen = true;
          const from = pos;
          const end = scanNumber(input, pos);
          if (!isAlnum(codeAt(input, end))) return this.fail("missing unit character in duration", from);
          const d = remainingDuration(input, end);
          if (d < 0) return this.fail(`bad duration syntax: ${JSON.stringify(input.slice(from, ~d))}`, from);
          this.push("DURATION", input.slice(from, d), from, d);
          pos = d;
          continue;
        }
        case K_RBRACKET:
          if (!bracketOpen) return this.fail(`unexpected right bracket ${quoteRune("]")}`, start);
          this.push("RIGHT_BRACKET", "]", start, ++pos);
          bracketOpen = false;
          continue;
        case K_AT:
          this.push("AT", "@", start, ++pos);
          continue;
        default:
          return this.fail(`unexpected character: ${quoteRune(String.fromCodePoint(input.codePointAt(pos)!))}`, start);
      }
    }
  }

  /** A `#` comment to the end of the line; returns its end. */
  private comment(start: number): number {
    let end = this.input.indexOf("\n", start);
    if (end < 0) end = this.input.length;
    this.push("COMMENT", this.input.slice(start, end), start, end);
    return end;
  }

  /** An identifier, metric identifier, keyword, or `inf`/`nan`, from `start`; returns its end. */
  private word(start: number): number {
    const input = this.input;
    WORD_TAIL.lastIndex = start + 1;
    WORD_TAIL.test(input);
    const end = WORD_TAIL.lastIndex;
    const word = input.slice(start, end);
    if (word.indexOf(":") >= 0) {
      this.push("METRIC_IDENTIFIER", word, start, end);
      return end;
    }
    if (end - start <= KEYWORD_MAX) {
      const lower = word.toLowerCase();
      if (lower === "inf" || lower === "nan") {
        this.push("NUMBER", word, start, end);
        return end;
      }
      if (KEYWORDS.has(lower)) {
        this.tokens.push({ type: "KEYWORD", text: word, keyword: lower, from: start, to: end });
        return end;
      }
    }
    this.push("IDENTIFIER", word, start, end);
    return end;
  }

  /** A quoted string opened at `start`; its end, or -1 after an error. */
  private string(start: number, quote: number): number {
    const input = this.input;
    const run = quote === 34 ? DOUBLE_QUOTED_RUN : SINGLE_QUOTED_RUN;
    let pos = start + 1;
    for (;;) {
      run.lastIndex = pos;
      run.test(input);
      pos = run.lastIndex;
      if (pos >= input.length) {
        this.fail("unterminated quoted string", start);
        return -1;
      }
      const c = input.charCodeAt(pos++);
      if (c === 92) {
        pos = this.escape(pos, start, quote);
        if (pos < 0) return -1;
      } else if (c === 10) {
        this.fail("unterminated quoted string", start);
        return -1;
      } else if (c === 0xfffd) {
        this.fail("invalid UTF-8 rune", start);
        return -1;
      } else {
        this.push("STRING", input.slice(start, pos), start, pos);
        return pos;
      }
    }
  }

  private rawString(start: number): number {
    const input = this.input;
    let pos = start + 1;
    for (;;) {
      const c = input.charCodeAt(pos++);
      if (c !== c) {
        this.fail("unterminated raw string", start);
        return -1;
      }
      if (c === 0xfffd) {
        this.fail("invalid UTF-8 rune", start);
        return -1;
      }
      if (c === 96) {
        this.push("STRING", input.slice(start, pos), start, pos);
        return pos;
      }
    }
  }

  /** An escape sequence after the backslash at `pos - 1`; its end, or -1 after an error. */
  private escape(pos: number, start: number, quote: number): number {
    const input = this.input;
    let ch = input.charCodeAt(pos++);
    let n: number;
    let base: number;
    let max: number;
    switch (ch) {
      case 97: case 98: case 102: case 110: case 114: case 116: case 118: case 92: // a b f n r t v \
        return pos;
      case quote:
        return pos;
      case 48: case 49: case 50: case 51: case 52: case 53: case 54: case 55: // 0-7
        n = 3;
        base = 8;
        max = 255;
        break;
      case 120: // x
        ch = input.charCodeAt(pos++);
        n = 2;
        base = 16;
        max = 255;
        break;
      case 117: // u
        ch = input.charCodeAt(pos++);
        n = 4;
        base = 16;
        max = 0x10ffff;
        break;
      case 85: // U
        ch = input.charCodeAt(pos++);
        n = 8;
        base = 16;
        max = 0x10ffff;
        break;
      default:
        if (ch !== ch) this.fail("escape sequence not terminated", start);
        else this.fail(`unknown escape sequence ${unicodeRune(String.fromCodePoint(input.codePointAt(pos - 1)!))}`, start);
        return -1;
    }
    let x = 0;
    while (n > 0) {
      const d = digitVal(ch);
      if (d >= base) {
        if (ch !== ch) this.fail("escape sequence not terminated", start);
        else this.fail(`illegal character ${unicodeRune(input[pos - 1])} in escape sequence`, start);
        return -1;
      }
      x = x * base + d;
      n--;
      if (n > 0) ch = input.charCodeAt(pos++);
    }
    if (x > max || (x >= 0xd800 && x < 0xe000)) {
      this.fail("escape sequence is an invalid Unicode code point", start);
      return -1;
    }
    return pos;
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
  if (body.indexOf("\\") < 0) return body;
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
