// contract/metrics: in files abwatch generated, every metric a rule or a dashboard query reads
// must be one the experiment's metric contract provides (histograms as _bucket, _sum, _count),
// one a rule file records, or one Prometheus makes itself (ALERTS, up). Otherwise the panel or
// alert silently shows nothing. Hand-written files are not checked.
import { exprIndex, metricName, type Expr } from "../promql/ast.ts";
import { problem, type ValidationProblem } from "../problem.ts";
import type { DashboardModel } from "../kinds/dashboard.ts";
import { type RuleFileModel, ruleAddress } from "../kinds/rules.ts";
import { defineCheck, type CheckContext } from "./types.ts";

/** Series Prometheus itself writes. */
export const BUILTIN_SERIES: ReadonlySet<string> = new Set([
  "ALERTS",
  "ALERTS_FOR_STATE",
  "up",
  "scrape_duration_seconds",
  "scrape_samples_scraped",
  "scrape_samples_post_metric_relabeling",
  "scrape_series_added",
]);

function unknownMetrics(expr: Expr, ctx: CheckContext): { name: string; from: number }[] {
  const out: { name: string; from: number }[] = [];
  const { selectors } = exprIndex(expr);
  for (let i = 0; i < selectors.length; i++) {
    const e = selectors[i]!;
    const name = metricName(e);
    if (name === undefined || BUILTIN_SERIES.has(name) || ctx.recordingRules.has(name) || ctx.contract?.metrics.has(name)) continue;
    out.push({ name, from: e.from });
  }
  return out;
}

function message(name: string, ctx: CheckContext): string {
  const c = ctx.contract!;
  return `metric ${JSON.stringify(name)} is neither in the metric contract of experiment ${JSON.stringify(c.experimentId)} (${c.source}) nor recorded by a rule`;
}

function unavailable(file: string, ctx: CheckContext, check: string): ValidationProblem[] {
  return ctx.contractUnavailable === undefined ? [] : [problem(check, "warning", file, `contract not checked: ${ctx.contractUnavailable}`)];
}

export const contractMetricsRules = defineCheck<RuleFileModel>({
  name: "contract/metrics",
  kind: "rules",
  severity: "error",
  class: "bug",
  summary: "generated rule or dashboard reads a metric neither the experiment's contract nor a recording rule provides",
  run(model, ctx) {
    if (model.generatedFrom === undefined) return [];
    if (ctx.contract === undefined) return unavailable(model.file, ctx, this.name);
    const out: ValidationProblem[] = [];
    for (let ri = 0; ri < model.rules.length; ri++) {
      const r = model.rules[ri]!;
      if (r.expr === undefined) continue;
      for (const m of unknownMetrics(r.expr, ctx)) {
        out.push(problem(this.name, this.severity, model.file, message(m.name, ctx), { ...ruleAddress(r), ...model.ctx.positionIn(r.rule.expr!, m.from) }));
      }
    }
    return out;
  },
});

export const contractMetricsDashboard = defineCheck<DashboardModel>({
  name: "contract/metrics",
  kind: "dashboard",
  severity: "error",
  class: "bug",
  summary: "generated rule or dashboard reads a metric neither the experiment's contract nor a recording rule provides",
  run(model, ctx) {
    if (model.generatedFrom === undefined) return [];
    if (ctx.contract === undefined) return unavailable(model.file, ctx, this.name);
    const out: ValidationProblem[] = [];
    for (const q of model.queries) {
      if (q.parsed === undefined) continue;
      for (const m of unknownMetrics(q.parsed, ctx)) {
        out.push(problem(this.name, this.severity, model.file, message(m.name, ctx), { path: q.path, ...model.locate(q.path, m.from) }));
      }
    }
    return out;
  },
});
