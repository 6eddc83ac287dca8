// Every combination of the optional metrics (predictionsEvaluated, predictionScore, confidence,
// businessImpact each exported or `false`): runbooks name only panels and alerts the experiment
// has, the dashboard links only runbooks that exist, and every Alertmanager route matches an alert
// that exists (checked by amtool's own router for the extremes).
import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { compileExperiment } from "../../src/compile/index.ts";
import { compileAlertmanager } from "../../src/compile/routes/index.ts";
import type { Route } from "../../src/compile/routes/types.ts";
import { emitRunbook } from "../../src/emit/runbook.ts";
import { toYaml } from "../../src/emit/yaml.ts";
import { PANEL_IDS, PANEL_TITLES, runbookUrl } from "../../src/model/conventions.ts";
import { ExperimentSchema, type Experiment } from "../../src/model/schema.ts";
import { scratch } from "../support/tmp.ts";
import { tool } from "../support/tools.ts";

const OPTIONAL = ["predictionsEvaluated", "predictionScore", "confidence", "businessImpact"] as const;

const combos = Array.from({ length: 16 }, (_, bits) => OPTIONAL.filter((_m, i) => bits & (1 << i)));

function experiment(disabled: readonly string[], i: number): Experiment {
  return ExperimentSchema.parse({
    id: `combo-${i}`,
    title: `Without ${disabled.join(", ") || "nothing"}`,
    owner: { team: "ml" },
    arms: [
      { name: "control", weight: 0.5, control: true },
      { name: "b", weight: 0.25 },
      { name: "c", weight: 0.25 },
    ],
    schedule: { start: "2026-01-01", end: "2026-06-30" },
    metrics: { names: Object.fromEntries(disabled.map((m) => [m, false])) },
    routing: { drift: { name: `drift-${i}`, slack: { apiUrlFile: "/etc/am/slack", channel: "#ds" } } },
    ...(i % 2 === 0 ? { business: { dailyRequests: 1000, revenuePerPrediction: 1 } } : {}),
  });
}

interface Panel {
  id: number;
  title: string;
  links?: { title: string; url: string }[];
}

/** Does the route's matchers (label="value") hold for these labels? */
const matches = (r: Route, labels: Record<string, string>) =>
  (r.matchers ?? []).every((m) => {
    const [, k, v] = /^(\w+)="(.*)"$/.exec(m)!;
    return labels[k!] === v;
  });

const all = combos.map((disabled, i) => ({ disabled, exp: experiment(disabled, i) }));

describe.each(all.map(({ disabled, exp }) => [disabled.join(", ") || "none", exp] as const))("metrics disabled: %s", (_name, exp) => {
  const artifacts = compileExperiment(exp, "experiments/x.ts");
  const panels = (artifacts.dashboard as unknown as { panels: Panel[] }).panels;
  const byId = new Map(panels.map((p) => [p.id, p]));
  const rules = artifacts.rules.groups[0]!.rules.flatMap((r) => ("alert" in r ? [r] : []));
  const alertNames = new Set(rules.map((r) => r.alert));
  const pages = artifacts.runbooks.map((r) => ({ alert: r.alert, text: emitRunbook(r, "experiments/x.ts") }));

  it("runbooks link only to panels the dashboard has, under their titles", () => {
    for (const { alert, text } of pages) {
      for (const [, title, id] of text.matchAll(/\[([^\]]+)\]\([^)]*[?&]viewPanel=(\d+)\)/g)) {
        const panel = byId.get(Number(id));
        expect(panel, `${alert}: panel ${id} (${title})`).toBeDefined();
        expect(panel!.title.startsWith(title!), `${alert}: ${title} vs ${panel!.title}`).toBe(true);
      }
    }
  });

  it("runbooks name a panel only through such a link", () => {
    for (const { alert, text } of pages) {
      for (const m of text.matchAll(/\bpanels?\b/gi)) {
        const before = text.slice(0, m.index);
        expect(before, `${alert}: "${text.slice(Math.max(0, m.index! - 60), m.index! + 10)}"`).toMatch(/viewPanel=\d+\) $/);
      }
      // No absent panel is named in prose either.
      for (const key of Object.keys(PANEL_IDS) as (keyof typeof PANEL_IDS)[]) {
        if (!byId.has(PANEL_IDS[key])) expect(text, `${alert} names ${key}`).not.toContain(PANEL_TITLES[key]);
      }
    }
  });

  it("runbooks link only to runbooks of alerts the experiment has", () => {
    for (const { alert, text } of pages) {
      for (const [, url] of text.matchAll(/\]\((https?:[^)]+\.md)\)/g)) {
        const name = /\/([A-Za-z]+)\.md$/.exec(url!)![1]!;
        if (name === "README") continue;
        expect(alertNames.has(name), `${alert} links ${name}`).toBe(true);
      }
    }
  });

  it("every alert's dashboard link is a panel the dashboard has, and panels link only existing runbooks", () => {
    for (const r of rules) {
      const id = Number(/viewPanel=(\d+)/.exec(r.annotations!.dashboard!)![1]);
      expect(byId.has(id), `${r.alert} → panel ${id}`).toBe(true);
    }
    for (const p of panels) {
      for (const l of p.links ?? []) {
        const name = l.title.replace("Runbook: ", "");
        expect(alertNames.has(name), `${p.title} links ${name}`).toBe(true);
        expect(l.url).toBe(runbookUrl(exp, name));
      }
    }
  });

  it("every route matches an alert that exists, and every alert reaches a route of its experiment", () => {
    const config = compileAlertmanager([exp]);
    const mine = config.route.routes!.find((r) => matches(r, { experiment: exp.id }))!;
    const alerts = rules.map((r) => ({ alertname: r.alert, ...r.labels! }));
    for (const route of mine.routes!) {
      expect(alerts.some((a) => matches(route, a)), JSON.stringify(route.matchers)).toBe(true);
    }
    for (const a of alerts) expect(mine.routes!.some((r) => matches(r, a)), a.alertname).toBe(true);
    const used = new Set(mine.routes!.map((r) => r.receiver));
    expect(config.receivers.map((r) => r.name).filter((n) => n !== config.route.receiver).sort()).toEqual([...used].sort());
  });
});

describe("amtool's router", () => {
  it("accepts the configuration of all combinations and routes each alert as declared", () => {
    const dir = scratch();
    const experiments = all.map((c) => c.exp);
    const file = join(dir, "alertmanager.yml");
    writeFileSync(file, toYaml(compileAlertmanager(experiments), "test"));
    const amtool = (args: string[]) => spawnSync(tool("amtool"), args, { encoding: "utf8", timeout: 60_000 });
    const check = amtool(["check-config", file]);
    expect(check.status, check.stdout + check.stderr).toBe(0);
    // The two extremes: every optional metric, and none.
    for (const exp of [experiments[0]!, experiments[15]!]) {
      const rules = compileExperiment(exp, "x").rules.groups[0]!.rules.flatMap((r) => ("alert" in r ? [r] : []));
      for (const r of rules) {
        const labels = Object.entries({ alertname: r.alert, ...r.labels! }).map(([k, v]) => `${k}=${v}`);
        const out = amtool(["config", "routes", "test", `--config.file=${file}`, ...labels]);
        const expected = r.alert === "PredictionDrift" ? exp.routing.drift.name : exp.routing[r.labels!.severity as "critical" | "warning"].name;
        expect(out.stdout.trim(), `${exp.id} ${r.alert}`).toBe(expected);
      }
    }
  });
});
