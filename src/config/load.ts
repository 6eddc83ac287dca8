// Loads `abwatch.config.ts` from the working directory, if there is one: bundled by esbuild,
// evaluated once, its default export checked. `import { defineConfig } from "abwatch"` is served
// by the running abwatch, as for experiment files. Bad input is a ConfigError naming the file
// and the field (the CLI turns it into exit 2).
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import vm from "node:vm";
import * as publicApi from "../model/define.ts";
import { parseVersion } from "../validate/version.ts";
import { defineConfig, type AbwatchConfig } from "./define.ts";

export const CONFIG_FILE = "abwatch.config.ts";

export class ConfigError extends Error {}

const KNOWN_KEYS = new Set<string>(["prometheusVersion"] satisfies (keyof AbwatchConfig)[]);

/** Checks an evaluated default export; every problem in one message. */
export function checkConfig(value: unknown, file: string): AbwatchConfig {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new ConfigError(`${file}: the default export must be an object (export default defineConfig({ ... }))`);
  }
  const problems: string[] = [];
  for (const key of Object.keys(value)) if (!KNOWN_KEYS.has(key)) problems.push(`unknown field ${JSON.stringify(key)} (known: ${[...KNOWN_KEYS].join(", ")})`);
  const v = (value as Record<string, unknown>).prometheusVersion;
  if (v !== undefined && (typeof v !== "string" || parseVersion(v) === undefined)) {
    problems.push(`prometheusVersion: expected a version like "2.42" or "3.1", got ${JSON.stringify(v)}`);
  }
  if (problems.length > 0) throw new ConfigError(`${file}: ${problems.join("; ")}`);
  return value as AbwatchConfig;
}

/** The config of `cwd`, or undefined when it has no abwatch.config.ts. */
export async function loadConfig(cwd: string): Promise<AbwatchConfig | undefined> {
  const file = join(cwd, CONFIG_FILE);
  if (!existsSync(file)) return undefined;
  const { build } = await import("esbuild");
  let code: string;
  try {
    const out = await build({
      entryPoints: [file],
      absWorkingDir: cwd,
      bundle: true,
      write: false,
      format: "cjs",
      platform: "node",
      target: "node20",
      logLevel: "silent",
      external: ["abwatch"],
      packages: "external",
    });
    code = out.outputFiles[0]!.text;
  } catch (e) {
    const first = (e as { errors?: { text: string; location?: { line: number; column: number } | null }[] }).errors?.[0];
    const where = first?.location ? `:${first.location.line}:${first.location.column + 1}` : "";
    throw new ConfigError(`${CONFIG_FILE}${where}: ${first?.text ?? String(e)}`);
  }
  const module = { exports: {} as Record<string, unknown> };
  const nodeRequire = createRequire(file);
  const api = { ...publicApi, defineConfig };
  const req = Object.assign((id: string) => (id === "abwatch" ? api : nodeRequire(id)), nodeRequire);
  try {
    const fn = vm.runInThisContext(`(function (require, module, exports, __filename, __dirname) {\n${code}\n})`, { filename: file }) as (...args: unknown[]) => void;
    fn(req, module, module.exports, file, cwd);
  } catch (e) {
    throw new ConfigError(`${CONFIG_FILE}: throws when loaded: ${e instanceof Error ? e.message : String(e)}`);
  }
  return checkConfig(module.exports.default, CONFIG_FILE);
}
