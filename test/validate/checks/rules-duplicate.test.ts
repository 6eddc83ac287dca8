import { describe, expect, it } from "vitest";
import { duplicateRules } from "../../../src/validate/checks/rules-duplicate.ts";
import { rules, run } from "./support.ts";

describe("rules/duplicate", () => {
  it("warns on a second rule with the same name, labels and expression, even in another group and reflowed", async () => {
    const text = `groups:\n  - name: a\n    rules:\n      - record: job:up:sum\n        expr: sum by (job) (up)\n        labels: {team: sre}\n  - name: b\n    rules:\n      - record: job:up:sum\n        expr: |\n          sum by(job)(\n            up\n          )\n        labels: {team: sre}\n`;
    const problems = await run(duplicateRules, text);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ group: "b", rule: 1, message: 'duplicate of group "a", rule 1: same name, labels and expression' });
  });

  it.each([
    ["the same alert with different labels", "      - alert: Down\n        expr: up == 0\n        labels: {severity: warning}\n      - alert: Down\n        expr: up == 0\n        labels: {severity: critical}\n"],
    ["the same alert name for two conditions", "      - alert: TargetDown\n        expr: up == 0\n      - alert: TargetDown\n        expr: absent(up)\n"],
    ["the same alert on label values that differ only in spacing", '      - alert: Down\n        expr: up{job="a b"} == 0\n      - alert: Down\n        expr: up{job="a  b"} == 0\n'],
    ["a recording rule split by selector", '      - record: job:requests:rate5m\n        expr: sum(rate(requests_total{job="a"}[5m]))\n      - record: job:requests:rate5m\n        expr: sum(rate(requests_total{job="b"}[5m]))\n'],
  ])("accepts %s", async (_what, body) => {
    expect(await run(duplicateRules, rules(body))).toEqual([]);
  });
});
