// The only place that sets the process exit code.
import { main } from "./main.ts";
import { processIo } from "./io.ts";

// A reader that stops early (`abwatch simulate | head`) closes the pipe: the output simply ends, as
// it would for any Unix tool, instead of an unhandled EPIPE and a stack trace.
for (const stream of [process.stdout, process.stderr]) {
  stream.on("error", (e: NodeJS.ErrnoException) => {
    if (e.code !== "EPIPE") throw e;
    process.exit(0);
  });
}

process.exitCode = await main(process.argv.slice(2), processIo);
