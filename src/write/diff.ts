// What would change in the output directory, as unified diffs a reviewer can read in CI logs.
import { readFileSync } from "node:fs";
import { join } from "node:path";

export interface Change {
  path: string;
  kind: "added" | "changed" | "removed";
  /** The new content; undefined for a removed file. */
  after: string | undefined;
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
