// What would change in the output directory: a cheap list for writing, unified diffs a reviewer
// can read in CI logs for --check. Existing files are read one at a time, never all at once.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { OutputFile } from "../emit/index.ts";
import { listTree } from "./tree.ts";

export interface Change {
  path: string;
  kind: "added" | "changed" | "removed";
  /** The new content; undefined for a removed file. */
  after: string | undefined;
}

export function changes(dir: string, wanted: readonly OutputFile[]): Change[] {
  const existing = new Set(listTree(dir));
  const out: Change[] = [];
  for (const f of wanted) {
    if (!existing.has(f.path)) out.push({ path: f.path, kind: "added", after: f.content });
    else if (readFileSync(join(dir, f.path), "utf8") !== f.content) out.push({ path: f.path, kind: "changed", after: f.content });
    existing.delete(f.path);
  }
  for (const path of existing) out.push({ path, kind: "removed", after: undefined });
  return out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** `git diff`-style patch of one change; the diff library is loaded only when a patch is asked for. */
export async function unifiedDiff(change: Change, dir: string, shownDir: string): Promise<string> {
  const { createTwoFilesPatch } = await import("diff");
  const name = `${shownDir}/${change.path}`;
  const before = change.kind === "added" ? undefined : readFileSync(join(dir, change.path), "utf8");
  const patch = createTwoFilesPatch(
    before === undefined ? "/dev/null" : `a/${name}`,
    change.after === undefined ? "/dev/null" : `b/${name}`,
    before ?? "",
    change.after ?? "",
    undefined,
    undefined,
    { context: 3 },
  );
  // Drop jsdiff's "Index:" and "====" preamble so the output reads like `git diff`.
  return patch.replace(/^(?:Index: .*\n)?={10,}\n/, "");
}
