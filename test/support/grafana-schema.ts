// Validators for Grafana dashboards from the foundation SDK's JSON schemas (vendored beside the
// validator), built with @cfworker/json-schema: a different JSON-schema implementation from the
// ajv that `abwatch validate` uses, reading the schema files directly, so the dashboard tests are
// an independent check of what generate writes, not a second run of the production code.
import { Validator, type OutputUnit, type Schema } from "@cfworker/json-schema";
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

/** A validator call: true when valid; `errors` holds the last call's errors. */
export type Check = ((data: unknown) => boolean) & { errors: OutputUnit[] };

export interface DashboardValidators {
  dashboard: Check;
  query: Check;
  options(panelType: string): Check | undefined;
  fieldConfig(panelType: string): Check | undefined;
}

function load(name: string): Schema & { definitions?: Record<string, unknown> } {
  return JSON.parse(readFileSync(join(GRAFANA_SCHEMAS, `${name}.jsonschema.json`), "utf8")) as Schema & { definitions?: Record<string, unknown> };
}

/** A check against a schema, or against one of its definitions (the file's other definitions stay reachable). */
function check(schema: Schema, definition?: string): Check {
  const root = definition === undefined ? schema : ({ $schema: schema.$schema, definitions: schema.definitions, $ref: `#/definitions/${definition}` } as Schema);
  const validator = new Validator(root, "7", false);
  const fn = ((data: unknown) => {
    const r = validator.validate(data);
    fn.errors = r.errors;
    return r.valid;
  }) as Check;
  fn.errors = [];
  return fn;
}

export function dashboardValidators(): DashboardValidators {
  if (!existsSync(GRAFANA_SCHEMAS)) throw new Error(`Grafana schemas missing at ${GRAFANA_SCHEMAS}`);
  const cache = new Map<string, Check | undefined>();
  const panelCheck = (panelType: string, definition: "Options" | "FieldConfig") => {
    const name = PANEL_SCHEMA[panelType];
    if (name === undefined) return undefined;
    const key = `${name}#${definition}`;
    if (!cache.has(key)) {
      const schema = load(name);
      cache.set(key, schema.definitions?.[definition] === undefined ? undefined : check(schema, definition));
    }
    return cache.get(key);
  };
  return {
    dashboard: check(load("dashboard")),
    query: check(load("prometheus"), "Dataquery"),
    options: (t) => panelCheck(t, "Options"),
    fieldConfig: (t) => panelCheck(t, "FieldConfig"),
  };
}
