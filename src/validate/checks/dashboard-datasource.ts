// dashboard/datasource: in dashboards abwatch generated, every panel that queries, and every
// query that names a datasource, uses the `${datasource}` variable, so the dashboard can be
// pointed at another Prometheus without editing panels. Rows and text panels have no query.
import { DATASOURCE_VARIABLE } from "../../model/conventions.ts";
import { problem, type ValidationProblem } from "../problem.ts";
import type { DashboardModel } from "../kinds/dashboard.ts";
import { defineCheck } from "./types.ts";

const ACCEPTED = new Set([`\${${DATASOURCE_VARIABLE}}`, `$${DATASOURCE_VARIABLE}`]);

function uidOf(ds: unknown): string | undefined {
  if (typeof ds === "string") return ds;
  if (typeof ds === "object" && ds !== null && typeof (ds as { uid?: unknown }).uid === "string") return (ds as { uid: string }).uid;
  return undefined;
}

export const dashboardDatasource = defineCheck<DashboardModel>({
  name: "dashboard/datasource",
  kind: "dashboard",
  severity: "error",
  class: "bug",
  summary: "generated panel or query that does not use the ${datasource} variable",
  run(model) {
    if (model.generatedFrom === undefined) return [];
    const out: ValidationProblem[] = [];
    const want = `\${${DATASOURCE_VARIABLE}}`;
    for (const p of model.panels) {
      if (p.type === "row") continue;
      if (p.targets.length > 0 || p.datasource !== undefined) {
        const uid = uidOf(p.datasource);
        if (uid === undefined || !ACCEPTED.has(uid)) {
          const path = [...p.path, "datasource"];
          out.push(problem(this.name, this.severity, model.file, `panel ${JSON.stringify(p.title)} uses datasource ${uid === undefined ? "(none)" : JSON.stringify(uid)}, expected ${JSON.stringify(want)}`, { path, ...model.locate(path) }));
        }
      }
      for (const t of p.targets) {
        if (t.datasource === undefined) continue;
        const uid = uidOf(t.datasource);
        if (uid !== undefined && ACCEPTED.has(uid)) continue;
        const path = [...t.path, "datasource"];
        out.push(problem(this.name, this.severity, model.file, `a query of panel ${JSON.stringify(p.title)} uses datasource ${uid === undefined ? "(none)" : JSON.stringify(uid)}, expected ${JSON.stringify(want)}`, { path, ...model.locate(path) }));
      }
    }
    return out;
  },
});
