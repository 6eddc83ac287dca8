// The files of an output directory: their paths (cheap) or their contents.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { OutputFile } from "../emit/index.ts";

/** Relative paths with forward slashes, sorted. */
export function listTree(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  const walk = (rel: string) => {
    for (const entry of readdirSync(join(dir, rel), { withFileTypes: true })) {
      const path = rel === "" ? entry.name : `${rel}/${entry.name}`;
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile()) out.push(path);
    }
  };
  walk("");
  return out.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

export function readTree(dir: string): OutputFile[] {
  return listTree(dir).map((path) => ({ path, content: readFileSync(join(dir, path), "utf8") }));
}
