// JSON schemas vendored beside this file (see README.md), compiled with ajv on first use only:
// ajv and the larger schemas cost tens of milliseconds, which a run over rule files alone should
// not pay for dashboards. Recipe per the schemas' README: draft-07, ajv-formats, strict off.
import { readFileSync } from "node:fs";
import type { ErrorObject, ValidateFunction } from "ajv";
import { suggestion } from "../../model/suggest.ts";

export type SchemaName = "rules" | "tests" | "alertmanager" | "dashboard" | "dataquery";

/** Panel types with an options schema (`state-timeline` lives in statetimeline.jsonschema.json). */
const PANEL_SCHEMAS: Record<string, string> = {
  stat: "stat",
  gauge: "gauge",
  bargauge: "bargauge",
  text: "text",
  piechart: "piechart",
  timeseries: "timeseries",
  table: "table",
  heatmap: "heatmap",
  histogram: "histogram",
  "state-timeline": "statetimeline",
};

const FILES: Record<SchemaName, string> = {
  rules: "prometheus/prometheus.rules.json",
  tests: "prometheus/prometheus.rules.test.json",
  alertmanager: "prometheus/prometheus-alertmanager.json",
  dashboard: "grafana/dashboard.jsonschema.json",
  dataquery: "grafana/prometheus.jsonschema.json",
};

interface AjvLike {
  compile(schema: object): ValidateFunction;
  addSchema(schema: object, key: string, _meta?: undefined, validate?: boolean): unknown;
  getSchema(ref: string): ValidateFunction | undefined;
}

let ajvPromise: Promise<AjvLike> | undefined;
const compiled = new Map<string, ValidateFunction>();
const added = new Set<string>();

function readSchema(relative: string): Record<string, unknown> {
  return JSON.parse(readFileSync(new URL(relative, import.meta.url), "utf8")) as Record<string, unknown>;
}

async function ajv(): Promise<AjvLike> {
  ajvPromise ??= (async () => {
    const [ajvModule, formatsModule] = await Promise.all([import("ajv"), import("ajv-formats")]);
    // Both are CommonJS: under Node's ESM loader the default export is module.exports itself.
    const Ajv = ajvModule.default as unknown as new (opts: object) => AjvLike;
    const addFormats = formatsModule.default as unknown as (a: AjvLike) => void;
    // verbose: errors carry their schema, so an unknown key can be matched against the known ones.
    const instance = new Ajv({ strict: false, allErrors: true, validateSchema: false, verbose: true });
    addFormats(instance);
    return instance;
  })();
  return ajvPromise;
}

/** The compiled validator of one vendored schema (cached for the process). */
export async function schemaValidator(name: SchemaName): Promise<ValidateFunction> {
  const hit = compiled.get(name);
  if (hit !== undefined) return hit;
  if (name === "rules") {
    // Precompiled by ajv (./standalone.ts): rule files are the hot path.
    const fn = (await import("./prometheus/rules.validate.mjs")).default;
    compiled.set(name, fn);
    return fn;
  }
  const a = await ajv();
  const schema = readSchema(FILES[name]);
  // The grafana files have a root $ref and no $id: register them under a key so
  // `<key>#/definitions/...` works, then compile the root.
  let fn: ValidateFunction;
  if (name === "dashboard" || name === "dataquery") {
    const key = `abwatch:${name}`;
    if (!added.has(key)) {
      a.addSchema(schema, key, undefined, false);
      added.add(key);
    }
    fn = a.getSchema(key)!;
  } else {
    fn = a.compile(schema);
  }
  compiled.set(name, fn);
  return fn;
}

/** The dashboard schema's validator of one panel, `Panel` or `RowPanel` (the two branches of `panels[]`). */
export async function dashboardPanelValidator(definition: "Panel" | "RowPanel"): Promise<ValidateFunction> {
  await schemaValidator("dashboard");
  const key = `abwatch:dashboard#/definitions/${definition}`;
  const hit = compiled.get(key);
  if (hit !== undefined) return hit;
  const fn = (await ajv()).getSchema(key)!;
  compiled.set(key, fn);
  return fn;
}

/** The validator of a panel type's `options` or `fieldConfig.defaults.custom`, if it has one. */
export async function panelValidator(panelType: string, part: "Options" | "FieldConfig"): Promise<ValidateFunction | undefined> {
  const file = PANEL_SCHEMAS[panelType];
  if (file === undefined) return undefined;
  const key = `abwatch:panel:${file}`;
  const cacheKey = `${key}#${part}`;
  if (compiled.has(cacheKey)) return compiled.get(cacheKey);
  const a = await ajv();
  if (!added.has(key)) {
    const schema = readSchema(`grafana/${file}.jsonschema.json`);
    a.addSchema(schema, key, undefined, false);
    added.add(key);
  }
  const schema = readSchema(`grafana/${file}.jsonschema.json`) as { definitions?: Record<string, unknown> };
  const fn = schema.definitions?.[part] === undefined ? undefined : a.getSchema(`${key}#/definitions/${part}`);
  if (fn !== undefined) compiled.set(cacheKey, fn);
  return fn;
}

/** Turns ajv errors into short messages addressed by instance path (an unknown key: its own path, `key` set). */
export function schemaMessages(errors: readonly ErrorObject[] | null | undefined): { path: string; message: string; key?: boolean }[] {
  if (!errors) return [];
  const out: { path: string; message: string; key?: boolean }[] = [];
  const seen = new Set<string>();
  for (const e of errors) {
    // oneOf/anyOf report every branch; the branch errors are more specific, keep those.
    if (e.keyword === "oneOf" || e.keyword === "anyOf" || e.keyword === "if") continue;
    let message = e.message ?? "is invalid";
    if (e.keyword === "additionalProperties") {
      const key = (e.params as { additionalProperty: string }).additionalProperty;
      const known = Object.keys((e.parentSchema as { properties?: object } | undefined)?.properties ?? {});
      const path = `${e.instancePath}/${key.replace(/~/g, "~0").replace(/\//g, "~1")}`;
      const text = `unknown field ${JSON.stringify(key)}${known.length > 0 ? suggestion(key, known) : ""}`;
      if (!seen.has(`${path}\u0000${text}`)) out.push({ path, message: text, key: true });
      seen.add(`${path}\u0000${text}`);
      continue;
    }
    else if (e.keyword === "enum") message = `${message}: ${(e.params as { allowedValues: unknown[] }).allowedValues.map((v) => JSON.stringify(v)).join(", ")}`;
    const key = `${e.instancePath}\u0000${message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ path: e.instancePath, message });
  }
  return out;
}

/** Splits an ajv instance path (`/groups/0/rules/1`) into keys. */
export function pointerKeys(pointer: string): (string | number)[] {
  if (pointer === "") return [];
  return pointer
    .slice(1)
    .split("/")
    .map((k) => k.replace(/~1/g, "/").replace(/~0/g, "~"))
    .map((k) => (/^\d+$/.test(k) ? Number(k) : k));
}
