// A reader that stops early (`abwatch simulate | head`) closes the pipe: the output simply ends, as
// it would for any Unix tool, instead of an unhandled EPIPE and a stack trace. Installed by the two
// entry points (./index.ts, ./validate-main.ts), the only places that end the process. A closed
// stderr is ignored rather than ending the run: the exit code still tells the outcome.
export function endQuietlyWhenThePipeCloses(): void {
  process.stdout.on("error", (e: NodeJS.ErrnoException) => {
    if (e.code !== "EPIPE") throw e;
    process.exit(0);
  });
  process.stderr.on("error", (e: NodeJS.ErrnoException) => {
    if (e.code !== "EPIPE") throw e;
  });
}
