// A worker thread that compiles and emits the experiments generate hands it, so two cores share
// the work at scale (see parallel.ts). bin/abwatch.js starts it from the same bundle as the CLI.
import { parentPort } from "node:worker_threads";
import { emitExperiment } from "../emit/index.ts";
import type { Sourced } from "../model/cross.ts";

parentPort!.on("message", (batch: Sourced[]) => {
  for (const s of batch) parentPort!.postMessage(emitExperiment(s));
  parentPort!.postMessage(null); // the batch is done
});
