// A problem is data: who found it, where, and what is expected. Only the CLI prints problems.
export type Severity = "error" | "warning";

export interface Problem {
  /** The check that found it, `area/thing` (e.g. `model/schema`, `load/import`). */
  check: string;
  severity: Severity;
  /** Path of the offending file, relative to the working directory. */
  file: string;
  /** Field path inside the file's experiment, like ["arms", 1, "weight"]. */
  path?: readonly PropertyKey[];
  message: string;
}

/** Renders `arms[1].weight` from ["arms", 1, "weight"]. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const key of path) {
    if (typeof key === "number") out += `[${key}]`;
    else out += out === "" ? String(key) : `.${String(key)}`;
  }
  return out;
}

/** `experiments/a.ts: arms[1].weight: expected ... (model/schema)` */
export function formatProblem(p: Problem): string {
  const where = p.path && p.path.length > 0 ? `${p.file}: ${formatPath(p.path)}` : p.file;
  const prefix = p.severity === "warning" ? "warning: " : "";
  return `${where}: ${prefix}${p.message} (${p.check})`;
}
