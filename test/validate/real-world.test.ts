// The real-world corpus (test/fixtures/real-world: public rule files with their sources and
// licences in its README): on every file abwatch's verdict equals `promtool check rules`
// (Prometheus 2.42), and the default output holds bug-class findings only.
import { readdirSync } from "node:fs";
import { join, relative } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { checks } from "../../src/validate/checks/index.ts";
import { REPO } from "../support/cli.ts";
import { bothVerdicts, type JsonProblem, type PromtoolVerdict } from "../support/promtool.ts";

const CORPUS = join(REPO, "test/fixtures/real-world");

function corpus(): { file: string; abs: string }[] {
  const out: { file: string; abs: string }[] = [];
  for (const dir of readdirSync(CORPUS, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort()) {
    for (const name of readdirSync(join(CORPUS, dir)).sort()) {
      if (!/\.ya?ml$/.test(name)) continue;
      const abs = join(CORPUS, dir, name);
      out.push({ file: relative(REPO, abs), abs });
    }
  }
  return out;
}

describe("abwatch validate on real-world rule files", () => {
  const files = corpus();
  let promtool: Map<string, PromtoolVerdict>;
  let abwatch: JsonProblem[];

  beforeAll(async () => {
    ({ promtool, abwatch } = await bothVerdicts(files, "test/fixtures/real-world"));
  }, 180_000);

  it("holds a few hundred files from several collections", () => {
    expect(files.length).toBeGreaterThanOrEqual(300);
    expect(new Set(files.map((f) => f.file.split("/")[3])).size).toBeGreaterThanOrEqual(8);
  });

  it("gets promtool's verdict on every file", () => {
    const disagreements = files.flatMap((f) => {
      const p = promtool.get(f.file)!;
      const ours = !abwatch.some((x) => x.file === f.file && x.severity === "error");
      if (ours === p.valid) return [];
      const mine = abwatch.filter((x) => x.file === f.file && x.severity === "error").map((x) => `${x.message} (${x.check})`);
      return [`${f.file}: promtool ${p.valid ? "accepts" : "rejects"}, abwatch ${ours ? "accepts" : "rejects"}\n  promtool: ${p.output.trim().slice(0, 400)}\n  abwatch: ${mine.join(" | ")}`];
    });
    expect(disagreements).toEqual([]);
    // Both sides see plenty of each: the corpus is not trivially valid.
    expect([...promtool.values()].filter((v) => !v.valid).length).toBeGreaterThanOrEqual(30);
    expect([...promtool.values()].filter((v) => v.valid).length).toBeGreaterThanOrEqual(200);
  });

  it("prints only bug-class lints by default", () => {
    const style = new Set(checks.filter((c) => c.class === "style").map((c) => c.name));
    expect(abwatch.filter((p) => style.has(p.check))).toEqual([]);
    const warnings = abwatch.filter((p) => p.severity === "warning");
    expect(warnings.length).toBeGreaterThan(0);
    expect(warnings.length).toBeLessThan(600);
  });
});
