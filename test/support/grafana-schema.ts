// ajv validators for Grafana dashboards from the foundation SDK's JSON schemas (vendored in the
// repo beside the validator), set up as the schemas' README prescribes.
import { Ajv, type ValidateFunction } from "ajv";
import addFormatsModule from "ajv-formats";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { REPO } from "./cli.ts";

export const GRAFANA_SCHEMAS = join(REPO, "src/validate/schemas/grafana");

const PANEL_SCHEMA: Record<string, string> = {
  piechart: "piechart",
  stat: "stat",
  text: "text",
  timeseries: "timeseries",
  gauge: "gauge",
  bargauge: "bargauge",
  table: "table",
  heatmap: "heatmap",
  histogram: "histogram",
  "state-timeline": "statetimeline",
};

export interface DashboardValidators {
  dashboard: ValidateFunction;
  query: ValidateFunction;
  options(panelType: string): ValidateFunction | undefined;
  fieldConfig(panelType: string): ValidateFunction | undefined;
}

export function dashboardValidators(): DashboardValidators {
  if (!existsSync(GRAFANA_SCHEMAS)) throw new Error(`Grafana schemas missing at ${GRAFANA_SCHEMAS}`);
  const ajv = new Ajv({ strict: false, allErrors: true });
  // ajv-formats is CommonJS with a `default` export; under NodeNext the callable is on `.default`.
  (addFormatsModule as unknown as { default: (a: Ajv) => void }).default(ajv);
  const load = (name: string) => JSON.parse(readFileSync(join(GRAFANA_SCHEMAS, `${name}.jsonschema.json`), "utf8"));
  // common's ScaleDirection enum fails draft-07 meta-validation; add it without that check.
  ajv.addSchema(load("common"), "common", undefined, false);
  for (const name of new Set([...Object.values(PANEL_SCHEMA), "dashboard", "prometheus"])) ajv.addSchema(load(name), name);
  const get = (ref: string) => ajv.getSchema(ref);
  return {
    dashboard: get("dashboard")!,
    query: get("prometheus#/definitions/Dataquery")!,
    options: (t) => (PANEL_SCHEMA[t] ? get(`${PANEL_SCHEMA[t]}#/definitions/Options`) : undefined),
    fieldConfig: (t) => {
      const name = PANEL_SCHEMA[t];
      if (!name) return undefined;
      const schema = load(name);
      return schema.definitions?.FieldConfig ? get(`${name}#/definitions/FieldConfig`) : undefined;
    },
  };
}
