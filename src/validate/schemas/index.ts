// JSON schemas vendored beside this file (see README.md), precompiled by ajv into standalone
// modules (./standalone.ts) and loaded on first use only: a run over rule files alone loads none
// but the rules module, and no run pays for loading ajv or compiling a schema.
import type { ErrorObject, ValidateFunction } from "ajv";
import { suggestion } from "../../model/suggest.ts";
import { PANEL_SCHEMAS, panelExport } from "./standalone-names.ts";

export type SchemaName = "rules" | "tests" | "alertmanager" | "dashboard" | "dataquery";

type Module = Record<string, ValidateFunction | undefined>;

let dashboardModule: Promise<Module> | undefined;
const dashboards = () => (dashboardModule ??= import("./grafana/dashboard.validate.mjs") as Promise<Module>);

/** The validator of one vendored schema. */
export async function schemaValidator(name: SchemaName): Promise<ValidateFunction> {
  switch (name) {
    case "rules":
      return (await import("./prometheus/rules.validate.mjs")).default;
    case "tests":
      return ((await import("./prometheus/tests.validate.mjs")) as Module).tests!;
    case "alertmanager":
      return ((await import("./prometheus/alertmanager.validate.mjs")) as Module).alertmanager!;
    case "dashboard":
      return (await dashboards()).dashboard!;
    case "dataquery":
      return (await dashboards()).dataquery!;
  }
}

/** The dashboard schema's validator of one panel, `Panel` or `RowPanel` (the two branches of `panels[]`). */
export async function dashboardPanelValidator(definition: "Panel" | "RowPanel"): Promise<ValidateFunction> {
  return (await dashboards())[definition]!;
}

/** The validator of a panel type's `options` or `fieldConfig.defaults.custom`, if it has one. */
export async function panelValidator(panelType: string, part: "Options" | "FieldConfig"): Promise<ValidateFunction | undefined> {
  const file = PANEL_SCHEMAS[panelType];
  return file === undefined ? undefined : (await dashboards())[panelExport(file, part)];
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
