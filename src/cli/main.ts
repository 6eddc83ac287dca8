// Every command of the CLI, run through the error boundary of ./program.ts.
import { diffCommand } from "./commands/diff.ts";
import { exporterCommand } from "./commands/exporter.ts";
import { generateCommand } from "./commands/generate.ts";
import { initCommand } from "./commands/init.ts";
import { simulateCommand } from "./commands/simulate.ts";
import { validateCommand } from "./commands/validate.ts";
import { verifyCommand } from "./commands/verify.ts";
import type { ExitCode } from "./errors.ts";
import type { Io } from "./io.ts";
import { runProgram } from "./program.ts";

export function main(argv: readonly string[], io: Io): Promise<ExitCode> {
  return runProgram(argv, io, [generateCommand, validateCommand, exporterCommand, simulateCommand, verifyCommand, diffCommand, initCommand]);
}
