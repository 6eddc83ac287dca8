// The differential corpus: every rule file under test/fixtures/rules is checked by the real
// `promtool check rules` (Prometheus 2.42) and by `abwatch validate`, and both must agree on
// accept/reject. Invalid fixtures are named for their single problem and say which check must
// report it in an `# expect: <check>: <message>` comment.
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { REPO } from "../support/cli.ts";
import { bothVerdicts, type JsonProblem, type PromtoolVerdict } from "../support/promtool.ts";

const CORPUS = join(REPO, "test/fixtures/rules");

interface Fixture {
  /** Path relative to the repository, as abwatch prints it. */
  file: string;
  abs: string;
  expectValid: boolean;
  expect?: { check: string; message: string };
}

function fixtures(): Fixture[] {
  const out: Fixture[] = [];
  for (const dir of ["good", "bad"]) {
    for (const name of readdirSync(join(CORPUS, dir)).sort()) {
      const abs = join(CORPUS, dir, name);
      const m = /^# expect: ([^:\n]+)(?:: (.*))?$/m.exec(readFileSync(abs, "utf8"));
      out.push({
        file: relative(REPO, abs),
        abs,
        expectValid: dir === "good",
        ...(m === null ? {} : { expect: { check: m[1]!, message: m[2] ?? "" } }),
      });
    }
  }
  return out;
}

describe("abwatch validate agrees with promtool check rules", () => {
  const all = fixtures();
  let promtool: Map<string, PromtoolVerdict>;
  let abwatch: JsonProblem[];

  beforeAll(async () => {
    ({ promtool, abwatch } = await bothVerdicts(all, "test/fixtures/rules"));
  }, 120_000);

  it("has a corpus of at least 150 rule files, valid and invalid", () => {
    expect(all.length).toBeGreaterThanOrEqual(150);
    expect(all.filter((f) => f.expectValid).length).toBeGreaterThanOrEqual(30);
    expect(all.filter((f) => !f.expectValid).length).toBeGreaterThanOrEqual(100);
  });

  it("names every invalid fixture's expected check in an '# expect:' comment", () => {
    expect(all.filter((f) => !f.expectValid && f.expect === undefined).map((f) => f.file)).toEqual([]);
  });

  it("gets promtool's verdict on every fixture, and the fixture's folder is right about it", () => {
    const disagreements: string[] = [];
    for (const f of all) {
      const p = promtool.get(f.file)!;
      const ours = !abwatch.some((x) => x.file === f.file && x.severity === "error");
      if (p.valid !== f.expectValid) disagreements.push(`${f.file}: promtool says ${p.valid ? "valid" : "invalid"}, the corpus says otherwise`);
      if (ours !== p.valid) {
        const mine = abwatch.filter((x) => x.file === f.file).map((x) => `${x.message} (${x.check})`);
        disagreements.push(`${f.file}: promtool ${p.valid ? "accepts" : "rejects"}, abwatch ${ours ? "accepts" : "rejects"}\n  promtool: ${p.output.trim()}\n  abwatch: ${mine.join(" | ")}`);
      }
    }
    expect(disagreements).toEqual([]);
    // The agreement figure reported in the issue: N of N.
    console.log(`differential corpus: ${all.length} fixtures, ${all.length - disagreements.length} verdicts agree with promtool`);
  });

  it.each(all.filter((f) => f.expect !== undefined).map((f) => [f.file, f.expect!] as const))(
    "reports the problem %s is named for",
    (file, expected) => {
      const errors = abwatch.filter((x) => x.file === file && x.severity === "error");
      expect(errors.some((e) => e.check === expected.check && e.message.includes(expected.message)), JSON.stringify(errors, null, 1)).toBe(true);
    },
  );
});
