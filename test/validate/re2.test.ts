// RE2 syntax as Go 1.19's regexp/syntax parses matchers for Prometheus 2.42 (re2js plus a
// pre-check for `(?<name>`), against fixed expectations and against the real promtool.
import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { RE2JS } from "re2js";
import { certainlyValid, checkRegexp, compileRegexp, matchesEmpty } from "../../src/validate/promql/re2.ts";
import { scratch } from "../support/tmp.ts";
import { tool } from "../support/tools.ts";

const ACCEPTED = [
  "(?i)abc", "a{2,3}", "(?P<n>a)", "\\d\\w\\s\\pL\\p{Greek}", "[[:alpha:]]", "\\Qa.b\\E", "\\z\\A", "a{,3}", "a|", "()", "a]", "a}",
  "\\x{41}", "[\\d-z]", "^$", "[]a]", "a*?", "\\101", "a{1000}", "(a{1000}){0}", "(?:a{30}){30}b{2}", "[(?<]", "\\(?<", "\\Q(?<\\E",
];

const REJECTED: [string, string][] = [
  ["a{1001}", "invalid repeat count: `{1001}`"],
  ["(a{500}){3}", "invalid repeat count: `{3}`"],
  ["(a{100}){20}", "invalid repeat count: `{20}`"],
  ["((a{2}){2}){300}", "invalid repeat count: `{300}`"],
  ["a**", "invalid nested repetition operator: `**`"],
  ["*a", "missing argument to repetition operator: `*`"],
  ["[z-a]", "invalid character class range: `z-a`"],
  ["(?<n>a)", "invalid or unsupported Perl syntax: `(?<`"],
  ["(?<=a)b", "invalid or unsupported Perl syntax: `(?<`"],
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
  [`${"(".repeat(1001)}a${")".repeat(1001)}`, "expression nests too deeply: `^(?:(("],
];

describe("RE2 regular expressions", () => {
  it.each(ACCEPTED)("accepts %j", (re) => expect(checkRegexp(re)).toBeUndefined());

  it.each(REJECTED)("rejects %j", (re, message) => {
    expect(checkRegexp(re)).toContain(message);
  });

  it.each([
    [".*", true],
    ["a|", true],
    ["a+", false],
    ["(?i)x?", true],
    ["\\Qa\\E", false],
    // Plain ones (no compile unless asked): the same answers.
    ["api|web-.*", false],
    ["api|", true],
    [".+", false],
    ["", true],
  ])("knows whether %j matches the empty string", (re, empty) => {
    expect(compileRegexp(re).matchesEmpty).toBe(empty);
  });

  it("gives promtool's verdict and message on every expression above", () => {
    // One rule per expression; promtool reports each rule's error with its index.
    const all = [...ACCEPTED, ...REJECTED.map(([re]) => re)];
    const dir = scratch();
    const file = join(dir, "regexps.yml");
    const quote = (s: string) => JSON.stringify(s);
    const lines = ["groups:", "- name: g", "  rules:"];
    all.forEach((re, i) => lines.push(`  - record: r${i}`, `    expr: ${quote(`up{job=~${quote(re)}}`)}`));
    writeFileSync(file, `${lines.join("\n")}\n`);
    let output = "";
    try {
      output = execFileSync(tool("promtool"), ["check", "rules", file], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
    } catch (e) {
      output = `${(e as { stdout?: string }).stdout ?? ""}${(e as { stderr?: string }).stderr ?? ""}`;
    }
    const promtool = new Map<number, string>();
    for (const m of output.matchAll(/rule (\d+), "r\d+": could not parse expression: \d+:\d+: parse error: (.*)/g)) promtool.set(Number(m[1]) - 1, m[2]!);
    const mismatches = all.flatMap((re, i) => {
      const ours = checkRegexp(re);
      const theirs = promtool.get(i);
      return ours === theirs ? [] : [`${JSON.stringify(re).slice(0, 60)}: promtool ${theirs ?? "accepts"}, abwatch ${ours ?? "accepts"}`];
    });
    expect(promtool.size).toBe(REJECTED.length);
    expect(mismatches).toEqual([]);
  });
});

describe("regexps that skip compiling (certainlyValid)", () => {
  const COMMON = ["(5..|429)", "1(\\.0)?", "2[0-9][0-9]", "^(fuse.*|tmpfs|cifs|nfs)", "(/dev/)?(nvme.+|sd.+)", "(?:5..)", "[1-9]\\d*", "[^a-z_]+$", "a|", "(?i).*tail.*", ".*(?i:(cache|buffer)).*", "(?sU)a.b"];
  const OUTSIDE = ["a{2}", "(?-i)x", "(?x)a", "(?ii)a", "(?)", "(?i)*", "a**", "*a", "[z-a]", "a)(b", "\\C", "(a", "[a", "a*?", "[]a]", "\\pL", "é", "(?P<n>a)"];

  /** Random strings over the grammar's pieces and a few beyond it (a fixed seed: the same strings every run). */
  function samples(count: number): string[] {
    const pieces = ["a", "Z", "0", "9", "_", "-", ":", "/", " ", ",", "=", "@", ".", "\\.", "\\d", "\\W", "\\/", "\\\\", "\\(", "\\q", "(", "(?:", "(?i)", "(?i:", "(?sU)", "(?m", "(?-i)", "(?x)", ")", "|", "*", "+", "?", "^", "$", "[0-9]", "[^a-z_]", "[a-]", "[z-a]", "[45]", "[", "]", "{2}", "é"];
    let seed = 42;
    const rnd = () => {
      seed = (seed + 0x6d2b79f5) | 0;
      let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
    const out = new Set<string>();
    while (out.size < count) {
      let s = "";
      for (let k = 1 + Math.floor(rnd() * 10); k > 0; k--) s += pieces[Math.floor(rnd() * pieces.length)];
      out.add(s);
    }
    return [...out];
  }

  it("takes the common forms and leaves the rest to re2js", () => {
    for (const re of COMMON) expect(certainlyValid(re), re).toBe(true);
    for (const re of OUTSIDE) expect(certainlyValid(re), re).toBe(false);
  });

  it("takes only what re2js compiles, anchored and alone", () => {
    const taken = samples(50_000).filter(certainlyValid);
    const refused = taken.filter((re) => {
      try {
        RE2JS.compile(`^(?:${re})$`);
        RE2JS.compile(re);
        return false;
      } catch {
        return true;
      }
    });
    expect(taken.length).toBeGreaterThan(3000);
    expect(refused).toEqual([]);
  });

  it("knows whether they match the empty string as re2js does", () => {
    const taken = samples(50_000).filter(certainlyValid);
    const differ = taken.filter((re) => matchesEmpty(re) !== RE2JS.compile(`^(?:${re})$`).matches(""));
    expect(taken.filter((re) => matchesEmpty(re)).length).toBeGreaterThan(500);
    expect(differ).toEqual([]);
  });

  it("takes only what promtool accepts", () => {
    const taken = [...COMMON, ...samples(5_000).filter(certainlyValid).slice(0, 400)];
    const dir = scratch();
    const file = join(dir, "fast-regexps.yml");
    const lines = ["groups:", "- name: g", "  rules:"];
    taken.forEach((re, i) => lines.push(`  - record: r${i}`, `    expr: ${JSON.stringify(`up{job=~${JSON.stringify(re)}}`)}`));
    writeFileSync(file, `${lines.join("\n")}\n`);
    let output = "";
    let status = 0;
    try {
      output = execFileSync(tool("promtool"), ["check", "rules", file], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
    } catch (e) {
      status = (e as { status?: number }).status ?? -1;
      output = `${(e as { stdout?: string }).stdout ?? ""}${(e as { stderr?: string }).stderr ?? ""}`;
    }
    expect(taken.length).toBeGreaterThan(300);
    expect({ status, output: output.includes("SUCCESS") ? "SUCCESS" : output.slice(0, 2000) }).toEqual({ status: 0, output: "SUCCESS" });
  });
});
