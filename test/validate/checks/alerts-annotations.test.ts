import { describe, expect, it } from "vitest";
import { alertAnnotations } from "../../../src/validate/checks/alerts-annotations.ts";
import { rules, run } from "./support.ts";

const alert = (annotations: string) =>
  rules(`      - alert: TargetDown\n        expr: up == 0\n        for: 5m\n${annotations === "" ? "" : `        annotations:\n${annotations}`}`);

describe("alerts/annotations", () => {
  it.each([
    ["no annotations at all", "", "summary, description, runbook_url annotations"],
    ["only a summary", "          summary: Target down\n", "description, runbook_url annotations"],
    ["an empty runbook_url", "          summary: s\n          description: d\n          runbook_url: \"\"\n", "runbook_url annotation"],
  ])("warns about an alert with %s", async (_what, annotations, missing) => {
    const problems = await run(alertAnnotations, alert(annotations));
    expect(problems).toHaveLength(1);
    expect(problems[0]!.message).toBe(`alert has no ${missing}`);
  });

  it("accepts an alert with all three", async () => {
    expect(await run(alertAnnotations, alert("          summary: s\n          description: d\n          runbook_url: https://r.example/TargetDown\n"))).toEqual([]);
  });

  it("leaves recording rules alone", async () => {
    expect(await run(alertAnnotations, rules("      - record: job:up:sum\n        expr: sum(up)\n"))).toEqual([]);
  });
});
