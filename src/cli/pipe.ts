// A reader that stops early (`abwatch simulate | head`) closes the pipe: the output simply ends, as
// it would for any Unix tool, instead of an unhandled EPIPE and a stack trace. Installed by the two
// entry points (./index.ts, ./validate-main.ts), the only places that end the process.
export function endQuietlyWhenThePipeCloses(): void {
  for (const stream of [process.stdout, process.stderr]) {
    stream.on("error", (e: NodeJS.ErrnoException) => {
      if (e.code !== "EPIPE") throw e;
      process.exit(0);
    });
  }
}
