// What would change in the output directory: a cheap list for writing, unified diffs a reviewer
// can read in CI logs for --check.
import type { OutputFile } from "../emit/index.ts";

export interface Change {
  path: string;
  kind: "added" | "changed" | "removed";
  before: string | undefined;
  after: string | undefined;
}

export function changes(current: readonly OutputFile[], wanted: readonly OutputFile[]): Change[] {
  const before = new Map(current.map((f) => [f.path, f.content]));
  const after = new Map(wanted.map((f) => [f.path, f.content]));
  const paths = [...new Set([...before.keys(), ...after.keys()])].sort();
  const out: Change[] = [];
  for (const path of paths) {
    const a = before.get(path);
    const b = after.get(path);
    if (a === b) continue;
    out.push({ path, kind: a === undefined ? "added" : b === undefined ? "removed" : "changed", before: a, after: b });
  }
  return out;
}

/** `git diff`-style patch of one change; the diff library is loaded only when a patch is asked for. */
export async function unifiedDiff(change: Change, root: string): Promise<string> {
  const { createTwoFilesPatch } = await import("diff");
  const name = `${root}/${change.path}`;
  const patch = createTwoFilesPatch(
    change.before === undefined ? "/dev/null" : `a/${name}`,
    change.after === undefined ? "/dev/null" : `b/${name}`,
    change.before ?? "",
    change.after ?? "",
    undefined,
    undefined,
    { context: 3 },
  );
  // Drop jsdiff's "Index:" and "====" preamble so the output reads like `git diff`.
  return patch.replace(/^(?:Index: .*\n)?={10,}\n/, "");
}
