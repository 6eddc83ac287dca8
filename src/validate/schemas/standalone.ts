// The vendored schemas, precompiled by ajv into standalone modules (`*.validate.mjs` beside them),
// so that a run does not pay for loading ajv and compiling schemas: ~70 ms for the rules schema,
// ~350 ms for the dashboard, Alertmanager and test-file schemas of `validate generated/`.
// test/validate/kinds.test.ts ("the precompiled schemas") regenerates every module and fails when a
// committed one is stale; `npx tsx src/validate/schemas/standalone.ts` rewrites them.
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { PANEL_SCHEMAS, panelExport } from "./standalone-names.ts";

export const STANDALONE_RULES = new URL("./prometheus/rules.validate.mjs", import.meta.url);

interface ModuleSpec {
  /** Where the module is written, beside this file. */
  file: string;
  source: string;
  /** Schemas to register: key, file. */
  schemas: [string, string][];
  /** Export name -> schema key or `key#/definitions/X`. */
  exports: () => Record<string, string>;
}

const readJson = (relative: string) => JSON.parse(readFileSync(new URL(relative, import.meta.url), "utf8")) as { definitions?: Record<string, unknown> };

export const MODULES: readonly ModuleSpec[] = [
  {
    file: "prometheus/tests.validate.mjs",
    source: "prometheus/prometheus.rules.test.json (SchemaStore, Apache-2.0)",
    schemas: [["tests", "prometheus/prometheus.rules.test.json"]],
    exports: () => ({ tests: "tests" }),
  },
  {
    file: "prometheus/alertmanager.validate.mjs",
    source: "prometheus/prometheus-alertmanager.json (SchemaStore, Apache-2.0)",
    schemas: [["alertmanager", "prometheus/prometheus-alertmanager.json"]],
    exports: () => ({ alertmanager: "alertmanager" }),
  },
  {
    file: "grafana/dashboard.validate.mjs",
    source: "grafana/*.jsonschema.json (grafana-foundation-sdk, Apache-2.0)",
    schemas: [
      ["dashboard", "grafana/dashboard.jsonschema.json"],
      ["dataquery", "grafana/prometheus.jsonschema.json"],
      ...[...new Set(Object.values(PANEL_SCHEMAS))].map((f): [string, string] => [`panel_${f}`, `grafana/${f}.jsonschema.json`]),
    ],
    exports: () => {
      const out: Record<string, string> = { dashboard: "dashboard", Panel: "dashboard#/definitions/Panel", RowPanel: "dashboard#/definitions/RowPanel", dataquery: "dataquery" };
      for (const f of new Set(Object.values(PANEL_SCHEMAS))) {
        const defs = readJson(`grafana/${f}.jsonschema.json`).definitions ?? {};
        for (const part of ["Options", "FieldConfig"] as const) if (defs[part] !== undefined) out[panelExport(f, part)] = `panel_${f}#/definitions/${part}`;
      }
      return out;
    },
  },
];

/** Imports for the runtime helpers ajv's standalone code requires. */
const HELPERS: [string, string, string][] = [
  ['require("ajv/dist/runtime/ucs2length").default', "(ucs2length.default ?? ucs2length)", 'import ucs2length from "ajv/dist/runtime/ucs2length.js";'],
  ['require("ajv-formats/dist/formats")', "(ajvFormats.default ?? ajvFormats)", 'import ajvFormats from "ajv-formats/dist/formats.js";'],
];

function esm(code: string, header: string, what: string): string {
  let body = code.replace('"use strict";', "");
  const imports: string[] = [];
  for (const [from, to, imp] of HELPERS) {
    if (!body.includes(from)) continue;
    body = body.replaceAll(from, to);
    imports.push(imp);
  }
  if (body.includes("require(")) throw new Error(`the standalone ${what} validator needs a runtime helper this generator does not import`);
  return `${header}${imports.join("\n")}\n${body.trimStart()}`;
}

async function ajvFor(opts: object): Promise<{ ajv: object; standalone: (a: object, v: unknown) => string }> {
  const [{ default: ajvModule, _ }, { default: standalone }, { default: addFormats }] = await Promise.all([
    import("ajv"),
    import("ajv/dist/standalone/index.js"),
    import("ajv-formats"),
  ]);
  const Ajv = ajvModule as unknown as new (opts: object) => object;
  // The same options as the validators compiled at run time used (schemas/index.ts before this).
  const ajv = new Ajv({ strict: false, allErrors: true, validateSchema: false, code: { source: true, esm: true, lines: true, formats: _`require("ajv-formats/dist/formats").fullFormats` }, ...opts });
  (addFormats as unknown as (a: object) => void)(ajv);
  return { ajv, standalone: standalone as unknown as (a: object, v: unknown) => string };
}

/** ajv's standalone ESM code for the rules schema, with its one runtime helper imported. */
export async function standaloneRulesCode(): Promise<string> {
  const [{ default: ajvModule }, { default: standalone }] = await Promise.all([import("ajv"), import("ajv/dist/standalone/index.js")]);
  const Ajv = ajvModule as unknown as new (opts: object) => object;
  const ajv = new Ajv({ strict: false, allErrors: true, validateSchema: false, code: { source: true, esm: true, lines: true } });
  const schema = readJson("./prometheus/prometheus.rules.json") as object;
  const validate = (ajv as { compile(s: object): unknown }).compile(schema);
  const code = (standalone as unknown as (a: object, v: unknown) => string)(ajv, validate);
  const header = "// generated by src/validate/schemas/standalone.ts from prometheus/prometheus.rules.json with ajv\n// (standalone code, SchemaStore schema, Apache-2.0) - do not edit\n";
  return esm(code, header, "rules");
}

/** ajv's standalone ESM code of one module: its exports are the validators MODULES names. */
export async function standaloneModuleCode(spec: ModuleSpec): Promise<string> {
  // verbose: errors carry their schema, so an unknown key can be matched against the known ones.
  const { ajv, standalone } = await ajvFor({ verbose: true });
  const a = ajv as { addSchema(s: object, key: string, meta?: undefined, validate?: boolean): unknown };
  for (const [key, file] of spec.schemas) a.addSchema(readJson(file), key, undefined, false);
  const code = standalone(ajv, spec.exports());
  return esm(code, `// generated by src/validate/schemas/standalone.ts from ${spec.source} with ajv - do not edit\n`, spec.file);
}

export const moduleUrl = (spec: ModuleSpec) => new URL(`./${spec.file}`, import.meta.url);
export const typesUrl = (spec: ModuleSpec) => new URL(`./${spec.file.replace(/\.mjs$/, ".d.mts")}`, import.meta.url);

/** The declaration file of a module: one ValidateFunction per export. */
export function standaloneModuleTypes(spec: ModuleSpec): string {
  const lines = Object.keys(spec.exports()).map((name) => `export declare const ${name}: ValidateFunction;`);
  return `// generated by src/validate/schemas/standalone.ts: types of the validators beside this file - do not edit\nimport type { ValidateFunction } from "ajv";\n\n${lines.join("\n")}\n`;
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  writeFileSync(STANDALONE_RULES, await standaloneRulesCode());
  for (const spec of MODULES) {
    writeFileSync(moduleUrl(spec), await standaloneModuleCode(spec));
    writeFileSync(typesUrl(spec), standaloneModuleTypes(spec));
  }
}
