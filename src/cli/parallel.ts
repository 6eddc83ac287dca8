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

/** Every experiment's files, one experiment at a time, in no particular order. */
export async function* emitAll(experiments: readonly Sourced[], emit: (s: Sourced) => OutputFile[]): AsyncGenerator<OutputFile[]> {
  const script = workerScript();
  if (script === undefined || experiments.length < MIN_FOR_WORKER || availableParallelism() < 2) {
    for (const s of experiments) yield emit(s);
    return;
  }
  const worker = new Worker(script, { workerData: { abwatch: "emit-worker" } });
  const received: OutputFile[][] = [];
  let done = false;
  let failure: unknown;
  let wake: (() => void) | undefined;
  worker.on("message", (files: OutputFile[] | null) => {
    if (files === null) done = true;
    else received.push(files);
    wake?.();
  });
  worker.on("error", (e) => {
    failure = e;
    wake?.();
  });
  try {
    // Every other experiment to the worker; this thread takes the rest.
    worker.postMessage(experiments.filter((_e, i) => i % 2 === 1));
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
