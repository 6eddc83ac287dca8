// Bad experiment files: each fixture in test/fixtures/bad has exactly one problem, named by its
// file. Every one must exit 2 with a short message naming the file and the field path, print no
// stack trace, and leave an existing generated/ byte-identical.
import { cpSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { readTree } from "../../src/write/tree.ts";
import { REPO, runCli } from "../support/cli.ts";
import { scratch } from "../support/tmp.ts";

const BAD = join(REPO, "test/fixtures/bad");

interface Case {
  fixture: string;
  /** The field path the message must name, or "" for file-level problems. */
  path: string;
  says: string;
}

const cases: Case[] = [
  { fixture: "missing-arms.ts", path: "arms", says: "missing required field" },
  { fixture: "weights-not-summing-to-one.ts", path: "arms", says: "must sum to 1, got 0.9" },
  { fixture: "two-controls.ts", path: "arms", says: "exactly one arm with control: true, found 2" },
  { fixture: "no-control.ts", path: "arms", says: "found none" },
  { fixture: "single-arm.ts", path: "arms", says: "at least two arms" },
  { fixture: "duplicate-arm-names.ts", path: "arms[1].name", says: 'duplicate arm name "baseline"' },
  { fixture: "id-with-double-quote.ts", path: "id", says: "lower-case letters, digits and single hyphens" },
  { fixture: "id-with-closing-brace.ts", path: "id", says: "lower-case letters, digits and single hyphens" },
  { fixture: "id-with-path-traversal.ts", path: "id", says: "lower-case letters, digits and single hyphens" },
  { fixture: "arm-name-with-injection.ts", path: "arms[0].name", says: "expected an arm name" },
  { fixture: "weight-above-one.ts", path: "arms[0].weight", says: "less than 1" },
  { fixture: "negative-error-ratio-threshold.ts", path: "thresholds.errorRatio", says: "greater than 0" },
  { fixture: "misordered-accuracy-thresholds.ts", path: "thresholds.accuracy.critical", says: "must be below thresholds.accuracy.warning" },
  { fixture: "misordered-accuracy-colours.ts", path: "thresholds.accuracy.yellow", says: "must be below thresholds.accuracy.green" },
  { fixture: "latency-threshold-off-bucket.ts", path: "thresholds.latencyP95Seconds", says: "not a boundary" },
  { fixture: "unknown-field-typo.ts", path: "thresolds", says: 'did you mean "thresholds"' },
  { fixture: "inline-secret.ts", path: "routing.warning.slack.apiUrl", says: 'unknown field "apiUrl"' },
  { fixture: "invalid-metric-name.ts", path: "metrics.names.requests", says: "Prometheus metric name" },
  { fixture: "reserved-label-name.ts", path: "metrics.labels.model", says: "reserved" },
  { fixture: "line-break-in-title.ts", path: "title", says: "must be a single line of printable text" },
  { fixture: "weights-as-percentages.ts", path: "arms", says: "traffic weights are fractions of 1, not percentages: write 0.5, 0.25, 0.25" },
  { fixture: "impossible-calendar-date.ts", path: "schedule.end", says: "February 2025 has 28 days" },
  { fixture: "accuracy-metric-false.ts", path: "metrics.names.accuracy", says: "cannot be false: every experiment needs its accuracy gauge" },
  { fixture: "missing-owner.ts", path: "owner", says: "missing required field: expected the owner" },
  { fixture: "schedule-end-before-start.ts", path: "schedule.end", says: "must be after schedule.start" },
  { fixture: "missing-title.ts", path: "title", says: "missing required field" },
  { fixture: "duplicate-id-across-files", path: "id", says: 'duplicate experiment id "duplicate-id"' },
  { fixture: "no-default-export.ts", path: "", says: "expected a default export" },
  { fixture: "default-export-not-an-object.ts", path: "", says: "got number" },
  { fixture: "throws-on-import.ts", path: "", says: "importing the file threw SyntaxError" },
  { fixture: "typescript-syntax-error.ts", path: "", says: "cannot compile" },
  { fixture: "helper-with-syntax-error", path: "", says: '_shared.ts:2:35: Expected "}" but found ";"' },
];

describe("generate rejects bad experiment files", () => {
  const root = scratch();
  const out = join(root, "generated");
  let before: ReturnType<typeof readTree>;

  beforeAll(() => {
    // An existing, valid generated/ that a failed run must not touch.
    const good = join(root, "good");
    mkdirSync(good);
    cpSync(join(REPO, "test/fixtures/good/minimal.ts"), join(good, "minimal.ts"));
    const r = runCli(["generate", "--experiments", good, "--out", out], root);
    expect(r.code, r.stderr).toBe(0);
    before = readTree(out);
    expect(before.length).toBeGreaterThan(0);
  });

  it("has at least 15 fixtures, every one of them in the table", () => {
    expect(cases.length).toBeGreaterThanOrEqual(15);
  });

  it.each(cases)("$fixture: exit 2, names the file and `$path`, no stack, generated/ untouched", ({ fixture, path, says }) => {
    const dir = join(root, `case-${fixture.replace(/\W/g, "_")}`);
    mkdirSync(dir);
    cpSync(join(BAD, fixture), join(dir, fixture), { recursive: true });
    const r = runCli(["generate", "--experiments", dir, "--out", out], root);

    expect(r.code).toBe(2);
    const lines = r.stderr.split("\n").filter((l) => l.includes(says));
    expect(lines, r.stderr).toHaveLength(1);
    const line = lines[0]!;
    expect(line).toContain(`case-${fixture.replace(/\W/g, "_")}/${fixture}`);
    if (path !== "") expect(line).toContain(`: ${path}: `);
    expect(line.length).toBeLessThan(400);
    expect(r.stderr).not.toMatch(/^\s+at /m);
    expect(r.stdout).toBe("");
    expect(readTree(out)).toEqual(before);
  });

  it("reports the problems of every file in one run", () => {
    const r = runCli(["generate", "--experiments", BAD, "--out", out], root);
    expect(r.code).toBe(2);
    for (const { fixture, says } of cases) {
      expect(r.stderr.split("\n").some((l) => l.includes(fixture) && l.includes(says)), `${fixture}: ${says}`).toBe(true);
    }
    expect(r.stderr).not.toMatch(/^\s+at /m);
    expect(readTree(out)).toEqual(before);
  });
});

describe("generate usage errors", () => {
  it.each([
    [["generate", "--bogus"], "unknown option '--bogus'"],
    [["frobnicate"], "unknown command 'frobnicate'"],
    [["generate", "--experiments"], "argument missing"],
  ])("abwatch %j exits 2 and says %s", (args, says) => {
    const r = runCli(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(says);
    expect(r.stderr).not.toMatch(/^\s+at /m);
  });

  it("a missing experiments directory is exit 2, naming it", () => {
    const r = runCli(["generate", "--experiments", "no/such/dir", "--check"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`no/such/dir: experiments directory not found: looked at ${join(REPO, "no/such/dir")}`);
  });
});
