// Sides for diff tests: experiments compiled in memory, or written as a generated tree on disk the
// way `generate` writes it.
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { diffSnapshots } from "../../src/diff/index.ts";
import { compiledPair, snapshotFromExperiments } from "../../src/diff/from-compiled.ts";
import { snapshotFromTree } from "../../src/diff/from-tree.ts";
import type { Snapshot } from "../../src/diff/snapshot.ts";
import type { MonitoringDiff } from "../../src/diff/types.ts";
import { emitExperiment, emitShared } from "../../src/emit/index.ts";
import type { Sourced } from "../../src/model/cross.ts";
import { ExperimentSchema, type ExperimentInput } from "../../src/model/schema.ts";
import { scratch } from "../support/tmp.ts";

export function sourced(input: ExperimentInput): Sourced {
  const experiment = ExperimentSchema.parse(input);
  return { file: `experiments/${experiment.id}.ts`, experiment };
}

export function compiled(label: string, inputs: readonly ExperimentInput[]): Snapshot {
  return snapshotFromExperiments(label, inputs.map(sourced), "experiments/");
}

// One folder per test file, removed after it: scratch() registers its cleanup where it is called,
// which must be outside a test.
const ROOT = scratch("abwatch-diff-test-");

/** A new empty folder, removed with the test file's folder. */
export function tempDir(prefix = "dir-"): string {
  return mkdtempSync(join(ROOT, prefix));
}

/** Writes what `generate` would write for the experiments; returns the folder. */
export function writeTree(inputs: readonly ExperimentInput[], root = tempDir("tree-")): string {
  const all = inputs.map(sourced);
  for (const f of [...all.flatMap(emitExperiment), ...emitShared(all, "experiments/")]) {
    const to = join(root, f.path);
    mkdirSync(dirname(to), { recursive: true });
    writeFileSync(to, f.content);
  }
  return root;
}

export function fromTree(dir: string, label = dir): Snapshot {
  const { snapshot, problems } = snapshotFromTree(label, dir, label);
  if (problems.length > 0) throw new Error(`tree ${dir}: ${JSON.stringify(problems)}`);
  return snapshot;
}

/** As `diff --base` does: only what differs is compiled in full. */
export function diffCompiled(base: readonly ExperimentInput[], head: readonly ExperimentInput[]): MonitoringDiff {
  const side = (label: string, inputs: readonly ExperimentInput[]) => ({ label, sourced: inputs.map(sourced), experimentsDir: "experiments/" });
  return diffSnapshots(...compiledPair(side("base", base), side("head", head)));
}

/** Every experiment compiled in full on both sides. */
export function diffCompiledFully(base: readonly ExperimentInput[], head: readonly ExperimentInput[]): MonitoringDiff {
  return diffSnapshots(compiled("base", base), compiled("head", head));
}

export function diffTrees(base: readonly ExperimentInput[], head: readonly ExperimentInput[]): MonitoringDiff {
  return diffSnapshots(fromTree(writeTree(base), "base"), fromTree(writeTree(head), "head"));
}

/** The experiment used by the fixture pairs: two arms, a schedule, everything else default. */
export const CHECKOUT = {
  id: "checkout",
  title: "Checkout ranking",
  owner: { team: "payments", contact: "#payments" },
  arms: [
    { name: "baseline", weight: 0.7, control: true },
    { name: "enhanced", weight: 0.3 },
  ],
  schedule: { start: "2026-11-01", end: "2026-12-31" },
} satisfies ExperimentInput;
