// links/placeholder: a link in a generated rule file or dashboard still points at abwatch's
// placeholder — the runbook repository or the Grafana address used when the experiment sets no
// `runbooks.baseUrl` / `grafana.url`. On-call engineers would follow a link to nowhere. The
// placeholders are read from the model's defaults, never typed here.
import { DEFAULT_GRAFANA, DEFAULT_RUNBOOK_BASE_URL } from "../../model/defaults.ts";
import { problem, type ValidationProblem } from "../problem.ts";
import type { DashboardModel } from "../kinds/dashboard.ts";
import { type RuleFileModel, ruleAddress } from "../kinds/rules.ts";
import { defineCheck } from "./types.ts";

/** The placeholder repository of the default runbook URL: its origin and first two path segments. */
function placeholderRepository(): string {
  const u = new URL(DEFAULT_RUNBOOK_BASE_URL);
  const [owner, repo] = u.pathname.split("/").filter((s) => s !== "");
  return `${u.origin}/${owner}/${repo}/`;
}

const PLACEHOLDERS = [
  { prefix: placeholderRepository(), what: "runbook repository", field: "runbooks.baseUrl" },
  { prefix: `${DEFAULT_GRAFANA.url}/`, what: "Grafana address", field: "grafana.url" },
] as const;

/** The placeholder a value starts with, if any. */
export function placeholderIn(value: string): (typeof PLACEHOLDERS)[number] | undefined {
  const v = value.trim();
  return PLACEHOLDERS.find((p) => v.startsWith(p.prefix) || v === p.prefix.slice(0, -1));
}

const message = (where: string, p: (typeof PLACEHOLDERS)[number], source: string) =>
  `${where} points at abwatch's placeholder ${p.what} ${p.prefix}: set ${p.field} in ${source}`;

export const placeholderLinksRules = defineCheck<RuleFileModel>({
  name: "links/placeholder",
  kind: "rules",
  severity: "warning",
  class: "bug",
  summary: "generated rule or dashboard linking to abwatch's placeholder runbook repository or Grafana address (no runbooks.baseUrl / grafana.url set)",
  run(model) {
    if (model.generatedFrom === undefined) return [];
    const out: ValidationProblem[] = [];
    for (let ri = 0; ri < model.rules.length; ri++) {
      const r = model.rules[ri]!;
      for (const a of r.rule.annotations) {
        const p = placeholderIn(a.value);
        if (p === undefined) continue;
        out.push(problem(this.name, this.severity, model.file, message(`annotation ${a.key}`, p, model.generatedFrom), { ...ruleAddress(r), line: a.valueNode.line, column: a.valueNode.column }));
      }
    }
    return out;
  },
});

export const placeholderLinksDashboard = defineCheck<DashboardModel>({
  name: "links/placeholder",
  kind: "dashboard",
  severity: "warning",
  class: "bug",
  summary: placeholderLinksRules.summary,
  run(model) {
    const source = model.generatedFrom;
    if (source === undefined) return [];
    const out: ValidationProblem[] = [];
    const visit = (v: unknown, path: (string | number)[], depth: number) => {
      if (depth > 64) return;
      if (typeof v === "string") {
        const p = placeholderIn(v);
        if (p !== undefined && path[path.length - 1] === "url") out.push(problem(this.name, this.severity, model.file, message("link", p, source), { path, ...model.locate(path) }));
        return;
      }
      if (Array.isArray(v)) v.forEach((x, i) => visit(x, [...path, i], depth + 1));
      else if (typeof v === "object" && v !== null) for (const [k, x] of Object.entries(v)) visit(x, [...path, k], depth + 1);
    };
    visit(model.json, [], 0);
    return out;
  },
});
