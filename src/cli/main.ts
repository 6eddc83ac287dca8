// The CLI's single error boundary: parses argv, runs one command, maps every outcome to an exit
// code. Nothing below this file prints stack traces or exits.
import { Command, CommanderError } from "commander";
import { diffCommand } from "./commands/diff.ts";
import { exporterCommand } from "./commands/exporter.ts";
import { generateCommand } from "./commands/generate.ts";
import { initCommand } from "./commands/init.ts";
import { simulateCommand } from "./commands/simulate.ts";
import { validateCommand } from "./commands/validate.ts";
import { verifyCommand } from "./commands/verify.ts";
import { EXIT, UsageError, type ExitCode } from "./errors.ts";
import type { Io } from "./io.ts";

function program(io: Io, done: (code: ExitCode) => void): Command {
  const root = new Command("abwatch")
    .description("Monitoring-as-code for ML model A/B tests")
    .version("0.1.0")
    .showHelpAfterError("(run with --help for usage)")
    .configureOutput({ writeOut: io.out, writeErr: io.err });
  const commands = [
    generateCommand(io, done),
    validateCommand(io, done),
    exporterCommand(io, done),
    simulateCommand(io, done),
    verifyCommand(io, done),
    diffCommand(io, done),
    initCommand(io, done),
  ];
  for (const cmd of commands) {
    root.addCommand(cmd.configureOutput({ writeOut: io.out, writeErr: io.err }).showHelpAfterError());
  }
  // Commander exits by itself unless told otherwise; route every exit through main's return value.
  root.exitOverride();
  for (const cmd of root.commands) cmd.exitOverride();
  return root;
}

export async function main(argv: readonly string[], io: Io): Promise<ExitCode> {
  let code: ExitCode | undefined;
  const done = (c: ExitCode) => {
    code = c;
  };
  try {
    await program(io, done).parseAsync([...argv], { from: "user" });
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
