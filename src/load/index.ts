// Reads experiments/*.ts into validated Experiments, collecting every problem of every file.
import { resolve } from "node:path";
import { crossExperimentProblems, type Sourced } from "../model/cross.ts";
import { fallbackMessage, issuesToProblems } from "../model/issues.ts";
import type { Problem } from "../model/problem.ts";
import { ExperimentSchema } from "../model/schema.ts";
import { evaluateFiles } from "./bundle.ts";
import { displayPath, experimentsDirProblem, findExperimentFiles } from "./files.ts";

export interface LoadResult {
  experiments: Sourced[];
  problems: Problem[];
}

function errorText(e: unknown): string {
  if (e instanceof Error) return `${e.name}: ${e.message.split("\n")[0]}`;
  return String(e);
}

export async function loadExperiments(dir: string, cwd: string = process.cwd()): Promise<LoadResult> {
  const absDir = resolve(cwd, dir);
  const shown = displayPath(absDir, cwd);
  const unusable = experimentsDirProblem(absDir);
  if (unusable !== undefined) {
    return { experiments: [], problems: [{ check: "load/directory", severity: "error", file: shown, message: unusable }] };
  }
  const files = findExperimentFiles(absDir);
  if (files.length === 0) {
    return {
      experiments: [],
      problems: [{ check: "load/directory", severity: "error", file: shown, message: `no experiment files (*.ts) found in ${absDir}` }],
    };
  }
  const { evaluated, compileErrors } = await evaluateFiles(files, cwd);
  const problems: Problem[] = compileErrors.map(({ file, message: m }) => {
    const loc = m.location ? `${m.location.file}:${m.location.line}:${m.location.column + 1}: ` : "";
    return {
      check: "load/syntax",
      severity: "error" as const,
      file: displayPath(file, cwd),
      message: `cannot compile: ${loc}${m.text}`,
    };
  });
  const loaded: Sourced[] = [];
  for (const result of evaluated) {
    const file = displayPath(result.file, cwd);
    if (!result.ok) {
      problems.push({ check: "load/import", severity: "error", file, message: `importing the file threw ${errorText(result.error)}` });
      continue;
    }
    if (!("default" in result.exports) || result.exports.default === undefined) {
      problems.push({
        check: "load/default-export",
        severity: "error",
        file,
        message: "expected a default export: export default defineExperiment({ ... })",
      });
      continue;
    }
    const value = result.exports.default;
    if (typeof value !== "object" || value === null || Array.isArray(value)) {
      problems.push({
        check: "load/default-export",
        severity: "error",
        file,
        message: `expected the default export to be an experiment object, got ${Array.isArray(value) ? "an array" : typeof value}`,
      });
      continue;
    }
    const parsed = ExperimentSchema.safeParse(value, { reportInput: true, error: fallbackMessage });
    if (!parsed.success) {
      problems.push(...issuesToProblems(ExperimentSchema, parsed.error.issues, file));
      continue;
    }
    loaded.push({ file, experiment: parsed.data });
  }
  problems.push(...crossExperimentProblems(loaded));
  const order = (p: Problem) => p.file;
  problems.sort((a, b) => (order(a) < order(b) ? -1 : order(a) > order(b) ? 1 : 0));
  return { experiments: loaded, problems };
}
