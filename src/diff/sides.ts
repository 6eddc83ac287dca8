// The two sides of `abwatch diff`: experiments compiled from the working tree or from a git ref,
// or a generated tree read from disk. Problems (experiments that do not load, files that do not
// parse, an unknown ref) are returned for the CLI to print; temporary folders are always removed.
import { existsSync, statSync } from "node:fs";
import { resolve } from "node:path";
import { displayPath } from "../load/files.ts";
import { loadExperiments } from "../load/index.ts";
import type { Problem } from "../model/problem.ts";
import { checkoutExperiments } from "./checkout.ts";
import { compiledPair, type CompiledSide } from "./from-compiled.ts";
import { snapshotFromTree } from "./from-tree.ts";
import { GitError } from "./git.ts";
import type { Snapshot } from "./snapshot.ts";

export type Side = { kind: "worktree" } | { kind: "git"; ref: string } | { kind: "tree"; dir: string };

export type LoadedSide = ({ kind: "compiled" } & CompiledSide) | { kind: "tree"; snapshot: Snapshot };

export interface SideResult {
  /** Undefined when the side could not be read. */
  side?: LoadedSide;
  /** Errors and warnings. */
  problems: Problem[];
}

function problem(file: string, message: string): Problem {
  return { check: "diff/input", severity: "error", file, message };
}

async function compiled(label: string, experiments: string, cwd: string, shownAs: (file: string) => string): Promise<SideResult> {
  const { experiments: sourced, problems } = await loadExperiments(experiments, cwd);
  const shown = problems.map((p) => ({ ...p, file: shownAs(p.file) }));
  if (shown.some((p) => p.severity === "error")) return { problems: shown };
  const experimentsDir = `${displayPath(resolve(cwd, experiments), cwd)}/`;
  return { side: { kind: "compiled", label, sourced, experimentsDir }, problems: shown };
}

export async function loadSide(side: Side, experiments: string, cwd: string): Promise<SideResult> {
  if (side.kind === "worktree") return compiled("working tree", experiments, cwd, (f) => f);
  if (side.kind === "tree") {
    const dir = resolve(cwd, side.dir);
    const shown = displayPath(dir, cwd);
    if (!existsSync(dir) || !statSync(dir).isDirectory()) return { problems: [problem(shown, "generated folder not found")] };
    const { snapshot, problems } = snapshotFromTree(shown, dir, shown);
    return { side: { kind: "tree", snapshot }, problems };
  }
  let checkout;
  try {
    checkout = await checkoutExperiments(side.ref, cwd, experiments);
  } catch (e) {
    if (e instanceof GitError) return { problems: [problem(`${side.ref}:${experiments}`, e.message)] };
    throw e;
  }
  try {
    // A ref before abwatch was set up has no experiments: everything at the head is new.
    if (!checkout.found) return { side: { kind: "compiled", label: side.ref, sourced: [], experimentsDir: `${experiments}/` }, problems: [] };
    // Files are named `<ref>:<path>`, as git names them.
    return await compiled(side.ref, experiments, checkout.cwd, (f) => `${side.ref}:${f}`);
  } finally {
    checkout.remove();
  }
}

/** The snapshots to diff: two trees as read, or two compiled sides compiling only what differs. */
export function snapshots(base: LoadedSide, head: LoadedSide): [Snapshot, Snapshot] {
  if (base.kind === "compiled" && head.kind === "compiled") return compiledPair(base, head);
  if (base.kind === "tree" && head.kind === "tree") return [base.snapshot, head.snapshot];
  throw new Error("diff compares two compiled sides or two generated trees, not one of each");
}
