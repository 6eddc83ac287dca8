// Finds experiment files: every `*.ts` under the directory, sorted for deterministic output.
// Files and folders starting with "_" or "." are helpers shared by experiments, not experiments.
import { accessSync, constants, readdirSync, statSync } from "node:fs";
import { join, relative, sep } from "node:path";

export function findExperimentFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string, depth: number) => {
    if (depth > 20) return; // a symlink loop, not a real layout
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      if (entry.name.startsWith("_") || entry.name.startsWith(".") || entry.name === "node_modules") continue;
      const full = join(d, entry.name);
      if (entry.isDirectory() || (entry.isSymbolicLink() && statSync(full).isDirectory())) walk(full, depth + 1);
      else if (/\.(ts|mts)$/.test(entry.name) && !entry.name.endsWith(".d.ts")) out.push(full);
    }
  };
  walk(dir, 0);
  return out.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** A path as users see it in messages and headers: relative to cwd, with forward slashes. */
export function displayPath(file: string, cwd: string): string {
  const rel = relative(cwd, file);
  if (rel === "") return ".";
  return (rel.startsWith("..") ? file : rel).split(sep).join("/");
}

/** Why `dir` (absolute) cannot be read as the experiments directory, or undefined when it can. */
export function experimentsDirProblem(dir: string): string | undefined {
  let s;
  try {
    s = statSync(dir, { throwIfNoEntry: false });
  } catch {
    s = undefined; // ENOTDIR: a part of the path is a file
  }
  if (s === undefined) {
    return `experiments directory not found: looked at ${dir} (run abwatch from your repository root, or pass --experiments DIR)`;
  }
  if (!s.isDirectory()) return `${dir} is a file, not a directory: pass the directory that holds the experiment files (--experiments DIR)`;
  try {
    accessSync(dir, constants.R_OK | constants.X_OK);
  } catch {
    return `cannot read ${dir}: permission denied`;
  }
  return undefined;
}

/** How many experiment files `dir` holds (0 when it cannot be read): sizes the work before loading it. */
export function countExperimentFiles(dir: string): number {
  try {
    return findExperimentFiles(dir).length;
  } catch {
    return 0;
  }
}
