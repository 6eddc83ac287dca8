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

function plain(expr: string): CompiledRegexp {
  let empty: boolean | undefined;
  return {
    error: undefined,
    get matchesEmpty() {
      return (empty ??= RE2JS.compile(`^(?:${expr})$`).matches(""));
    },
  };
}

export function compileRegexp(expr: string): CompiledRegexp {
  const hit = cache.get(expr);
  if (hit !== undefined) return hit;
  let result: CompiledRegexp;
  if (PLAIN.test(expr)) {
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
