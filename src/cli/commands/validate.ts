// `abwatch validate [PATH...]`: promtool-compatible offline validation of rule files, promtool
// test files, Alertmanager config and dashboards (default: generated/). Exit 0 when valid
// (warnings allowed), 1 when invalid, 2 on usage errors.
import { Command } from "commander";
import { FILE_KINDS } from "../../validate/files.ts";
import { FORMATS } from "../../validate/report/formats.ts";
import { DEFAULT_PROMETHEUS_VERSION } from "../../validate/version.ts";
import { EXIT, UsageError, type ExitCode } from "../errors.ts";
import type { Io } from "../io.ts";

/** Built on first use: importing zod costs more than validating a small file. */
async function optionsSchema() {
  const { z } = await import("zod");
  return z.object({
    format: z.enum(FORMATS, { error: `--format must be one of ${FORMATS.join(", ")}` }),
    strict: z.boolean(),
    experiments: z.string().min(1, { error: "--experiments needs a directory" }),
    evaluationInterval: z.string().regex(/^(?:\d+(?:ms|[smhdwy]))+$/, { error: '--evaluation-interval must be a duration like "1m" or "30s"' }),
    kind: z.enum(FILE_KINDS, { error: `--kind must be one of ${FILE_KINDS.join(", ")}` }).optional(),
    prometheusVersion: z.string().optional(),
    lint: z.string().optional(),
  });
}

export async function validate(paths: readonly string[], raw: unknown, io: Io): Promise<ExitCode> {
  const parsed = (await optionsSchema()).safeParse(raw);
  if (!parsed.success) throw new UsageError(parsed.error.issues.map((i) => i.message).join("; "));
  const opts = parsed.data;
  // Loaded on use: the validator's parsers are not needed by other commands.
  const [{ validatePaths, OptionError, PathError }, { render }, { parseDuration }, { parseVersion }, { loadConfig, ConfigError }] = await Promise.all([
    import("../../validate/index.ts"),
    import("../../validate/report/index.ts"),
    import("../../validate/duration.ts"),
    import("../../validate/version.ts"),
    import("../../config/load.ts"),
  ]);
  const interval = parseDuration(opts.evaluationInterval);
  if (!interval.ok || interval.ms === 0) throw new UsageError(`--evaluation-interval: ${interval.ok ? "must be greater than 0" : interval.error}`);

  let config;
  try {
    config = opts.prometheusVersion === undefined ? await loadConfig(io.cwd) : undefined;
  } catch (e) {
    if (e instanceof ConfigError) throw new UsageError(e.message);
    throw e;
  }
  const versionText = opts.prometheusVersion ?? config?.prometheusVersion ?? DEFAULT_PROMETHEUS_VERSION;
  const target = parseVersion(versionText);
  if (target === undefined) throw new UsageError(`--prometheus-version must be a version like "2.42" or "3.1", got ${JSON.stringify(versionText)}`);

  const names = (opts.lint ?? "").split(",").map((s) => s.trim()).filter((s) => s !== "");
  const lint = { all: names.includes("all"), names: new Set(names.filter((n) => n !== "all")) };

  let result;
  try {
    result = await validatePaths(paths.length === 0 ? ["generated"] : paths, {
      cwd: io.cwd,
      experiments: opts.experiments,
      evaluationIntervalMs: interval.ms,
      strict: opts.strict,
      target,
      lint,
      ...(opts.kind === undefined ? {} : { kind: opts.kind }),
    });
  } catch (e) {
    if (e instanceof PathError || e instanceof OptionError) throw new UsageError(e.message);
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
    .option("--prometheus-version <version>", `Prometheus version the files must load in (default: abwatch.config.ts, else ${DEFAULT_PROMETHEUS_VERSION})`)
    .option("--lint <checks>", "style checks to run as well: all, or comma-separated check names (bug checks always run)")
    .option("--experiments <dir>", "experiments directory, for contract checks on generated files", "experiments")
    .option("--evaluation-interval <duration>", "evaluation interval of rule groups that set none", "1m")
    .option("--kind <kind>", `validate every file as this kind: ${FILE_KINDS.join(", ")}`)
    .action(async (paths: string[] | undefined, opts: Record<string, unknown>) => done(await validate(paths ?? [], opts, io)));
}
