// Which files a run validates and what kind each one is.
import { readdirSync, statSync } from "node:fs";
import { extname, join } from "node:path";
import type { FileKind } from "./checks/types.ts";

/** Every kind of file `validate` knows, for `--kind`. */
export const FILE_KINDS = ["rules", "tests", "alertmanager", "dashboard"] as const satisfies readonly FileKind[];

/** A path that cannot be read: a usage error (exit 2), not a validation failure. */
export class PathError extends Error {}

/** An option the run cannot honour (an unknown check name): a usage error too. */
export class OptionError extends Error {}

const VALIDATED_EXTENSIONS = new Set([".yml", ".yaml", ".json"]);

/**
 * Expands the arguments: files as given, directories walked (sorted, skipping dot-files and
 * node_modules) for .yml, .yaml and .json files.
 */
export function expandPaths(inputs: readonly string[], resolvePath: (p: string) => string): { file: string; explicit: boolean }[] {
  const out: { file: string; explicit: boolean }[] = [];
  const walk = (dir: string, depth: number) => {
    if (depth > 20) return;
    const entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      if (e.name.startsWith(".") || e.name === "node_modules") continue;
      const full = join(dir, e.name);
      if (e.isDirectory()) walk(full, depth + 1);
      else if (VALIDATED_EXTENSIONS.has(extname(e.name).toLowerCase())) out.push({ file: full, explicit: false });
    }
  };
  for (const input of inputs) {
    const abs = resolvePath(input);
    let st;
    try {
      st = statSync(abs);
    } catch {
      throw new PathError(`cannot read ${input}: no such file or directory`);
    }
    if (st.isDirectory()) walk(abs, 0);
    else out.push({ file: abs, explicit: true });
  }
  const seen = new Set<string>();
  return out.filter((f) => !seen.has(f.file) && seen.add(f.file));
}

const TOP_KEY = /^["']?([A-Za-z_]+)["']?\s*:/gm;
const TEST_KEYS = new Set(["rule_files", "tests", "evaluation_interval", "group_eval_order"]);
const ALERTMANAGER_KEYS = new Set(["route", "receivers", "global", "inhibit_rules", "templates", "time_intervals", "mute_time_intervals"]);

/**
 * Decides what a file is from its top-level keys: `groups` is a rule file, `rule_files`/`tests`
 * a promtool test file, `route`/`receivers` an Alertmanager config; JSON is a dashboard. YAML
 * that says nothing else is a rule file, as promtool would read it.
 */
export function detectKind(path: string, text: string): FileKind {
  return detectKnownKind(path, text) ?? (extname(path).toLowerCase() === ".json" ? "dashboard" : "rules");
}

/**
 * The kind of a file found while walking a directory, or undefined for JSON that is not a
 * dashboard (package.json, tsconfig.json), which the walk skips. YAML that is none of the other
 * kinds is still read as a rule file: a rule file with a misspelt `groups:` must not be skipped.
 */
export function detectKnownKind(path: string, text: string): FileKind | undefined {
  if (extname(path).toLowerCase() === ".json") return /"panels"\s*:|"schemaVersion"\s*:/.test(text) ? "dashboard" : undefined;
  const keys = new Set<string>();
  for (const m of text.matchAll(TOP_KEY)) {
    // `groups` decides alone, and a rule file says it first: no need to scan a large file's lines.
    if (m[1] === "groups") return "rules";
    keys.add(m[1]!);
  }
  if ([...keys].some((k) => TEST_KEYS.has(k))) return "tests";
  if ([...keys].some((k) => ALERTMANAGER_KEYS.has(k))) return "alertmanager";
  return "rules";
}
