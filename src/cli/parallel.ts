// Compiles and emits experiments on this thread and, at scale, on a worker thread as well: each
// experiment's files are independent of every other's, and the output does not depend on which
// thread made them or in which order they arrive (OutputSync sorts what it reports). Both threads
// take the next experiment from one shared counter, so neither waits while the other has work.
import { availableParallelism } from "node:os";
import { setImmediate as turn } from "node:timers/promises";
import { Worker } from "node:worker_threads";
import type { Sourced } from "../model/cross.ts";
import type { Hashed, ManifestEntry } from "../write/manifest.ts";

/** Below this many experiments a worker's start-up costs more than it saves. */
export const MIN_FOR_WORKER = 64;

/**
 * A file and its hash, or (from the worker, or from the manifest) only its path and hash: when it
 * is the same as in the output directory, or when the worker has written it into the staging tree already.
 */
export type Emitted = Hashed & { written?: boolean };

/** One experiment's files; `index` is its place in the list of experiments. */
export interface Batch {
  index: number;
  files: Emitted[];
}

/** What the check manifest knows of each experiment (index-aligned with the experiments). */
export interface Known {
  keys: (string | undefined)[];
  entries: (ManifestEntry | undefined)[];
}

export type WorkerMessage =
  | { batch: Batch }
  | { done: true }
  | { error: { message: string; code?: string | undefined; syscall?: string | undefined; path?: string | undefined } };

export interface WorkerJob {
  /** The output directory and the paths in it, for the worker to compare its files with. */
  dir: string;
  existing: string[];
  experiments: Sourced[];
  known: Known;
  /** Int32 index of the next experiment to take, shared by both threads. */
  next: SharedArrayBuffer;
  /** When writing: the staging tree the worker writes changed files into. */
  staging: string | undefined;
}

/** The script bin/abwatch.js runs a worker from, when running from it (see bin/abwatch.js). */
function workerScript(): string | undefined {
  return (globalThis as { abwatchWorkerScript?: string }).abwatchWorkerScript;
}

/**
 * A worker thread started early (it loads its code while the experiments load), or none when
 * there are too few experiments, one core, or no bundled worker script.
 */
export function startWorker(expectedExperiments: number): Worker | undefined {
  const script = workerScript();
  if (script === undefined || expectedExperiments < MIN_FOR_WORKER || availableParallelism() < 2) return undefined;
  if (process.env.ABWATCH_WORKER === "0") return undefined; // one thread, e.g. to compare in a benchmark
  return new Worker(script, { workerData: { abwatch: "emit-worker" } });
}

/** Every experiment's files, one experiment at a time, in no particular order; `emit` makes experiment i's on this thread. */
export async function* emitAll(
  experiments: readonly Sourced[],
  known: Known,
  emit: (i: number) => Emitted[],
  output: { dir: string; existing: () => string[]; staging: string | undefined },
  worker: Worker | undefined,
): AsyncGenerator<Batch> {
  if (worker === undefined) {
    for (let i = 0; i < experiments.length; i++) yield { index: i, files: emit(i) };
    return;
  }
  const received: Batch[] = [];
  let done = false;
  let failure: unknown;
  let wake: (() => void) | undefined;
  worker.on("message", (m: WorkerMessage) => {
    if ("batch" in m) received.push(m.batch);
    else if ("done" in m) done = true;
    else failure = Object.assign(new Error(m.error.message), m.error);
    wake?.();
  });
  worker.on("error", (e) => {
    failure = e;
    wake?.();
  });
  worker.on("exit", (code) => {
    if (!done) failure ??= new Error(`the emit worker exited (code ${code}) before finishing its experiments`);
    wake?.();
  });
  try {
    const next = new SharedArrayBuffer(4);
    const counter = new Int32Array(next);
    const job: WorkerJob = { dir: output.dir, existing: output.existing(), experiments: [...experiments], known, next, staging: output.staging };
    worker.postMessage(job);
    for (let i = Atomics.add(counter, 0, 1); i < experiments.length; i = Atomics.add(counter, 0, 1)) {
      yield { index: i, files: emit(i) };
      await turn(); // let the worker's results in
      while (received.length > 0) yield received.shift()!;
    }
    for (let guard = 0; guard <= experiments.length + 1 && !(done && received.length === 0) && failure === undefined; guard++) {
      if (failure !== undefined) throw failure;
      if (received.length === 0 && !done) await new Promise<void>((resolve) => (wake = resolve));
      wake = undefined;
      while (received.length > 0) yield received.shift()!;
    }
    if (failure !== undefined) throw failure;
    if (!done) throw new Error("the emit worker stopped before finishing its experiments");
  } finally {
    await worker.terminate();
  }
}
