// The two sides of `abwatch diff`: experiments compiled from the working tree or from a git ref,
// or a generated tree read from disk. Problems (experiments that do not load, files that do not
// parse, an unknown ref) are returned for the CLI to print; temporary folders are always removed.
import { resolve } from "node:path";
import { displayPath } from "../load/files.ts";
import { loadExperiments } from "../load/index.ts";
import type { Problem } from "../model/problem.ts";
import { checkoutExperiments } from "./checkout.ts";
import { snapshotFromExperiments } from "./from-compiled.ts";
import { snapshotFromTree } from "./from-tree.ts";
import { GitError } from "./git.ts";
import type { Snapshot } from "./snapshot.ts";
import { existsSync, statSync } from "node:fs";

export type Side = { kind: "worktree" } | { kind: "git"; ref: string } | { kind: "tree"; dir: string };

export interface SideResult {
  snapshot?: Snapshot;
  /** Errors (the side could not be read) and warnings. */
  problems: Problem[];
}

const empty = (label: string): Snapshot => ({ label, experiments: new Map(), otherFiles: new Map() });

function problem(file: string, message: string): Problem {
  return { check: "diff/input", severity: "error", file, message };
}

async function compiled(label: string, experiments: string, cwd: string, shownAs: (file: string) => string): Promise<SideResult> {
  const { experiments: loaded, problems } = await loadExperiments(experiments, cwd);
  const shown = problems.map((p) => ({ ...p, file: shownAs(p.file) }));
  if (shown.some((p) => p.severity === "error")) return { problems: shown };
  const dir = `${displayPath(resolve(cwd, experiments), cwd)}/`;
  return { snapshot: snapshotFromExperiments(label, loaded, dir), problems: shown };
}

export async function loadSide(side: Side, experiments: string, cwd: string): Promise<SideResult> {
  if (side.kind === "worktree") return compiled("working tree", experiments, cwd, (f) => f);
  if (side.kind === "tree") {
    const dir = resolve(cwd, side.dir);
    const shown = displayPath(dir, cwd);
    if (!existsSync(dir) || !statSync(dir).isDirectory()) return { problems: [problem(shown, "generated folder not found")] };
    return snapshotFromTree(shown, dir, shown);
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
    if (!checkout.found) return { snapshot: empty(side.ref), problems: [] };
    // Files are named `<ref>:<path>`, as git names them.
    return await compiled(side.ref, experiments, checkout.cwd, (f) => `${side.ref}:${f}`);
  } finally {
    checkout.remove();
  }
}
