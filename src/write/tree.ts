// Reads an output directory into {path, content} pairs, the same shape emit produces.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { OutputFile } from "../emit/index.ts";

export function readTree(dir: string): OutputFile[] {
  if (!existsSync(dir)) return [];
  const out: OutputFile[] = [];
  const walk = (rel: string) => {
    for (const entry of readdirSync(join(dir, rel), { withFileTypes: true })) {
      const path = rel === "" ? entry.name : `${rel}/${entry.name}`;
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile()) out.push({ path, content: readFileSync(join(dir, path), "utf8") });
    }
  };
  walk("");
  return out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
