// Every generated dashboard: valid against the foundation SDK's JSON schema (dashboard, panel
// options, field config, queries), every query parses as PromQL (Lezer and promtool), every panel
// uses the datasource variable, and the spec's panels carry the spec's settings.
import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { compileDashboard } from "../../src/compile/dashboard/index.ts";
import { num } from "../../src/compile/promql.ts";
import { loadExperiments } from "../../src/load/index.ts";
import { PANEL_IDS, RECORD } from "../../src/model/conventions.ts";
import type { Sourced } from "../../src/model/cross.ts";
import { readTree } from "../../src/write/tree.ts";
import { REPO } from "../support/cli.ts";
import { dashboardValidators, type DashboardValidators } from "../support/grafana-schema.ts";
import { promqlSyntaxErrors } from "../support/promql.ts";
import { scratch } from "../support/tmp.ts";
import { tool } from "../support/tools.ts";

interface Panel {
  id?: number;
  type: string;
  title?: string;
  datasource?: { uid?: string };
  targets?: { expr: string; datasource?: { uid?: string }; legendFormat?: string }[];
  options?: unknown;
  fieldConfig?: { defaults?: { custom?: unknown; unit?: string; thresholds?: { steps: { value: number | null; color: string }[] } } };
  gridPos?: { x: number; y: number; w: number; h: number };
}

const generated = readTree(join(REPO, "generated")).filter((f) => f.path.startsWith("dashboards/"));
const dashboards = generated.map((f) => ({ path: f.path, model: JSON.parse(f.content) as { panels: Panel[]; annotations: { list: { expr?: string }[] } } }));
const panelsOf = (d: (typeof dashboards)[number]) => d.model.panels.filter((p) => p.type !== "row");

describe.each(dashboards)("generated/$path", ({ model }) => {
  let v: DashboardValidators;
  beforeAll(() => {
    v = dashboardValidators();
  });

  it("validates against the Grafana dashboard schema", () => {
    expect(v.dashboard(model), JSON.stringify(v.dashboard.errors, null, 1)).toBe(true);
  });

  it("has panel options, field config and queries valid for each panel type", () => {
    for (const p of panelsOf({ path: "", model })) {
      const options = v.options(p.type);
      expect(options, `no schema for panel type ${p.type}`).toBeDefined();
      expect(options!(p.options ?? {}), `${p.title}: ${JSON.stringify(options!.errors)}`).toBe(true);
      const custom = v.fieldConfig(p.type);
      if (custom && p.fieldConfig?.defaults?.custom !== undefined) {
        expect(custom(p.fieldConfig.defaults.custom), `${p.title}: ${JSON.stringify(custom.errors)}`).toBe(true);
      }
      for (const t of p.targets ?? []) expect(v.query(t), `${p.title}: ${JSON.stringify(v.query.errors)}`).toBe(true);
    }
  });

  it("reads every panel's data through the ${datasource} variable", () => {
    for (const p of panelsOf({ path: "", model })) {
      if (p.type === "text") continue;
      expect(p.datasource?.uid, p.title).toBe("${datasource}");
      for (const t of p.targets ?? []) expect(t.datasource?.uid, p.title).toBe("${datasource}");
    }
  });

  it("has unique panel ids and no overlapping grid positions", () => {
    const ids = model.panels.map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
    const cells = new Set<string>();
    for (const p of model.panels) {
      const g = p.gridPos!;
      expect(g.x + g.w).toBeLessThanOrEqual(24);
      for (let x = g.x; x < g.x + g.w; x++)
        for (let y = g.y; y < g.y + g.h; y++) {
          expect(cells.has(`${x},${y}`), `${p.title} overlaps at ${x},${y}`).toBe(false);
          cells.add(`${x},${y}`);
        }
    }
  });

  it("has queries that parse as PromQL", () => {
    const exprs = [...panelsOf({ path: "", model }).flatMap((p) => (p.targets ?? []).map((t) => t.expr)), ...model.annotations.list.map((a) => a.expr!)];
    expect(exprs.length).toBeGreaterThan(10);
    for (const e of exprs) expect(promqlSyntaxErrors(e), e).toEqual([]);
  });
});

describe("promtool parses every dashboard query", () => {
  it("accepts all queries of all dashboards as recording-rule expressions", () => {
    const dir = scratch();
    const exprs = dashboards.flatMap((d) => panelsOf(d).flatMap((p) => (p.targets ?? []).map((t) => t.expr)));
    const yaml = ["groups:", "  - name: dashboard-queries", "    rules:"];
    exprs.forEach((e, i) => yaml.push(`      - record: q_${i}`, `        expr: ${JSON.stringify(e)}`));
    const file = join(dir, "queries.yml");
    writeFileSync(file, `${yaml.join("\n")}\n`);
    const out = execFileSync(tool("promtool"), ["check", "rules", file], { encoding: "utf8" });
    expect(out).toContain(`SUCCESS: ${exprs.length} rules found`);
  });
});

describe("the spec's panels for baseline-vs-enhanced", () => {
  let exp: Sourced;
  let panels: Panel[];
  beforeAll(async () => {
    const loaded = await loadExperiments("experiments", REPO);
    exp = loaded.experiments.find((e) => e.experiment.id === "baseline-vs-enhanced")!;
    panels = (compileDashboard(exp.experiment) as unknown as { panels: Panel[] }).panels;
  });
  const byId = (id: number) => panels.find((p) => p.id === id)!;
  const scoped = (name: string) => `${name}{experiment="baseline-vs-enhanced"}`;

  it("Traffic Distribution is a pie of the recorded per-arm request rates", () => {
    const p = byId(PANEL_IDS.trafficDistribution);
    expect(p).toMatchObject({ type: "piechart", title: "Traffic Distribution" });
    expect(p.targets![0]!.expr).toBe(scoped(RECORD.requestsRate5m));
  });

  it("Model Accuracy Comparison is a stat, red below 70, yellow from 70, green from 80", () => {
    const p = byId(PANEL_IDS.modelAccuracy);
    expect(p.type).toBe("stat");
    expect(p.targets![0]!.expr).toBe(scoped(RECORD.accuracy));
    expect(p.fieldConfig!.defaults!.thresholds!.steps).toEqual([
      { value: null, color: "red" },
      { value: 70, color: "yellow" },
      { value: 80, color: "green" },
    ]);
  });

  it("Response Time Distribution shows the recorded p50, p95 and p99 per arm", () => {
    const p = byId(PANEL_IDS.responseTime);
    expect(p.targets!.map((t) => t.expr)).toEqual([RECORD.latencyP50, RECORD.latencyP95, RECORD.latencyP99].map(scoped));
    expect(p.targets!.map((t) => t.legendFormat)).toEqual(["{{model_name}} p50", "{{model_name}} p95", "{{model_name}} p99"]);
  });

  it("Request Rate Over Time splits success and error per arm", () => {
    const p = byId(PANEL_IDS.requestRate);
    expect(p.targets!.map((t) => t.legendFormat)).toEqual(["{{model_name}} success", "{{model_name}} error"]);
    expect(p.targets![1]!.expr).toBe(scoped(RECORD.errorsRate5m));
  });

  it("Business Impact Summary shows net value, revenue lift and cost impact", () => {
    const p = byId(PANEL_IDS.businessImpact);
    expect(p.targets!.map((t) => t.expr)).toEqual(
      [RECORD.businessNet, RECORD.businessRevenueLift, RECORD.businessCostImpact, RECORD.businessRiskReduction].map(scoped),
    );
  });

  it("the forecast panel shows the recorded daily revenue forecast in the experiment's currency", () => {
    const p = byId(PANEL_IDS.businessForecast);
    expect(p.targets![0]!.expr).toBe(scoped(RECORD.revenueForecast));
    expect(p.fieldConfig!.defaults!.unit).toBe("currencyUSD");
  });
});

describe("the three-arm example", () => {
  it("compares each treatment with the control through normalised recorded series", async () => {
    const loaded = await loadExperiments("experiments", REPO);
    const exp = loaded.experiments.find((e) => e.experiment.id === "search-ranking-three-way")!;
    const model = compileDashboard(exp.experiment) as unknown as { panels: Panel[] };
    const diff = model.panels.find((p) => p.id === PANEL_IDS.accuracyDifference)!;
    expect(diff.targets!.map((t) => t.legendFormat)).toEqual(["{{model_name}} − bm25"]);
    const all = JSON.stringify(model);
    expect(all).toContain('experiment=\\"search-ranking-three-way\\"');
    // The service's own names stay in the rules; the dashboard reads only recorded series.
    expect(all).not.toContain("search_ranker_");
    expect(all).not.toContain("variant");
    // No business metric: the business impact panel is left out.
    expect(model.panels.some((p) => p.id === PANEL_IDS.businessImpact)).toBe(false);
  });
});

describe("numbers computed for a dashboard", () => {
  it("carry no float noise (0.07 * 100 is 7.000000000000001 in float64)", async () => {
    const { ExperimentSchema } = await import("../../src/model/schema.ts");
    const { emitDashboard } = await import("../../src/emit/dashboard.ts");
    const exp = ExperimentSchema.parse({
      id: "floats",
      title: "Floats",
      owner: { team: "ml" },
      arms: [
        { name: "a", weight: 0.7, control: true },
        { name: "b", weight: 0.1 },
        { name: "c", weight: 0.2 },
      ],
      splitTolerance: 0.07,
      thresholds: { errorRatio: 0.07, confidence: 0.29, drift: 0.57 },
      business: { dailyRequests: 3, revenuePerPrediction: 0.1, components: { revenueLift: 0.1, costImpact: 0.2, riskReduction: 0.7 } },
    });
    const text = emitDashboard(compileDashboard(exp), "x");
    expect(text).not.toMatch(/\d\.\d*(?:0{9,}[1-9]|9{9,}\d)/);
    expect(text).toContain('"value": 7');
  });
});

describe("the sequential tests' panels", () => {
  it("draw each statistic against the boundary that fires its alert, never a z-score", async () => {
    const loaded = await loadExperiments("experiments", REPO);
    for (const { experiment: exp } of loaded.experiments) {
      const model = compileDashboard(exp) as unknown as { panels: Panel[] };
      const srm = model.panels.find((p) => p.id === PANEL_IDS.sampleRatioMismatch)!;
      const [chi2, boundary] = srm.targets!.map((t) => t.expr);
      expect(chi2).toBe(`${RECORD.srmCumulative}{experiment="${exp.id}", statistic="chi2"}`);
      // The boundary (1 + N tau^2) / (N tau^2) (2 ln(1/alpha) + d ln(1 + N tau^2)) over the recorded request count.
      expect(boundary).toContain(`${RECORD.srmCumulative}{experiment="${exp.id}", statistic="requests"}`);
      expect(boundary).toContain(`${num(2 * Math.log(1 / exp.thresholds.alpha))} + ${exp.arms.length - 1} * ln(1 + 0.0025 *`);
      const acc = model.panels.find((p) => p.id === PANEL_IDS.accuracySequential)!;
      expect(acc.targets!.map((t) => t.legendFormat)).toEqual(["{{model_name}} − " + exp.arms.find((a) => a.control)!.name, "{{model_name}} lower", "{{model_name}} upper"]);
      expect(acc.targets![2]!.expr).toContain(`${RECORD.accuracyDifferenceCumulative}{experiment="${exp.id}", statistic="variance"}`);
      expect(JSON.stringify(model)).not.toMatch(/ztest|z-score/);
    }
  });
});
