import { describe, expect, it } from "vitest";
import { alertmanagerMatchers, matchersError } from "../../../src/validate/checks/alertmanager-matchers.ts";
import { run } from "./support.ts";

describe("alertmanager/matchers", () => {
  it.each([
    ['severity="critical"', undefined],
    ["env != prod", undefined],
    ['team=~"ml|ds"', undefined],
    ['{a="b", c!="d, e"}', undefined],
    ['msg="say \\"hi\\""', undefined],
    ['severity=="critical"', "unescaped double quote"],
    ['a="b', "unescaped double quote"],
    ["not a matcher", "bad matcher format"],
    ['a=~"("', "error parsing regexp"],
  ])("parses %j like Alertmanager", (line, error) => {
    const err = matchersError(line);
    if (error === undefined) expect(err).toBeUndefined();
    else expect(err).toContain(error);
  });

  it("reports bad route and inhibit-rule matchers with their position", async () => {
    const config = `route:\n  receiver: r\n  routes:\n    - receiver: r\n      matchers: ['a=="b"']\nreceivers:\n  - name: r\ninhibit_rules:\n  - source_matchers: ['x="y']\n`;
    const problems = await run(alertmanagerMatchers, config);
    expect(problems.map((p) => [p.line, p.path])).toEqual([
      [5, ["route", "routes", 0, "matchers", 0]],
      [9, ["inhibit_rules", 0, "source_matchers", 0]],
    ]);
  });
});
