// `abwatch validate [PATH...]`: promtool-compatible offline validation of rule files, promtool
// test files, Alertmanager config and dashboards (default: generated/). Exit 0 when valid
// (warnings allowed), 1 when invalid, 2 on usage errors.
import { Command } from "commander";
import type { z } from "zod";
import { EXIT, UsageError, type ExitCode } from "../errors.ts";
import type { Io } from "../io.ts";

const FORMATS = ["text", "json", "junit", "github"] as const;
const KINDS = ["rules", "tests", "alertmanager", "dashboard"] as const;

/** Built on first use: importing zod costs more than validating a small file. */
async function optionsSchema() {
  const { z } = await import("zod");
  return z.object({
    format: z.enum(FORMATS, { error: `--format must be one of ${FORMATS.join(", ")}` }),
    strict: z.boolean(),
    experiments: z.string().min(1, { error: "--experiments needs a directory" }),
    evaluationInterval: z.string().regex(/^(?:\d+(?:ms|[smhdwy]))+$/, { error: '--evaluation-interval must be a duration like "1m" or "30s"' }),
    kind: z.enum(KINDS, { error: `--kind must be one of ${KINDS.join(", ")}` }).optional(),
  });
}

export type ValidateOptions = z.infer<Awaited<ReturnType<typeof optionsSchema>>>;

export async function validate(paths: readonly string[], raw: unknown, io: Io): Promise<ExitCode> {
  const parsed = (await optionsSchema()).safeParse(raw);
  if (!parsed.success) throw new UsageError(parsed.error.issues.map((i) => i.message).join("; "));
  const opts = parsed.data;
  // Loaded on use: the validator's parsers are not needed by other commands.
  const [{ validatePaths, PathError }, { render }, { parseDuration }] = await Promise.all([
    import("../../validate/index.ts"),
    import("../../validate/report/index.ts"),
    import("../../validate/duration.ts"),
  ]);
  const interval = parseDuration(opts.evaluationInterval);
  if (!interval.ok || interval.ms === 0) throw new UsageError(`--evaluation-interval: ${interval.ok ? "must be greater than 0" : interval.error}`);
  let result;
  try {
    result = await validatePaths(paths.length === 0 ? ["generated"] : paths, {
      cwd: io.cwd,
      experiments: opts.experiments,
      evaluationIntervalMs: interval.ms,
      strict: opts.strict,
      ...(opts.kind === undefined ? {} : { kind: opts.kind }),
    });
  } catch (e) {
    if (e instanceof PathError) throw new UsageError(e.message);
    throw e;
  }
  io.out(render(opts.format, result));
  if (opts.format !== "text") {
    io.err(`${result.files.length} files checked: ${result.errors} errors, ${result.warnings} warnings\n`);
  }
  return result.errors > 0 ? EXIT.failed : EXIT.ok;
}

export function validateCommand(io: Io, done: (code: ExitCode) => void): Command {
  return new Command("validate")
    .description("validate rule files, promtool tests, Alertmanager config and dashboards offline (default: generated/)")
    .argument("[paths...]", "files or directories to validate (default: generated/)")
    .option("--format <format>", `output: ${FORMATS.join(", ")}`, "text")
    .option("--strict", "treat warnings (lints) as errors", false)
    .option("--experiments <dir>", "experiments directory, for contract checks on generated files", "experiments")
    .option("--evaluation-interval <duration>", "evaluation interval of rule groups that set none", "1m")
    .option("--kind <kind>", `validate every file as this kind: ${KINDS.join(", ")}`)
    .action(async (paths: string[] | undefined, opts: Record<string, unknown>) => done(await validate(paths ?? [], opts, io)));
}
