// `abwatch init [--dir DIR]`: sets abwatch up in a team's own repository: an example experiment,
// package.json scripts, a GitHub Actions workflow, a README section. Never overwrites; running it
// twice changes nothing. Exit 0, or 2 when the directory or its package.json cannot be used.
import { Command } from "commander";
import { existsSync, statSync } from "node:fs";
import { resolve } from "node:path";
import { displayPath } from "../../load/files.ts";
import { formatProblem } from "../../model/problem.ts";
import { EXIT, UsageError, type ExitCode } from "../errors.ts";
import type { Io } from "../io.ts";

export interface InitOptions {
  dir: string;
}

const VERB = { create: "created", update: "updated", unchanged: "up to date", kept: "left as it is" } as const;

export async function init(opts: InitOptions, io: Io): Promise<ExitCode> {
  const dir = resolve(io.cwd, opts.dir);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new UsageError(`--dir: ${opts.dir} is not a directory`);
  const [{ planInit, applyInit }, { abwatchVersion }] = await Promise.all([import("../../init/index.ts"), import("../../init/version.ts")]);
  const plan = planInit(dir, abwatchVersion());
  for (const p of plan.problems) io.err(`${formatProblem({ ...p, file: displayPath(p.file, io.cwd) })}\n`);
  if (plan.problems.length > 0) {
    io.err("nothing was written\n");
    return EXIT.usage;
  }
  applyInit(plan);
  const shown = displayPath(dir, io.cwd) || ".";
  const changed = plan.actions.filter((a) => a.kind === "create" || a.kind === "update");
  for (const a of plan.actions) {
    if (changed.length === 0 && a.kind === "unchanged") continue;
    io.out(`${VERB[a.kind]} ${a.path}: ${a.note}\n`);
  }
  for (const h of plan.hints) io.out(`note: ${h}\n`);
  if (changed.length === 0) io.out(`nothing to change: abwatch is set up in ${shown}\n`);
  else io.out("next: `npx abwatch generate`, then commit experiments/, generated/ and the files above\n");
  return EXIT.ok;
}

export function initCommand(io: Io, done: (code: ExitCode) => void): Command {
  return new Command("init")
    .description("set abwatch up in your repository: example experiment, package.json scripts, CI workflow, README section")
    .option("--dir <dir>", "the repository to set up", ".")
    .action(async (opts: InitOptions) => done(await init(opts, io)));
}
