// links/placeholder: generated files must not send on-call engineers to abwatch's placeholder
// runbook repository or Grafana address. The placeholders come from src/model/defaults.ts.
import { describe, expect, it } from "vitest";
import { placeholderLinksDashboard, placeholderLinksRules } from "../../../src/validate/checks/links-placeholder.ts";
import { generatedHeader } from "../../../src/model/conventions.ts";
import { DEFAULT_GRAFANA, DEFAULT_RUNBOOK_BASE_URL } from "../../../src/model/defaults.ts";
import { rules, run } from "./support.ts";

const HEADER = `# ${generatedHeader("experiments/demo.ts")}\n`;
const alert = (annotations: Record<string, string>) =>
  rules(`      - alert: Down\n        expr: up == 0\n        annotations:\n${Object.entries(annotations).map(([k, v]) => `          ${k}: ${JSON.stringify(v)}\n`).join("")}`);

describe("links/placeholder", () => {
  it("reports a runbook_url under the default base URL and a dashboard link at the default Grafana", async () => {
    const text = HEADER + alert({ runbook_url: `${DEFAULT_RUNBOOK_BASE_URL}/demo/Down.md`, dashboard: `${DEFAULT_GRAFANA.url}/d/abwatch-demo/demo?viewPanel=3` });
    const problems = await run(placeholderLinksRules, text);
    expect(problems.map((p) => p.message)).toEqual([
      "annotation runbook_url points at abwatch's placeholder runbook repository https://github.com/your-org/your-repo/: set runbooks.baseUrl in experiments/demo.ts",
      "annotation dashboard points at abwatch's placeholder Grafana address http://localhost:3000/: set grafana.url in experiments/demo.ts",
    ]);
    expect(problems.every((p) => p.severity === "warning")).toBe(true);
  });

  it("catches any path in the placeholder repository, not only the default base URL", async () => {
    const problems = await run(placeholderLinksRules, HEADER + alert({ runbook_url: "https://github.com/your-org/your-repo/wiki/Down" }));
    expect(problems).toHaveLength(1);
  });

  it.each([
    ["real links in a generated file", HEADER + alert({ runbook_url: "https://github.com/acme/ml/blob/main/Down.md", dashboard: "https://grafana.acme.example/d/x" })],
    ["a hand-written file (no header): abwatch did not choose its links", alert({ dashboard: "http://localhost:3000/d/x" })],
  ])("accepts %s", async (_what, text) => {
    expect(await run(placeholderLinksRules, text)).toEqual([]);
  });

  it("reports dashboard links that point at a placeholder", async () => {
    const json = JSON.stringify({ description: generatedHeader("experiments/demo.ts"), uid: "abwatch-demo", title: "t", panels: [], links: [{ title: "Runbooks", type: "link", url: `${DEFAULT_RUNBOOK_BASE_URL}/demo/README.md` }] }, null, 2);
    const problems = await run(placeholderLinksDashboard, json);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ path: ["links", 0, "url"], line: 10 });
  });
});
