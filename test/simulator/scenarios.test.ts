// Scenarios: one per alert an experiment gets, each the very fault the alert's promtool test uses,
// plus healthy and a critical and a warning fault on one arm.
import { describe, expect, it } from "vitest";
import { ALERT_SPECS, alertContext, alertsFor } from "../../src/compile/alerts/index.ts";
import { loadExperiments } from "../../src/load/index.ts";
import { scenariosFor } from "../../src/simulator/index.ts";
import { healthyTraffic } from "../../src/traffic/profile.ts";
import { REPO } from "../support/cli.ts";

const experiments = (await loadExperiments("experiments", REPO)).experiments.map((e) => e.experiment);

describe.each(experiments.map((e) => [e.id, e] as const))("%s", (_id, exp) => {
  const ctx = alertContext(exp);
  const healthy = healthyTraffic(exp, ctx.c);
  const scenarios = scenariosFor(exp);

  it("has healthy, one scenario per alert it gets (named after it), and critical-and-warning", () => {
    expect(scenarios.map((s) => s.name)).toEqual(["healthy", ...alertsFor(ctx).map((a) => a.name), "critical-and-warning"]);
    expect(new Set(scenarios.map((s) => s.name)).size).toBe(scenarios.length);
  });

  it("plays each alert's scenario with the fault of the alert's own test", () => {
    for (const a of alertsFor(ctx)) {
      const s = scenarios.find((x) => x.alert === a.name)!;
      expect(s.faults).toEqual([a.name]);
      expect(s.traffic(healthy, ctx), a.name).toEqual(a.test.fault(healthy, ctx));
      expect(s.description.startsWith(`${a.severity} ${a.name}: `)).toBe(true);
    }
  });

  it("healthy is the healthy profile itself", () => {
    expect(scenarios[0]!.traffic(healthy, ctx)).toBe(healthy);
    expect(scenarios[0]!.faults).toEqual([]);
  });

  it("critical-and-warning breaks one arm with a critical and a warning fault at once", () => {
    const s = scenarios.find((x) => x.name === "critical-and-warning")!;
    const [critical, warning] = s.faults.map((n) => ALERT_SPECS.find((a) => a.name === n)!);
    expect([critical!.severity, warning!.severity]).toEqual(["critical", "warning"]);
    expect([critical!.scope, warning!.scope]).toEqual(["arm", "arm"]);
    expect(s.arms).toEqual([ctx.c.treatments[0]!.name]);
    // Both faults hold in the combined traffic.
    const both = s.traffic(healthy, ctx).arms[s.arms[0]!]!;
    const c = critical!.test.fault(healthy, ctx).arms[s.arms[0]!]!;
    const w = warning!.test.fault(healthy, ctx).arms[s.arms[0]!]!;
    for (const k of Object.keys(both) as (keyof typeof both)[]) {
      if (JSON.stringify(c[k]) !== JSON.stringify(healthy.arms[s.arms[0]!]![k])) expect(both[k]).toEqual(c[k]);
      if (JSON.stringify(w[k]) !== JSON.stringify(healthy.arms[s.arms[0]!]![k])) expect(both[k]).toEqual(w[k]);
    }
    expect(s.description).toContain("inhibits");
  });
});

it("the spec's experiment gets a live scenario for every alert abwatch has (13 today)", () => {
  const spec = experiments.find((e) => e.id === "baseline-vs-enhanced")!;
  const names = scenariosFor(spec).flatMap((s) => (s.alert ? [s.alert] : []));
  expect(names).toEqual(ALERT_SPECS.map((a) => a.name));
  expect(names).toHaveLength(13);
});

it("search-ranking (no business metric, no end date) gets no scenario for the alerts it cannot have", () => {
  const search = experiments.find((e) => e.id === "search-ranking-three-way")!;
  const names = scenariosFor(search).map((s) => s.name);
  expect(names).not.toContain("NegativeBusinessValue");
  expect(names).not.toContain("ExperimentPastEndDate");
});
