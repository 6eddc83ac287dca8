import { describe, expect, it } from "vitest";
import { testsAlertname } from "../../../src/validate/checks/tests-alertname.ts";
import { context, model } from "./support.ts";
import type { TestsModel } from "../../../src/validate/kinds/tests.ts";

const file = `rule_files: [rules.yml]\ntests:\n  - interval: 1m\n    input_series: []\n    alert_rule_test:\n      - eval_time: 5m\n        alertname: TargetDown\n      - eval_time: 5m\n        alertname: TargetDwn\n`;

describe("tests/alertname", () => {
  it("warns about an alert_rule_test for an alert the rule files do not define", async () => {
    const m = (await model("tests", file)) as TestsModel;
    m.ruleFiles = ["/rules.yml"];
    const ctx = context({ alertNames: async (files) => (files[0] === "/rules.yml" ? new Set(["TargetDown"]) : new Set()) });
    const problems = await testsAlertname.run(m, ctx);
    expect(problems.map((p) => p.message)).toEqual(['alert "TargetDwn" is not defined in the test\'s rule_files']);
    expect(problems[0]!.line).toBe(9);
  });
});
