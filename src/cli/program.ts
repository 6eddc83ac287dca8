// The CLI's single error boundary: parses argv, runs one command, maps every outcome to an exit
// code. Nothing below this file prints stack traces or exits. The commands are a parameter so the
// `validate` fast path (./validate-main.ts) can run with only its own command loaded.
import { Command, CommanderError } from "commander";
import { EXIT, UsageError, type ExitCode } from "./errors.ts";
import type { Io } from "./io.ts";

export type CommandFactory = (io: Io, done: (code: ExitCode) => void) => Command;

function program(io: Io, done: (code: ExitCode) => void, factories: readonly CommandFactory[]): Command {
  const root = new Command("abwatch")
    .description("Monitoring-as-code for ML model A/B tests")
    .version("0.1.0")
    .showHelpAfterError("(run with --help for usage)")
    .configureOutput({ writeOut: io.out, writeErr: io.err });
  for (const make of factories) {
    root.addCommand(make(io, done).configureOutput({ writeOut: io.out, writeErr: io.err }).showHelpAfterError());
  }
  // Commander exits by itself unless told otherwise; route every exit through main's return value.
  root.exitOverride();
  for (const cmd of root.commands) cmd.exitOverride();
  return root;
}

export async function runProgram(argv: readonly string[], io: Io, factories: readonly CommandFactory[]): Promise<ExitCode> {
  let code: ExitCode | undefined;
  const done = (c: ExitCode) => {
    code = c;
  };
  try {
    await program(io, done, factories).parseAsync([...argv], { from: "user" });
    if (code === undefined) {
      io.err("abwatch: no command given (run `abwatch --help` for usage)\n");
      return EXIT.usage;
    }
    return code;
  } catch (e) {
    if (e instanceof CommanderError) {
      // --help and --version end "with an error" of exit code 0.
      return e.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    if (e instanceof UsageError) {
      io.err(`abwatch: ${e.message}\n`);
      return EXIT.usage;
    }
    const detail = e instanceof Error ? (e.stack ?? e.message) : String(e);
    io.err(`abwatch: internal error (this is a bug in abwatch, please report it):\n${detail}\n`);
    return EXIT.failed;
  }
}
