// 1,861 PromQL expressions from Prometheus's own test scripts (test/fixtures/promql), each as a
// recording rule of one file: abwatch's verdict on every rule equals promtool 2.42's, and its
// message starts with promtool's (position included) for nearly all of the rejected ones.
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { checkRuleFile } from "../../src/validate/kinds/rules.ts";
import { REPO } from "../support/cli.ts";
import { scratch } from "../support/tmp.ts";
import { tool } from "../support/tools.ts";

const EXPRS = readFileSync(join(REPO, "test/fixtures/promql/prometheus-testdata.txt"), "utf8").split("\n").filter((l) => l.trim() !== "");

describe("PromQL from Prometheus's test scripts", () => {
  it("gets promtool's verdict on every expression, and mostly its message", async () => {
    const lines = ["groups:", "- name: g", "  rules:"];
    EXPRS.forEach((e, i) => lines.push(`  - record: r${i}`, `    expr: ${JSON.stringify(e)}`));
    const text = `${lines.join("\n")}\n`;
    const file = join(scratch(), "exprs.yml");
    writeFileSync(file, text);

    let output = "";
    try {
      output = execFileSync(tool("promtool"), ["check", "rules", file], { encoding: "utf8", maxBuffer: 64 << 20, stdio: ["ignore", "pipe", "pipe"] });
    } catch (e) {
      output = `${(e as { stdout?: string }).stdout ?? ""}${(e as { stderr?: string }).stderr ?? ""}`;
    }
    const promtool = new Map<number, string>();
    for (const m of output.matchAll(/rule (\d+), "r\d+": (.*)/g)) if (!promtool.has(Number(m[1]))) promtool.set(Number(m[1]), m[2]!);

    const ours = new Map<number, string>();
    for (const p of (await checkRuleFile("exprs.yml", text)).problems) if (p.severity === "error" && p.rule !== undefined && !ours.has(p.rule)) ours.set(p.rule, p.message);

    const disagreements = EXPRS.flatMap((e, i) =>
      promtool.has(i + 1) === ours.has(i + 1) ? [] : [`${e}\n  promtool: ${promtool.get(i + 1) ?? "accepts"}\n  abwatch: ${ours.get(i + 1) ?? "accepts"}`],
    );
    expect(disagreements).toEqual([]);
    expect(promtool.size).toBeGreaterThan(400);
    const sameMessage = [...promtool].filter(([i, m]) => ours.get(i)?.startsWith(m) === true).length;
    console.log(`PromQL corpus: ${EXPRS.length} expressions, ${promtool.size} rejected by both, ${sameMessage} with promtool's message`);
    expect(sameMessage / promtool.size).toBeGreaterThan(0.9);
  }, 120_000);
});
