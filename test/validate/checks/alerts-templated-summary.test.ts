import { describe, expect, it } from "vitest";
import { templatedSummary } from "../../../src/validate/checks/alerts-templated-summary.ts";
import { rules, run } from "./support.ts";

const alert = (summary: string) => rules(`      - alert: TargetDown\n        expr: up == 0\n        annotations:\n          summary: ${JSON.stringify(summary)}\n          description: "{{ $labels.job }}"\n`);

describe("alerts/templated-summary", () => {
  it.each([["{{ $labels.job }} is down"], ["Down for {{ $value | humanizeDuration }}"]])("warns on the summary %j", async (summary) => {
    const problems = await run(templatedSummary, alert(summary));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ severity: "warning", ruleName: "TargetDown", line: 7 });
  });

  it("accepts a fixed summary with a templated description", async () => {
    expect(await run(templatedSummary, alert("Target down"))).toEqual([]);
  });
});
