// What would change in the output directory, as unified diffs a reviewer can read in CI logs.
import { createTwoFilesPatch } from "diff";
import type { OutputFile } from "../emit/index.ts";

export interface Change {
  path: string;
  kind: "added" | "changed" | "removed";
  patch: string;
}

export function diffTrees(current: readonly OutputFile[], wanted: readonly OutputFile[], root: string): Change[] {
  const before = new Map(current.map((f) => [f.path, f.content]));
  const after = new Map(wanted.map((f) => [f.path, f.content]));
  const paths = [...new Set([...before.keys(), ...after.keys()])].sort();
  const changes: Change[] = [];
  for (const path of paths) {
    const a = before.get(path);
    const b = after.get(path);
    if (a === b) continue;
    const name = `${root}/${path}`;
    const kind = a === undefined ? "added" : b === undefined ? "removed" : "changed";
    const patch = createTwoFilesPatch(
      a === undefined ? "/dev/null" : `a/${name}`,
      b === undefined ? "/dev/null" : `b/${name}`,
      a ?? "",
      b ?? "",
      undefined,
      undefined,
      { context: 3 },
    );
    // Drop jsdiff's "Index:" and "====" preamble so the output reads like `git diff`.
    changes.push({ path, kind, patch: patch.replace(/^(?:Index: .*\n)?={10,}\n/, "") });
  }
  return changes;
}
