// RE2 syntax as Go 1.19's regexp/syntax parses matchers for Prometheus 2.42.
import { describe, expect, it } from "vitest";
import { checkRegexp } from "../../src/validate/promql/re2.ts";

describe("RE2 regular expressions", () => {
  it.each(["(?i)abc", "a{2,3}", "(?P<n>a)", "\\d\\w\\s\\pL\\p{Greek}", "[[:alpha:]]", "\\Qa.b\\E", "\\z\\A", "a{,3}", "a|", "()", "a]", "a}", "\\x{41}", "[\\d-z]", "^$", "[]a]", "a*?", "\\101"])(
    "accepts %j",
    (re) => expect(checkRegexp(re)).toBeUndefined(),
  );

  it.each([
    ["a{1001}", "invalid repeat count: `{1001}`"],
    ["a**", "invalid nested repetition operator: `**`"],
    ["*a", "missing argument to repetition operator: `*`"],
    ["[z-a]", "invalid character class range: `z-a`"],
    ["(?<n>a)", "invalid or unsupported Perl syntax: `(?<`"],
    ["a(?=b)", "invalid or unsupported Perl syntax: `(?=`"],
    ["\\1", "invalid escape sequence: `\\1`"],
    ["[[:foo:]]", "invalid character class range: `[:foo:]`"],
    ["\\Z", "invalid escape sequence: `\\Z`"],
    ["x{2}{3}", "invalid nested repetition operator: `{2}{3}`"],
    ["(?i", "missing closing )"],
    ["[a", "missing closing ]"],
    ["a)(b", "unexpected )"],
    ["\\C", "invalid escape sequence: `\\C`"],
    ["\\Qabc", "missing closing )"],
  ])("rejects %j", (re, message) => {
    expect(checkRegexp(re)).toContain(message);
  });
});
