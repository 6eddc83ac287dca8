import { describe, expect, it } from "vitest";
import { alertTemplateLabels } from "../../../src/validate/checks/alerts-template-labels.ts";
import { rules, run } from "./support.ts";

const alert = (expr: string, description: string) =>
  rules(`      - alert: JobDown\n        expr: ${JSON.stringify(expr)}\n        annotations:\n          description: ${JSON.stringify(description)}\n`);

describe("alerts/template-labels", () => {
  it.each([
    ["by (job) drops instance", "sum by (job) (up) == 0", "{{ $labels.instance }}", "instance", "only job"],
    ["a sum without modifiers drops every label", "sum(up) < 1", "{{ .Labels.job }}", "job", "no labels"],
    ["without (instance) drops instance", "count without (instance) (up) == 0", '{{ index $labels "instance" }}', "instance", "every label except"],
    ["one-to-one matching on () keeps no label", "up / on () vector(1) > 0", "{{ $labels.job }}", "job", "no labels"],
  ])("warns when %s", async (_what, expr, description, label, has) => {
    const problems = await run(alertTemplateLabels, alert(expr, description));
    expect(problems).toHaveLength(1);
    expect(problems[0]!.message).toContain(`label ${JSON.stringify(label)}`);
    expect(problems[0]!.message).toContain(has);
  });

  it.each([
    ["a selector keeps every label", "up == 0", "{{ $labels.instance }}"],
    ["by (job, instance) keeps instance", "sum by (job, instance) (up) == 0", "{{ $labels.instance }}"],
    ["label_replace adds the label", 'label_replace(sum(up), "team", "sre", "", "")', "{{ $labels.team }}"],
    ["group_left copies the label", "sum by (job) (up) * on (job) group_left (team) team_info", "{{ $labels.team }}"],
    ["absent() keeps equality matchers", 'absent(up{job="api"})', "{{ $labels.job }}"],
  ])("accepts the template when %s", async (_what, expr, description) => {
    expect(await run(alertTemplateLabels, alert(expr, description))).toEqual([]);
  });
});
