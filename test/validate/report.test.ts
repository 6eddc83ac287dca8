// The exact rendering of each output format, pinned once (like rulefmt's TestError).
import { describe, expect, it } from "vitest";
import type { ValidationResult } from "../../src/validate/index.ts";
import { render } from "../../src/validate/report/index.ts";

const result: ValidationResult = {
  files: [
    {
      file: "rules.yml",
      kind: "rules",
      problems: [
        { check: "promql/type", severity: "error", file: "rules.yml", message: 'could not parse expression: 1:6: parse error: expected type range vector in call to function "rate", got instant vector', line: 5, column: 16, group: "api", rule: 1, ruleName: "job:rate5m" },
        { check: "rulefmt/group-name", severity: "error", file: "rules.yml", message: 'groupname: "api" is repeated in the same file', line: 9, column: 5 },
        { check: "alerts/name-case", severity: "warning", file: "rules.yml", message: 'alert name "job_down" is not CamelCase (like HighErrorRate)', line: 12, column: 16, group: "api", rule: 2, ruleName: "job_down" },
      ],
    },
    {
      file: "dash.json",
      kind: "dashboard",
      problems: [{ check: "dashboard/datasource", severity: "error", file: "dash.json", message: "panel \"A, b\" uses datasource \"x<y>\"\nsecond line: 100%", path: ["panels", 2, "datasource"], line: 40, column: 7 }],
    },
    { file: "ok.yml", kind: "alertmanager", problems: [] },
  ],
  problems: [],
  errors: 3,
  warnings: 1,
};
result.problems = result.files.flatMap((f) => f.problems);

describe("output formats", () => {
  it("text reads like promtool: file, position, group, rule and name, message, check", () => {
    expect(render("text", result)).toBe(
      [
        'rules.yml: 5:16: group "api", rule 1, "job:rate5m": could not parse expression: 1:6: parse error: expected type range vector in call to function "rate", got instant vector (promql/type)',
        'rules.yml: 9:5: groupname: "api" is repeated in the same file (rulefmt/group-name)',
        'rules.yml: 12:16: group "api", rule 2, "job_down": warning: alert name "job_down" is not CamelCase (like HighErrorRate) (alerts/name-case)',
        'dash.json: 40:7: panels[2].datasource: panel "A, b" uses datasource "x<y>"\nsecond line: 100% (dashboard/datasource)',
        "FAILED: 3 files checked, 3 errors, 1 warning",
        "",
      ].join("\n"),
    );
  });

  it("json is the array of problems with every address field", () => {
    const parsed = JSON.parse(render("json", result)) as Record<string, unknown>[];
    expect(parsed).toHaveLength(4);
    expect(parsed[0]).toEqual({
      file: "rules.yml",
      severity: "error",
      check: "promql/type",
      message: result.problems[0]!.message,
      line: 5,
      column: 16,
      group: "api",
      rule: 1,
      ruleName: "job:rate5m",
    });
    expect(parsed[3]).toMatchObject({ path: ["panels", 2, "datasource"] });
  });

  it("junit has a testcase per file and a failure per error, escaped", () => {
    const xml = render("junit", result);
    expect(xml).toContain('<testsuites name="abwatch validate" tests="3" failures="2" errors="0">');
    expect(xml).toContain('<testcase classname="rules" name="rules.yml">');
    expect(xml.match(/<failure /g)).toHaveLength(3);
    expect(xml).toContain('<failure type="dashboard/datasource" message="panel &quot;A, b&quot; uses datasource &quot;x&lt;y&gt;&quot;');
    expect(xml).toContain("<system-out>12:16: group &quot;api&quot;, rule 2, &quot;job_down&quot;: warning: alert name");
    expect(xml).toContain('<testcase classname="alertmanager" name="ok.yml">\n    </testcase>');
  });

  it("github emits workflow commands with escaped properties and data", () => {
    expect(render("github", result).split("\n")).toEqual([
      '::error file=rules.yml,line=5,col=16,title=promql/type::group "api", rule 1, "job:rate5m": could not parse expression: 1:6: parse error: expected type range vector in call to function "rate", got instant vector',
      '::error file=rules.yml,line=9,col=5,title=rulefmt/group-name::groupname: "api" is repeated in the same file',
      '::warning file=rules.yml,line=12,col=16,title=alerts/name-case::group "api", rule 2, "job_down": alert name "job_down" is not CamelCase (like HighErrorRate)',
      '::error file=dash.json,line=40,col=7,title=dashboard/datasource::panels[2].datasource: panel "A, b" uses datasource "x<y>"%0Asecond line: 100%25',
      "",
    ]);
  });
});
