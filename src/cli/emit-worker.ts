// A worker thread that compiles and emits experiments for generate, taking the next one from the
// counter it shares with the main thread, and compares each file with the output directory itself,
// so only changed files travel back (see parallel.ts). bin/abwatch.js starts it from the CLI's bundle.
import { parentPort } from "node:worker_threads";
import { emitExperiment } from "../emit/index.ts";
import { sameAsOnDisk } from "../write/output.ts";
import type { Emitted, WorkerJob } from "./parallel.ts";

parentPort!.once("message", ({ dir, existing, experiments, next }: WorkerJob) => {
  const has = new Set(existing);
  const counter = new Int32Array(next);
  for (let i = Atomics.add(counter, 0, 1); i < experiments.length; i = Atomics.add(counter, 0, 1)) {
    const files: Emitted[] = emitExperiment(experiments[i]!).map((f) =>
      has.has(f.path) && sameAsOnDisk(dir, f) ? { path: f.path, content: "", same: true } : f,
    );
    parentPort!.postMessage(files);
  }
  parentPort!.postMessage(null); // no experiment left
});
