// Matcher regexps as Prometheus 2.42 compiles them: `^(?:re)$`, then `re` alone, with Go 1.19's
// regexp (RE2 syntax), which is not JavaScript's language (lookaheads, backreferences). re2js is
// a maintained port of the same parser (through RE2J): it reports Go's errors with Go's words,
// including the limits on nested repeats (`(a{500}){3}`) and nesting depth. It is newer than Go 1.19 in one
// way that matters: it accepts `(?<name>`, which Go added in 1.22, so that is checked first.
import { RE2JS } from "re2js";

export interface CompiledRegexp {
  /** Go's error text, when the expression does not compile. */
  error: string | undefined;
  /** Whether the anchored expression matches "" (labels.Matcher.Matches("")). */
  matchesEmpty: boolean;
}

/**
 * Calls `visit` with each character of `re` outside character classes, escapes and `\Q…\E`
 * quotes, with its index, until `visit` returns true. False when the scan ends without that (an
 * unterminated `\Q` ends it too).
 */
function scanStructure(re: string, visit: (c: string, i: number) => boolean): boolean {
  let inClass = false;
  for (let i = 0; i < re.length; i++) {
    const c = re[i]!;
    if (c === "\\") {
      if (re[i + 1] === "Q") {
        const end = re.indexOf("\\E", i + 2);
        if (end < 0) return false;
        i = end + 1;
      } else i++;
      continue;
    }
    if (inClass) {
      if (c === "]") inClass = false;
      continue;
    }
    if (c === "[") {
      inClass = true;
      // A `]` right after `[` or `[^` is a literal member of the class.
      if (re[i + 1] === "^") i++;
      if (re[i + 1] === "]") i++;
      continue;
    }
    if (visit(c, i)) return true;
  }
  return false;
}

/** Position of a `(?<` group outside character classes and escapes, or -1. */
function angleGroup(re: string): number {
  let at = -1;
  scanStructure(re, (c, i) => c === "(" && re[i + 1] === "?" && re[i + 2] === "<" && ((at = i), true));
  return at;
}

/**
 * Whether a `)` outside character classes and escapes closes more groups than were opened before
 * it: only then can `expr` alone fail where `^(?:expr)$` compiles (compiling twice doubled the
 * cost of every matcher regexp with a group).
 */
function closesEarly(re: string): boolean {
  let depth = 0;
  return scanStructure(re, (c) => (c === "(" ? (depth++, false) : c === ")" && --depth < 0));
}

/** Cache: rule files repeat the same few regexps many times. Bounded, so a huge run stays small. */
const cache = new Map<string, CompiledRegexp>();
const CACHE_LIMIT = 10_000;

/**
 * Regexps made only of word characters, `-:/ ,=@`, `.`, `.*`, `.+` and `|` (`job=~"api|web"`,
 * `pod=~"web-.*"`: most real ones) are valid RE2 whatever their order: they skip compiling, which
 * was most of the time of a real rule file's matchers, and compile only if asked whether they
 * match the empty string (a selector without a name).
 */
const PLAIN = /^(?:[\w\-:/ ,=@]|\.[*+]?|\|)*$/;

const isWord = (c: number) => (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;

/**
 * The next most common regexps (`(5..|429)`, `1(\.0)?`, `2[0-9][0-9]`, `^(fuse.*|tmpfs)`) skip
 * compiling too: up to 1,000 characters of a grammar Go's parser accepts whatever the order
 * (re2js agrees on random strings of it, test/validate/re2.test.ts): the plain characters above,
 * `.`, escaped ASCII punctuation, \d \D \s \S \w \W, groups `(...)`, `(?:...)` and `(?i:...)` at
 * most 16 deep, flags `(?i)` (i, m, s, U, each once), `|`, `^`, `$`, one `*`, `+` or `?` after an
 * atom, and classes of word characters and ascending ranges (`[0-9_]`, `[^a-z]`). No counted
 * repeats, negated flags or Unicode classes.
 */
export function certainlyValid(re: string): boolean {
  if (re.length > 1000) return false;
  let depth = 0;
  // Whether the last item was an atom, which a `*`, `+` or `?` may follow.
  let atom = false;
  for (let i = 0; i < re.length; i++) {
    const c = re.charCodeAt(i);
    // word characters and - : / space , = @ .
    if (isWord(c) || c === 45 || c === 58 || c === 47 || c === 32 || c === 44 || c === 61 || c === 64 || c === 46) {
      atom = true;
      continue;
    }
    switch (c) {
      case 92: {
        // \ and ASCII punctuation (always itself in Go) or a Perl class
        const e = re.charCodeAt(i + 1);
        if (!(e < 128) || (isWord(e) && e !== 100 && e !== 68 && e !== 115 && e !== 83 && e !== 119 && e !== 87)) return false;
        i++;
        atom = true;
        continue;
      }
      case 40: {
        // (, (?: and flags: (?i) (?i:...) with flags among i m s U, each at most once
        if (re.charCodeAt(i + 1) === 63) {
          let j = i + 2;
          let flags = 0;
          for (;;) {
            const f = re.charCodeAt(j);
            const bit = f === 105 ? 1 : f === 109 ? 2 : f === 115 ? 4 : f === 85 ? 8 : 0;
            if (bit === 0 || (flags & bit) !== 0) break;
            flags |= bit;
            j++;
          }
          const end = re.charCodeAt(j);
          if (end === 41 && flags !== 0) {
            i = j;
            atom = false;
            continue;
          }
          if (end !== 58) return false;
          i = j;
        }
        if (++depth > 16) return false;
        atom = false;
        continue;
      }
      case 41:
        if (--depth < 0) return false;
        atom = true;
        continue;
      case 42:
      case 43:
      case 63:
        // * + ?
        if (!atom) return false;
        atom = false;
        continue;
      case 124:
      case 94:
      case 36:
        // | ^ $
        atom = false;
        continue;
      case 91: {
        // [class]: word characters and ranges lo-hi with lo <= hi, at least one
        let j = i + 1;
        if (re.charCodeAt(j) === 94) j++;
        let items = 0;
        for (;;) {
          const lo = re.charCodeAt(j);
          if (lo === 93 && items > 0) break;
          if (!isWord(lo)) return false;
          if (re.charCodeAt(j + 1) === 45 && isWord(re.charCodeAt(j + 2))) {
            if (re.charCodeAt(j + 2) < lo) return false;
            j += 3;
          } else j++;
          items++;
        }
        i = j;
        atom = true;
        continue;
      }
      default:
        return false;
    }
  }
  return depth === 0;
}

function plain(expr: string): CompiledRegexp {
  let empty: boolean | undefined;
  return {
    error: undefined,
    get matchesEmpty() {
      return (empty ??= matchesEmpty(expr));
    },
  };
}

/**
 * Whether `^(?:re)$` matches "", for a regexp of certainlyValid's grammar (or a plain one), read
 * from its structure: an alternation can if one branch can, a sequence if every item can, an
 * item if it is `^`, `$`, under `*` or `?`, or a group that can. Loading re2js to ask cost more
 * than the rest of a file's matchers (test/validate/re2.test.ts compares the two).
 */
export function matchesEmpty(re: string): boolean {
  let i = 0;
  const alternation = (): boolean => {
    let any = sequence();
    while (re.charCodeAt(i) === 124) {
      i++;
      if (sequence()) any = true;
    }
    return any;
  };
  const sequence = (): boolean => {
    let all = true;
    for (;;) {
      const c = re.charCodeAt(i);
      // end, | or )
      if (c !== c || c === 124 || c === 41) return all;
      let empty: boolean;
      if (c === 40) {
        if (re.charCodeAt(i + 1) === 63) {
          // (?flags) sets flags only; (?flags: and (?: open a group
          let j = i + 2;
          while (re.charCodeAt(j) !== 41 && re.charCodeAt(j) !== 58) j++;
          i = j + 1;
          if (re.charCodeAt(j) === 41) continue;
        } else i++;
        empty = alternation();
        i++; // )
      } else if (c === 91) {
        i = re.indexOf("]", i + 1) + 1;
        empty = false;
      } else if (c === 92) {
        i += 2;
        empty = false;
      } else {
        i++;
        // ^ and $ match at both ends of ""; anything else reads a character
        empty = c === 94 || c === 36;
      }
      const q = re.charCodeAt(i);
      if (q === 42 || q === 63) {
        i++;
        empty = true;
      } else if (q === 43) i++;
      if (!empty) all = false;
    }
  };
  return alternation();
}

export function compileRegexp(expr: string): CompiledRegexp {
  const hit = cache.get(expr);
  if (hit !== undefined) return hit;
  let result: CompiledRegexp;
  if (PLAIN.test(expr) || certainlyValid(expr)) {
    result = plain(expr);
  } else if (angleGroup(expr) >= 0) {
    result = { error: "error parsing regexp: invalid or unsupported Perl syntax: `(?<`", matchesEmpty: false };
  } else {
    const anchored = `^(?:${expr})$`;
    try {
      const matchesEmpty = RE2JS.compile(anchored).matches("");
      // Prometheus then parses the expression alone too: `a)(b` is only wrong there (and
      // only a `)` closing the anchoring group early can make the two verdicts differ).
      if (closesEarly(expr)) RE2JS.compile(expr);
      result = { error: undefined, matchesEmpty };
    } catch (e) {
      let message = e instanceof Error ? e.message : String(e);
      // Go quotes the expression after this error; re2js leaves it out.
      if (message.endsWith("expression nests too deeply")) message += `: \`${anchored}\``;
      result = { error: message, matchesEmpty: false };
    }
  }
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(expr, result);
  return result;
}

/** Go's error text for a matcher regexp, or undefined when Prometheus compiles it. */
export function checkRegexp(expr: string): string | undefined {
  return compileRegexp(expr).error;
}
