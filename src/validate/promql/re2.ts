// Syntax check for RE2 regular expressions as Go's regexp/syntax parses them with Perl flags,
// which is what Prometheus compiles for `=~` and `!~` matchers. JavaScript's RegExp accepts a
// different language (lookaheads, backreferences, `(?<name>`), so it cannot stand in for RE2.
// Returns Go's error text, or undefined when the expression compiles.

const POSIX_CLASSES = new Set([
  "alnum", "alpha", "ascii", "blank", "cntrl", "digit", "graph", "lower", "print", "punct", "space", "upper", "word", "xdigit",
]);
const CATEGORIES = new Set([
  "C", "Cc", "Cf", "Co", "Cs", "L", "Ll", "Lm", "Lo", "Lt", "Lu", "M", "Mc", "Me", "Mn", "N", "Nd", "Nl", "No",
  "P", "Pc", "Pd", "Pe", "Pf", "Pi", "Po", "Ps", "S", "Sc", "Sk", "Sm", "So", "Z", "Zl", "Zp", "Zs", "Any",
]);

class RegexpError extends Error {
  constructor(
    readonly code: string,
    readonly expr: string,
  ) {
    super(`${code}: \`${expr}\``);
  }
}

const isAlnum = (c: string) => /^[0-9A-Za-z]$/.test(c);
const isOctal = (c: string | undefined) => c !== undefined && c >= "0" && c <= "7";
const unhex = (c: string | undefined) => (c !== undefined && /^[0-9a-fA-F]$/.test(c) ? parseInt(c, 16) : -1);

function knownUnicodeName(name: string): boolean {
  if (CATEGORIES.has(name)) return true;
  if (!/^[A-Za-z_]+$/.test(name)) return false;
  try {
    new RegExp(`\\p{Script=${name}}`, "u");
    return true;
  } catch {
    return false;
  }
}

interface Escape {
  /** The code point, or -1 for an escape that is a class or an assertion. */
  rune: number;
  rest: number;
}

class Parser {
  private i = 0;
  private readonly names = new Set<string>();
  /** What is on top of Go's parse stack: nothing, a pseudo-op ( "(" or "|" ), or an operand. */
  private top: "none" | "pseudo" | "operand" = "none";
  private readonly parens: ("none" | "pseudo" | "operand")[] = [];

  constructor(private readonly s: string) {}

  parse(): void {
    const s = this.s;
    let lastRepeat = -1;
    while (this.i < s.length) {
      let repeatStart = -1;
      const c = s[this.i]!;
      switch (c) {
        case "(":
          if (s.startsWith("(?", this.i)) {
            this.perlFlags();
            break;
          }
          this.parens.push(this.top);
          this.top = "pseudo";
          this.i++;
          break;
        case "|":
          this.top = "pseudo";
          this.i++;
          break;
        case ")": {
          if (this.parens.length === 0) throw new RegexpError("unexpected )", s);
          this.parens.pop();
          this.top = "operand";
          this.i++;
          break;
        }
        case "^":
        case "$":
        case ".":
          this.top = "operand";
          this.i++;
          break;
        case "[":
          this.charClass();
          this.top = "operand";
          break;
        case "*":
        case "+":
        case "?": {
          const before = this.i;
          this.i++;
          this.repeat(before, lastRepeat);
          repeatStart = before;
          break;
        }
        case "{": {
          const before = this.i;
          const r = this.parseRepeat(this.i);
          if (r === undefined) {
            this.top = "operand";
            this.i++;
            break;
          }
          const { min, max, end } = r;
          if (min < 0 || min > 1000 || max > 1000 || (max >= 0 && min > max)) {
            throw new RegexpError("invalid repeat count", s.slice(before, end));
          }
          this.i = end;
          this.repeat(before, lastRepeat);
          repeatStart = before;
          break;
        }
        case "\\":
          this.backslash();
          this.top = "operand";
          break;
        default:
          this.top = "operand";
          this.i += c.length;
      }
      lastRepeat = repeatStart;
    }
    if (this.parens.length > 0) throw new RegexpError("missing closing )", s);
  }

  private repeat(before: number, lastRepeat: number): void {
    if (this.s[this.i] === "?") this.i++;
    if (lastRepeat >= 0) throw new RegexpError("invalid nested repetition operator", this.s.slice(lastRepeat, this.i));
    if (this.top !== "operand") throw new RegexpError("missing argument to repetition operator", this.s.slice(before, this.i));
  }

  /** `{n}`, `{n,}` or `{n,m}`; undefined when `{` is a literal. */
  private parseRepeat(at: number): { min: number; max: number; end: number } | undefined {
    const m = /^\{(\d+)(,(\d*))?\}/.exec(this.s.slice(at, at + 64));
    if (m === null) return undefined;
    const num = (t: string) => {
      if (t.length >= 2 && t[0] === "0") return undefined;
      return t.length > 8 ? -1 : Number(t);
    };
    const min = num(m[1]!);
    if (min === undefined) return undefined;
    let max = min;
    if (m[2] !== undefined) {
      if (m[3] === "") max = -1;
      else {
        const x = num(m[3]!);
        if (x === undefined) return undefined;
        max = x;
      }
    }
    return { min, max, end: at + m[0].length };
  }

  private perlFlags(): void {
    const s = this.s;
    const start = this.i;
    if (s.startsWith("(?P<", start)) {
      const end = s.indexOf(">", start);
      if (end < 0) throw new RegexpError("invalid named capture", s.slice(start));
      const capture = s.slice(start, end + 1);
      const name = s.slice(start + 4, end);
      if (!/^[A-Za-z0-9_]+$/.test(name)) throw new RegexpError("invalid named capture", capture);
      if (this.names.has(name)) throw new RegexpError("duplicate capture group name", name);
      this.names.add(name);
      this.parens.push(this.top);
      this.top = "pseudo";
      this.i = end + 1;
      return;
    }
    let j = start + 2;
    let sign = 0;
    let sawFlag = false;
    for (; j < s.length; j++) {
      const c = s[j]!;
      if (c === "i" || c === "m" || c === "s" || c === "U") {
        sawFlag = true;
        continue;
      }
      if (c === "-") {
        if (sign < 0) break;
        sign = -1;
        sawFlag = false;
        continue;
      }
      if (c === ":" || c === ")") {
        if (sign < 0 && !sawFlag) break;
        if (c === ":") {
          this.parens.push(this.top);
          this.top = "pseudo";
        }
        this.i = j + 1;
        return;
      }
      break;
    }
    throw new RegexpError("invalid or unsupported Perl syntax", s.slice(start, Math.min(j + 1, s.length)));
  }

  private backslash(): void {
    const s = this.s;
    const next = s[this.i + 1];
    if (next === "A" || next === "b" || next === "B" || next === "z") {
      this.i += 2;
      return;
    }
    if (next === "C") throw new RegexpError("invalid escape sequence", "\\C");
    if (next === "Q") {
      const end = s.indexOf("\\E", this.i + 2);
      this.i = end < 0 ? s.length : end + 2;
      return;
    }
    if (this.unicodeClass(this.i)) return;
    if (next !== undefined && "dDsSwW".includes(next)) {
      this.i += 2;
      return;
    }
    this.i = this.escape(this.i).rest;
  }

  /** `\pL`, `\p{Greek}`, `\P{^Lu}`: advances and returns true, or false when not one. */
  private unicodeClass(at: number): boolean {
    const s = this.s;
    if (s[at] !== "\\" || (s[at + 1] !== "p" && s[at + 1] !== "P")) return false;
    let name: string;
    let end: number;
    if (s[at + 2] === "{") {
      const close = s.indexOf("}", at + 3);
      if (close < 0) throw new RegexpError("invalid character class range", s.slice(at));
      name = s.slice(at + 3, close);
      end = close + 1;
    } else {
      if (at + 2 >= s.length) throw new RegexpError("invalid character class range", s.slice(at));
      name = String.fromCodePoint(s.codePointAt(at + 2)!);
      end = at + 2 + name.length;
    }
    if (name.startsWith("^")) name = name.slice(1);
    if (!knownUnicodeName(name)) throw new RegexpError("invalid character class range", s.slice(at, end));
    this.i = end;
    return true;
  }

  /** An ordinary escape starting at the backslash. */
  private escape(at: number): Escape {
    const s = this.s;
    let t = at + 1;
    if (t >= s.length) throw new RegexpError("trailing backslash at end of expression", "");
    const c = String.fromCodePoint(s.codePointAt(t)!);
    t += c.length;
    const bad = () => new RegexpError("invalid escape sequence", s.slice(at, t));
    if (c.length === 1 && c.charCodeAt(0) < 0x80 && !isAlnum(c)) return { rune: c.charCodeAt(0), rest: t };
    if (c >= "1" && c <= "7" && !isOctal(s[t])) throw bad();
    if (c >= "0" && c <= "7") {
      let r = c.charCodeAt(0) - 48;
      for (let k = 1; k < 3 && isOctal(s[t]); k++) r = r * 8 + s.charCodeAt(t++) - 48;
      return { rune: r, rest: t };
    }
    if (c === "x") {
      if (t >= s.length) throw bad();
      if (s[t] === "{") {
        t++;
        let r = 0;
        let n = 0;
        for (;;) {
          if (t >= s.length) throw bad();
          const h = s[t++];
          if (h === "}") break;
          const v = unhex(h);
          if (v < 0) throw bad();
          r = r * 16 + v;
          if (r > 0x10ffff) throw bad();
          n++;
        }
        if (n === 0) throw bad();
        return { rune: r, rest: t };
      }
      const x = unhex(s[t++]);
      if (t > s.length) throw bad();
      const y = unhex(s[t++]);
      if (x < 0 || y < 0) throw bad();
      return { rune: x * 16 + y, rest: t };
    }
    const simple: Record<string, number> = { a: 7, f: 12, n: 10, r: 13, t: 9, v: 11 };
    if (c in simple) return { rune: simple[c]!, rest: t };
    throw bad();
  }

  private charClass(): void {
    const s = this.s;
    const whole = this.i;
    let t = this.i + 1;
    if (s[t] === "^") t++;
    let first = true;
    for (;;) {
      if (t < s.length && s[t] === "]" && !first) break;
      first = false;
      if (t >= s.length) throw new RegexpError("missing closing ]", s.slice(whole));
      if (s.startsWith("[:", t)) {
        const close = s.indexOf(":]", t + 2);
        if (close >= 0) {
          let name = s.slice(t + 2, close);
          if (name.startsWith("^")) name = name.slice(1);
          if (!POSIX_CLASSES.has(name)) throw new RegexpError("invalid character class range", s.slice(t, close + 2));
          t = close + 2;
          continue;
        }
      }
      if (s[t] === "\\" && (s[t + 1] === "p" || s[t + 1] === "P")) {
        this.unicodeClass(t);
        t = this.i;
        continue;
      }
      if (s[t] === "\\" && s[t + 1] !== undefined && "dDsSwW".includes(s[t + 1]!)) {
        t += 2;
        continue;
      }
      const rangeStart = t;
      const lo = this.classChar(t, whole);
      t = lo.rest;
      if (t + 1 < s.length && s[t] === "-" && s[t + 1] !== "]") {
        const hi = this.classChar(t + 1, whole);
        if (hi.rune < lo.rune) throw new RegexpError("invalid character class range", s.slice(rangeStart, hi.rest));
        t = hi.rest;
      }
    }
    this.i = t + 1;
  }

  private classChar(at: number, whole: number): Escape {
    const s = this.s;
    if (at >= s.length) throw new RegexpError("missing closing ]", s.slice(whole));
    if (s[at] === "\\") return this.escape(at);
    const ch = String.fromCodePoint(s.codePointAt(at)!);
    return { rune: ch.codePointAt(0)!, rest: at + ch.length };
  }
}

function parseOne(expr: string): string | undefined {
  try {
    new Parser(expr).parse();
    return undefined;
  } catch (e) {
    if (e instanceof RegexpError) return `error parsing regexp: ${e.message}`;
    throw e;
  }
}

/**
 * Checks a matcher regexp the way Prometheus compiles it: anchored as `^(?:re)$`, and parsed on
 * its own. Returns Go's error text, or undefined.
 */
export function checkRegexp(expr: string): string | undefined {
  return parseOne(`^(?:${expr})$`) ?? parseOne(expr);
}
