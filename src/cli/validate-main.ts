// `abwatch validate ...` alone: bin/abwatch.js runs this entry instead of ./index.ts when the
// first argument is `validate`, bundled into one script with its dependencies and a V8 code cache
// (validate runs in every CI job; module loading was most of its start-up). Same command, same
// error boundary; like ./index.ts, the only other place that sets the exit code.
import { validateCommand } from "./commands/validate.ts";
import { processIo } from "./io.ts";
import { runProgram } from "./program.ts";

export function run(argv: readonly string[]): Promise<void> {
  return runProgram(argv, processIo, [validateCommand]).then((code) => {
    process.exitCode = code;
  });
}
