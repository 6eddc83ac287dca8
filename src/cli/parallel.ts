// Compiles and emits experiments on this thread and, at scale, on a worker thread as well: each
// experiment's files are independent of every other's, and the output does not depend on which
// thread made them or in which order they arrive (OutputSync sorts what it reports).
import { availableParallelism } from "node:os";
import { setImmediate as turn } from "node:timers/promises";
import { Worker } from "node:worker_threads";
import type { OutputFile } from "../emit/index.ts";
import type { Sourced } from "../model/cross.ts";

/** Below this many experiments a worker's start-up costs more than it saves. */
const MIN_FOR_WORKER = 64;

/** The script bin/abwatch.js runs a worker from, when running from it (see bin/abwatch.js). */
function workerScript(): string | undefined {
  return (globalThis as { abwatchWorkerScript?: string }).abwatchWorkerScript;
}

/** A file, or (from the worker) only its path when it is the same as in the output directory. */
export type Emitted = OutputFile & { same?: boolean };

export interface WorkerJob {
  /** The output directory and the paths in it, for the worker to compare its files with. */
  dir: string;
  existing: string[];
  batch: Sourced[];
}

/** Every experiment's files, one experiment at a time, in no particular order. */
export async function* emitAll(
  experiments: readonly Sourced[],
  emit: (s: Sourced) => OutputFile[],
  output: { dir: string; existing: () => string[] },
): AsyncGenerator<Emitted[]> {
  const script = workerScript();
  if (script === undefined || experiments.length < MIN_FOR_WORKER || availableParallelism() < 2) {
    for (const s of experiments) yield emit(s);
    return;
  }
  const worker = new Worker(script, { workerData: { abwatch: "emit-worker" } });
  const received: Emitted[][] = [];
  let done = false;
  let failure: unknown;
  let wake: (() => void) | undefined;
  worker.on("message", (files: Emitted[] | null) => {
    if (files === null) done = true;
    else received.push(files);
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
    // Every other experiment to the worker; this thread takes the rest.
    const job: WorkerJob = { dir: output.dir, existing: output.existing(), batch: experiments.filter((_e, i) => i % 2 === 1) };
    worker.postMessage(job);
    for (let i = 0; i < experiments.length; i += 2) {
      yield emit(experiments[i]!);
      await turn(); // let the worker's results in
      while (received.length > 0) yield received.shift()!;
    }
    for (let guard = 0; guard < experiments.length + 1 && !(done && received.length === 0); guard++) {
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
