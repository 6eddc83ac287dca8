// The independent dashboard validators of test/support/grafana-schema.ts (another JSON-schema
// library than production's ajv) accept the generated dashboards and catch broken ones, so the
// dashboard tests that use them can fail.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { REPO } from "../support/cli.ts";
import { dashboardValidators } from "../support/grafana-schema.ts";

const generated = () => JSON.parse(readFileSync(join(REPO, "generated/dashboards/baseline-vs-enhanced.json"), "utf8")) as {
  panels: { type: string; gridPos: { h: unknown }; options?: Record<string, unknown>; targets?: Record<string, unknown>[] }[];
  refresh: unknown;
};

describe("independent Grafana schema validators", () => {
  const v = dashboardValidators();

  it("accept the generated dashboard", () => {
    expect(v.dashboard(generated()), JSON.stringify(v.dashboard.errors.slice(0, 3))).toBe(true);
  });

  it("reject a panel with a wrong grid position type", () => {
    const d = generated();
    d.panels[0]!.gridPos.h = "tall";
    expect(v.dashboard(d)).toBe(false);
    expect(v.dashboard.errors.length).toBeGreaterThan(0);
  });

  it("reject panel options and queries of the wrong shape", () => {
    const d = generated();
    const ts = d.panels.find((p) => p.type === "timeseries")!;
    expect(v.options("timeseries")!({ ...ts.options, legend: { displayMode: "sideways" } })).toBe(false);
    const target = d.panels.flatMap((p) => p.targets ?? [])[0]!;
    expect(v.query(target)).toBe(true);
    expect(v.query({ ...target, expr: 42 })).toBe(false);
  });
});
