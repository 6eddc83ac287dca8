// `abwatch validate ...` alone: bin/abwatch.js runs this entry instead of ./index.ts when the
// first argument is `validate`, bundled into one script with its dependencies and a V8 code cache
// (validate runs in every CI job; module loading was most of its start-up). Same command, same
// error boundary; like ./index.ts, the only other place that sets the exit code.
// bin/abwatch.js also starts this bundle as the second thread of a large run (src/validate/parallel.ts).
import { serveWorker } from "../validate/index.ts";
import { enableWorker } from "../validate/parallel.ts";
import { validateCommand } from "./commands/validate.ts";
import { processIo } from "./io.ts";
import { endQuietlyWhenThePipeCloses } from "./pipe.ts";
import { runProgram } from "./program.ts";

/** `worker`: the script and workerData that start this bundle as a parse worker. */
export function run(argv: readonly string[], worker?: { script: string; data: unknown }): Promise<void> {
  endQuietlyWhenThePipeCloses();
  if (worker !== undefined) enableWorker(worker.script, worker.data);
  return runProgram(argv, processIo, [validateCommand]).then((code) => {
    process.exitCode = code;
  });
}

export function worker(): Promise<void> {
  return serveWorker();
}
