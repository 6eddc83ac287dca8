// Fixture pairs: one change each, and the diff names exactly that change and nothing else. Each
// pair is diffed twice, compiled in memory (as `--base REF` does) and as generated trees on disk
// (as `--base-dir` does); both must say the same.
import { load as loadYaml, dump as dumpYaml } from "js-yaml";
import { cpSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { diffSnapshots } from "../../src/diff/index.ts";
import type { Entry, MonitoringDiff } from "../../src/diff/types.ts";
import { compileRuleFile } from "../../src/compile/rules/index.ts";
import { ALERTS, OUT, PANEL_IDS, PANEL_TITLES, RECORD, paths, runbookUrl } from "../../src/model/conventions.ts";
import { DEFAULT_ROUTING } from "../../src/model/defaults.ts";
import type { ExperimentInput } from "../../src/model/schema.ts";
import { compiledPair } from "../../src/diff/from-compiled.ts";
import { CHECKOUT, diffCompiled, diffCompiledFully, diffTrees, fromTree, sourced, tempDir, writeTree } from "./support.ts";

const NOTHING = { routes: [], receivers: [], inhibitRules: [] };

/** The one experiment's diff, after checking the tree diff agrees with the compiled one. */
function both(base: ExperimentInput, head: ExperimentInput): MonitoringDiff {
  const d = diffCompiled([base], [head]);
  const t = diffTrees([base], [head]);
  expect({ ...t, base: "", head: "" }).toEqual({ ...d, base: "", head: "" });
  return d;
}

const recordsOf = (input: ExperimentInput) =>
  compileRuleFile(sourced(input).experiment)
    .groups.flatMap((g) => g.rules)
    .filter((r) => "record" in r) as { record: string; expr: string; labels?: Record<string, string> }[];

const recordSubject = (r: { record: string; labels?: Record<string, string> }) => {
  const labels = Object.entries(r.labels ?? {}).filter(([k]) => k !== OUT.experiment);
  return labels.length === 0 ? r.record : `${r.record}{${labels.map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(", ")}}`;
};

describe("fixture pairs", () => {
  it("a threshold change: the alert's threshold and the panel drawing it, old → new", () => {
    const d = both(CHECKOUT, { ...CHECKOUT, thresholds: { errorRatio: 0.1 } });
    expect(d.changed).toBe(true);
    expect(d.experiments).toEqual([
      {
        id: "checkout",
        source: "experiments/checkout.ts",
        status: "changed",
        alerts: [
          { kind: "changed", subject: ALERTS.highErrorRate, changes: [{ field: "threshold", key: RECORD.errorRatio5m, from: "> 0.05", to: "> 0.1" }] },
        ],
        arms: [],
        panels: [
          {
            kind: "changed",
            subject: `${PANEL_TITLES.errorRatio} (#${PANEL_IDS.errorRatio})`,
            changes: [{ field: "thresholds", from: "green, red ≥ 0.05", to: "green, red ≥ 0.1" }],
          },
        ],
        recordingRules: [],
      },
    ]);
    expect(d.routing).toEqual(NOTHING);
  });

  it("a `for` change (edited in the generated rule file): the alert's `for` and nothing else", () => {
    const base = writeTree([CHECKOUT]);
    const head = tempDir("head-");
    cpSync(base, head, { recursive: true });
    const file = join(head, paths.rules("checkout"));
    const rules = loadYaml(readFileSync(file, "utf8")) as { groups: { rules: { alert?: string; for?: string }[] }[] };
    const rule = rules.groups[0]!.rules.find((r) => r.alert === ALERTS.modelAccuracyDegraded)!;
    const before = rule.for!;
    rule.for = "10m";
    writeFileSync(file, dumpYaml(rules, { lineWidth: -1 }));

    const d = diffSnapshots(fromTree(base), fromTree(head));
    expect(before).not.toBe("10m");
    expect(d.experiments).toEqual([
      {
        id: "checkout",
        source: "experiments/checkout.ts",
        status: "changed",
        alerts: [{ kind: "changed", subject: ALERTS.modelAccuracyDegraded, changes: [{ field: "for", from: before, to: "10m" }] }],
        arms: [],
        panels: [],
        recordingRules: [],
      },
    ]);
    expect(d.routing).toEqual(NOTHING);
    expect(d.otherFiles).toEqual([]);
  });

  it("a new arm: the arm, the weights that moved, the split guard and SRM test it changes, and the recording rules it adds or changes", () => {
    const head = {
      ...CHECKOUT,
      arms: [
        { name: "baseline", weight: 0.6, control: true },
        { name: "enhanced", weight: 0.3 },
        { name: "canary", weight: 0.1 },
      ],
    };
    const d = both(CHECKOUT, head);
    const x = d.experiments[0]!;
    expect(d.experiments).toHaveLength(1);
    expect(x.arms).toEqual([
      { kind: "changed", subject: "baseline", changes: [{ field: "weight", from: "0.7", to: "0.6" }] },
      { kind: "added", subject: "canary", changes: [{ field: "weight", to: "0.1" }] },
    ]);
    // The split alert needs more requests an hour for the narrower canary share (25 · 0.24 / 0.05² instead of
    // 25 · 0.21 / 0.05²), the SRM test gains a degree of freedom (d/2 = 1 instead of 0.5), and the two
    // treatments now share the accuracy alert's α (0.025 each).
    expect(x.alerts.map((e) => [e.kind, e.subject, e.changes.map((c) => c.field)])).toEqual([
      ["changed", ALERTS.trafficSplitDeviation, ["threshold"]],
      ["changed", ALERTS.sampleRatioMismatch, ["expression"]],
      ["changed", ALERTS.accuracyRegression, ["expression", "runbook text"]],
    ]);
    expect(x.alerts[0]!.changes[0]).toEqual({ field: "threshold", key: RECORD.totalIncrease1h, from: ">= 2100", to: ">= 2400" });
    expect(x.alerts[1]!.changes[0]!.from).toContain("0.5 * ln(1 + 0.0025 *");
    expect(x.alerts[1]!.changes[0]!.to).toContain("1 * ln(1 + 0.0025 *");
    // The About panel and the traffic panel restate the weights: already said by the arms. The sequential
    // panels' boundaries move with the number of arms.
    expect(x.panels.map((e) => [e.subject, e.changes.map((c) => c.field)])).toEqual([
      [`${PANEL_TITLES.sampleRatioMismatch} (#${PANEL_IDS.sampleRatioMismatch})`, ["query"]],
      [`${PANEL_TITLES.accuracySequential} (#${PANEL_IDS.accuracySequential})`, ["query", "query"]],
    ]);
    // Recording rules, against the compiled rules themselves: the canary's series are new, and those
    // whose expression inlines the weights changed.
    const before = recordsOf(CHECKOUT);
    const after = recordsOf(head);
    const key = (r: { record: string; labels?: Record<string, string> }) => recordSubject(r);
    const added = after.filter((r) => !before.some((b) => key(b) === key(r))).map(key);
    const changed = after.filter((r) => before.some((b) => key(b) === key(r) && b.expr !== r.expr)).map(key);
    expect(added.length).toBeGreaterThan(0);
    expect(added.every((s) => s.endsWith(`{${OUT.model}="canary"}`))).toBe(true);
    expect(x.recordingRules.filter((e) => e.kind === "added").map((e) => e.subject).sort()).toEqual([...added].sort());
    expect(x.recordingRules.filter((e) => e.kind === "changed").map((e) => e.subject).sort()).toEqual([...changed].sort());
    expect(x.recordingRules.filter((e) => e.kind === "removed")).toEqual([]);
    expect(changed).toContain(`${RECORD.armWeight}{${OUT.model}="baseline"}`);
    const weight = x.recordingRules.find((e) => e.subject === `${RECORD.armWeight}{${OUT.model}="baseline"}`)!;
    expect(weight.changes).toEqual([{ field: "expression", from: "vector(0.7)", to: "vector(0.6)", long: true }]);
    expect(weight.readBy).toEqual(expect.arrayContaining([`alert ${ALERTS.trafficSplitDeviation}`]));
    expect(d.routing).toEqual(NOTHING);
  });

  it("a removed alert: the alert with what it was (severity, receiver, runbook), and the schedule line it leaves", () => {
    const { end: _end, ...start } = CHECKOUT.schedule;
    const d = both(CHECKOUT, { ...CHECKOUT, schedule: start });
    const x = d.experiments[0]!;
    // Without an end date, the lifecycle alerts' schedule gate loses its upper bound, and the sequential
    // tests watch 30 days instead of the declared run (their runbooks say so, their counts since the
    // start sum over the new horizon).
    expect(x.alerts.map((e) => [e.kind, e.subject])).toEqual([
      ["changed", ALERTS.sampleRatioMismatch],
      ["changed", ALERTS.accuracyRegression],
      ["changed", ALERTS.metricsAbsent],
      ["changed", ALERTS.armNoTraffic],
      ["removed", ALERTS.pastEndDate],
    ]);
    for (const gated of x.alerts.slice(2, 4)) expect(gated.changes.map((c) => c.field)).toContain("expression");
    const facts = x.alerts[4]!.changes;
    expect(facts).toEqual(
      expect.arrayContaining([
        { field: "severity", from: "warning" },
        { field: "receiver", from: DEFAULT_ROUTING.warning.name },
        { field: "runbook", from: runbookUrl(sourced(CHECKOUT).experiment, ALERTS.pastEndDate) },
      ]),
    );
    expect(facts.every((c) => c.to === undefined)).toBe(true);
    // The dashboard's About text said when the experiment ends; nothing else on the dashboard moved.
    expect(x.panels.map((e) => [e.kind, e.subject, e.changes.map((c) => c.field)])).toEqual([
      ["changed", `${PANEL_TITLES.about} (#${PANEL_IDS.about})`, ["content"]],
    ]);
    expect(x.panels[0]!.changes[0]!.from).toContain("2026-12-31");
    expect(x.panels[0]!.changes[0]!.to).not.toContain("2026-12-31");
    expect(x.arms).toEqual([]);
    expect(x.recordingRules.map((e) => [e.kind, e.subject])).toEqual([
      ["changed", RECORD.requestsCumulative],
      ["changed", RECORD.evaluatedCumulative],
    ]);
    expect(d.routing).toEqual(NOTHING);
    // The schedule tests remain (they test the start gate) but change, as do the main tests.
    expect(d.otherFiles).toEqual(
      expect.arrayContaining([
        { path: paths.scheduleTests("checkout"), kind: "changed" },
        { path: paths.tests("checkout"), kind: "changed" },
      ]),
    );
  });

  it("a receiver change: every alert it routes, the route, and the receivers", () => {
    const slack = { name: "slack-payments", slack: { apiUrlFile: "/etc/alertmanager/secrets/slack-webhook-url", channel: "#payments-alerts" } };
    const head = { ...CHECKOUT, routing: { warning: slack } };
    const d = both(CHECKOUT, head);
    const x = d.experiments[0]!;
    // The warnings, except drift, which has a receiver of its own.
    const warnings = compileRuleFile(sourced(head).experiment)
      .groups.flatMap((g) => g.rules)
      .filter((r) => "alert" in r && r.labels?.[OUT.severity] === "warning" && r.alert !== ALERTS.predictionDrift)
      .map((r) => (r as { alert: string }).alert);
    expect(warnings.length).toBeGreaterThan(3);
    expect(x.alerts).toEqual(
      warnings.map((subject): Entry => ({ kind: "changed", subject, changes: [{ field: "receiver", from: DEFAULT_ROUTING.warning.name, to: slack.name }] })),
    );
    expect(x.arms).toEqual([]);
    expect(x.panels).toEqual([]);
    expect(x.recordingRules).toEqual([]);
    expect(d.routing).toEqual({
      routes: [{ kind: "changed", subject: `${OUT.experiment}="checkout" › ${OUT.severity}="warning"`, changes: [{ field: "receiver", from: DEFAULT_ROUTING.warning.name, to: slack.name }] }],
      receivers: [
        { kind: "added", subject: slack.name, changes: [{ field: "type", to: "slack" }] },
        { kind: "removed", subject: DEFAULT_ROUTING.warning.name, changes: [{ field: "type", from: "slack" }] },
      ],
      inhibitRules: [],
    });
  });

  it("no change: nothing at all", () => {
    const d = both(CHECKOUT, { ...CHECKOUT });
    expect(d).toMatchObject({ changed: false, experiments: [], routing: NOTHING, otherFiles: [] });
  });
});

describe("experiments added and removed", () => {
  const other = { ...CHECKOUT, id: "search", title: "Search" };

  it("a new experiment lists every alert it brings, with severity and receiver, and its new routes", () => {
    const d = diffCompiled([CHECKOUT], [CHECKOUT, other]);
    expect(d.experiments.map((x) => [x.id, x.status])).toEqual([["search", "added"]]);
    const x = d.experiments[0]!;
    expect(x.alerts.length).toBeGreaterThan(5);
    expect(x.alerts.every((e) => e.kind === "added" && e.changes.some((c) => c.field === "receiver" && c.to !== undefined))).toBe(true);
    expect(x.alerts.find((e) => e.subject === ALERTS.highErrorRate)!.changes).toEqual(
      expect.arrayContaining([
        { field: "severity", to: "critical" },
        { field: "receiver", to: DEFAULT_ROUTING.critical.name },
      ]),
    );
    expect(x.arms.map((e) => [e.kind, e.subject])).toEqual([
      ["added", "baseline"],
      ["added", "enhanced"],
    ]);
    expect(d.routing.routes.every((e) => e.kind === "added" && e.subject.startsWith(`${OUT.experiment}="search"`))).toBe(true);
    expect(d.routing.routes.length).toBeGreaterThan(0);
    expect(d.routing.receivers).toEqual([]);
  });

  it("a removed experiment lists what stops alerting", () => {
    const d = diffCompiled([CHECKOUT, other], [CHECKOUT]);
    expect(d.experiments.map((x) => [x.id, x.status])).toEqual([["search", "removed"]]);
    expect(d.experiments[0]!.alerts.every((e) => e.kind === "removed")).toBe(true);
    expect(d.routing.routes.every((e) => e.kind === "removed")).toBe(true);
  });
});

describe("compiling only what differs", () => {
  const others = Array.from({ length: 3 }, (_, i) => ({ ...CHECKOUT, id: `other-${i}`, title: `Other ${i}` }));

  it("says the same as compiling everything, and leaves unchanged experiments out", () => {
    const base = [CHECKOUT, ...others];
    const head = [{ ...CHECKOUT, thresholds: { errorRatio: 0.1 } }, ...others];
    expect(diffCompiled(base, head)).toEqual(diffCompiledFully(base, head));
    const side = (inputs: ExperimentInput[]) => ({ label: "x", sourced: inputs.map(sourced), experimentsDir: "experiments/" });
    const [b, h] = compiledPair(side(base), side(head));
    expect([...b.experiments.keys()]).toEqual(["checkout"]);
    expect([...h.experiments.keys()]).toEqual(["checkout"]);
  });

  it("keeps the alerts of unchanged experiments when the routing changed, to resolve their receivers", () => {
    // Another experiment redefines the shared warning receiver under the same name: routing changes,
    // the unchanged experiments' alerts still reach a receiver of that name.
    const base = [CHECKOUT, ...others];
    const head = [{ ...CHECKOUT, routing: { critical: { name: "pagerduty-payments", pagerduty: { routingKeyFile: "/etc/am/pd" } } } }, ...others];
    expect(diffCompiled(base, head)).toEqual(diffCompiledFully(base, head));
    const side = (inputs: ExperimentInput[]) => ({ label: "x", sourced: inputs.map(sourced), experimentsDir: "experiments/" });
    const [, h] = compiledPair(side(base), side(head));
    expect([...h.experiments.keys()].sort()).toEqual(["checkout", ...others.map((o) => o.id)].sort());
    expect(h.experiments.get("other-0")!.dashboard).toBeUndefined();
  });
});
