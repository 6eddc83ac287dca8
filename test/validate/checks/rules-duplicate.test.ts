import { describe, expect, it } from "vitest";
import { duplicateRules } from "../../../src/validate/checks/rules-duplicate.ts";
import { rules, run } from "./support.ts";

describe("rules/duplicate", () => {
  it("warns on a second rule with the same name and labels, even in another group", async () => {
    const text = `groups:\n  - name: a\n    rules:\n      - record: job:up:sum\n        expr: sum(up)\n        labels: {team: sre}\n  - name: b\n    rules:\n      - record: job:up:sum\n        expr: count(up)\n        labels: {team: sre}\n`;
    const problems = await run(duplicateRules, text);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ group: "b", rule: 1, message: 'duplicate of group "a", rule 1: same name and labels' });
  });

  it("accepts the same name with different labels", async () => {
    const text = rules("      - alert: Down\n        expr: up == 0\n        labels: {severity: warning}\n      - alert: Down\n        expr: up == 0\n        labels: {severity: critical}\n");
    expect(await run(duplicateRules, text)).toEqual([]);
  });
});
