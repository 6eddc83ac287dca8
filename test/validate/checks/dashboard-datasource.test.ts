import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { dashboardDatasource } from "../../../src/validate/checks/dashboard-datasource.ts";
import { REPO } from "../../support/cli.ts";
import { run } from "./support.ts";

interface Panel {
  type: string;
  title: string;
  datasource?: unknown;
  targets?: { datasource?: unknown }[];
}
const generated = JSON.parse(readFileSync(join(REPO, "generated/dashboards/baseline-vs-enhanced.json"), "utf8")) as { description: string; panels: Panel[] };

function edited(edit: (panels: Panel[]) => void, description = generated.description): string {
  const copy = structuredClone(generated);
  copy.description = description;
  edit(copy.panels);
  return JSON.stringify(copy, null, 2);
}
const queried = (panels: Panel[]) => panels.find((p) => (p.targets?.length ?? 0) > 0)!;

describe("dashboard/datasource", () => {
  it("accepts the generated dashboard, whose panels all use ${datasource}", async () => {
    expect(await run(dashboardDatasource, edited(() => {}))).toEqual([]);
  });

  it.each([
    ["a panel with a fixed datasource uid", (ps: Panel[]) => void (queried(ps).datasource = { type: "prometheus", uid: "prod-prometheus" }), '"prod-prometheus"'],
    ["a panel without a datasource", (ps: Panel[]) => void delete queried(ps).datasource, "(none)"],
    ["a query with its own datasource", (ps: Panel[]) => void (queried(ps).targets![0]!.datasource = { uid: "other" }), 'a query of panel'],
  ])("reports %s", async (_what, edit, text) => {
    const problems = await run(dashboardDatasource, edited(edit));
    expect(problems).toHaveLength(1);
    expect(problems[0]!.message).toContain(text);
    expect(problems[0]!.line).toBeGreaterThan(0);
  });

  it("does not check dashboards abwatch did not generate", async () => {
    const text = edited((ps) => void (queried(ps).datasource = { uid: "prod" }), "a hand-made dashboard");
    expect(await run(dashboardDatasource, text)).toEqual([]);
  });
});
