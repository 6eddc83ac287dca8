// A worker thread that compiles and emits the experiments generate hands it, and compares each
// file with the output directory itself, so only changed files travel back (see parallel.ts).
// bin/abwatch.js starts it from the same bundle as the CLI.
import { parentPort } from "node:worker_threads";
import { emitExperiment } from "../emit/index.ts";
import type { Sourced } from "../model/cross.ts";
import { sameAsOnDisk } from "../write/output.ts";
import type { Emitted, WorkerJob } from "./parallel.ts";

parentPort!.on("message", ({ dir, existing, batch }: WorkerJob) => {
  const has = new Set(existing);
  for (const s of batch as Sourced[]) {
    const files: Emitted[] = emitExperiment(s).map((f) => (has.has(f.path) && sameAsOnDisk(dir, f) ? { path: f.path, content: "", same: true } : f));
    parentPort!.postMessage(files);
  }
  parentPort!.postMessage(null); // the batch is done
});
