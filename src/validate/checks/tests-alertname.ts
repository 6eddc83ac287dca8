// tests/alertname: an alert_rule_test names an alert that none of the test's rule_files defines;
// promtool would only report it as a failed expectation at run time.
import { problem, type ValidationProblem } from "../problem.ts";
import type { TestsModel } from "../kinds/tests.ts";
import { defineCheck } from "./types.ts";

export const testsAlertname = defineCheck<TestsModel>({
  name: "tests/alertname",
  kind: "tests",
  severity: "warning",
  class: "bug",
  summary: "alert_rule_test for an alert that the test's rule files do not define",
  async run(model, ctx) {
    if (model.alertTests.length === 0 || model.ruleFiles.length === 0) return [];
    const defined = await ctx.alertNames(model.ruleFiles);
    const out: ValidationProblem[] = [];
    for (const t of model.alertTests) {
      if (defined.has(t.name)) continue;
      out.push(problem(this.name, this.severity, model.file, `alert ${JSON.stringify(t.name)} is not defined in the test's rule_files`, { path: t.path, ...model.locate(t.path) }));
    }
    return out;
  },
});
