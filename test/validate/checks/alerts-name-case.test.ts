import { describe, expect, it } from "vitest";
import { alertNameCase } from "../../../src/validate/checks/alerts-name-case.ts";
import { rules, run } from "./support.ts";

const alert = (name: string) => rules(`      - alert: ${JSON.stringify(name)}\n        expr: up == 0\n`);

describe("alerts/name-case", () => {
  it.each([["target_down"], ["targetDown"], ["Target-Down"], ["TARGET DOWN"]])("warns on the alert name %j", async (name) => {
    const problems = await run(alertNameCase, alert(name));
    expect(problems).toHaveLength(1);
    expect(problems[0]!.message).toContain(JSON.stringify(name));
  });

  it.each([["TargetDown"], ["HTTP5xxRate"], ["A"]])("accepts the CamelCase name %j", async (name) => {
    expect(await run(alertNameCase, alert(name))).toEqual([]);
  });
});
