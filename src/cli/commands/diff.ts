// `abwatch diff`: what a change does to monitoring, for pull-request review. Compares the
// experiments at a git ref (default HEAD) with the working tree, both compiled by this abwatch,
// or two generated folders. Exit 0 whether or not monitoring changed (a comment job must not fail
// because a pull request changes an alert); with --exit-code, 1 when it changed. 2 on bad input.
import { Command } from "commander";
import type { z } from "zod";
import { formatProblem } from "../../model/problem.ts";
import { EXIT, UsageError, type ExitCode } from "../errors.ts";
import type { Io } from "../io.ts";

const FORMATS = ["text", "md", "json"] as const;

async function optionsSchema() {
  const { z } = await import("zod");
  return z
    .object({
      base: z.string().min(1, { error: "--base needs a git revision" }).optional(),
      baseDir: z.string().min(1, { error: "--base-dir needs a directory" }).optional(),
      headDir: z.string().min(1, { error: "--head-dir needs a directory" }).optional(),
      experiments: z.string().min(1, { error: "--experiments needs a directory" }),
      format: z.enum(FORMATS, { error: `--format must be one of ${FORMATS.join(", ")}` }),
      exitCode: z.boolean().default(false),
    })
    .refine((o) => o.base === undefined || o.baseDir === undefined, { error: "give --base or --base-dir, not both" })
    .refine((o) => o.headDir === undefined || o.baseDir !== undefined, { error: "--head-dir compares with --base-dir; give both" });
}

export type DiffOptions = z.infer<Awaited<ReturnType<typeof optionsSchema>>>;

export async function diff(raw: unknown, io: Io): Promise<ExitCode> {
  const parsed = (await optionsSchema()).safeParse(raw);
  if (!parsed.success) throw new UsageError(parsed.error.issues.map((i) => i.message).join("; "));
  const opts = parsed.data;
  const [{ loadSide, snapshots }, { diffSnapshots }, { renderDiff }] = await Promise.all([
    import("../../diff/sides.ts"),
    import("../../diff/index.ts"),
    import("../../diff/render/index.ts"),
  ]);
  const tree = opts.baseDir !== undefined;
  const base = await loadSide(tree ? { kind: "tree", dir: opts.baseDir! } : { kind: "git", ref: opts.base ?? "HEAD" }, opts.experiments, io.cwd);
  const head = await loadSide(tree ? { kind: "tree", dir: opts.headDir ?? "generated" } : { kind: "worktree" }, opts.experiments, io.cwd);
  const problems = [...base.problems, ...head.problems];
  for (const p of problems) io.err(`${formatProblem(p)}\n`);
  const errors = problems.filter((p) => p.severity === "error").length;
  if (errors > 0 || base.side === undefined || head.side === undefined) {
    io.err(`${errors} problem${errors === 1 ? "" : "s"} found; no diff\n`);
    return EXIT.usage;
  }
  const result = diffSnapshots(...snapshots(base.side, head.side));
  io.out(renderDiff(opts.format, result));
  if (opts.format !== "text") {
    io.err(result.changed ? `monitoring changed in ${result.experiments.length} experiment(s)\n` : "no monitoring change\n");
  }
  return opts.exitCode && result.changed ? EXIT.failed : EXIT.ok;
}

export function diffCommand(io: Io, done: (code: ExitCode) => void): Command {
  return new Command("diff")
    .description("say what a change does to alerts, routing, dashboards and recording rules (for pull-request review)")
    .option("--base <ref>", "git revision to compare the working tree's experiments with (default: HEAD)")
    .option("--base-dir <dir>", "compare two generated folders instead: this one (before) with --head-dir (after)")
    .option("--head-dir <dir>", "the generated folder after the change, with --base-dir (default: generated)")
    .option("--experiments <dir>", "directory of experiment files", "experiments")
    .option("--format <format>", `output: ${FORMATS.join(", ")}`, "text")
    .option("--exit-code", "exit 1 when monitoring changed, as `git diff --exit-code` does (without it: 0 either way)")
    .action(async (opts: unknown) => done(await diff(opts, io)));
}
