// `abwatch validate [PATH...]`: promtool-compatible offline validation of rule files, promtool
// test files, Alertmanager config and dashboards (default: generated/). Exit 0 when valid
// (warnings allowed), 1 when invalid, 2 on usage errors.
import { Command } from "commander";
import { FILE_KINDS } from "../../validate/files.ts";
import { FORMATS } from "../../validate/report/formats.ts";
import { DEFAULT_PROMETHEUS_VERSION } from "../../validate/version.ts";
import { EXIT, UsageError, type ExitCode } from "../errors.ts";
import type { Io } from "../io.ts";

interface Options {
  format: (typeof FORMATS)[number];
  strict: boolean;
  experiments: string;
  evaluationInterval: string;
  kind: (typeof FILE_KINDS)[number] | undefined;
  prometheusVersion: string | undefined;
  lint: string | undefined;
}

const oneOf = <T extends string>(list: readonly T[], v: unknown): v is T => typeof v === "string" && (list as readonly string[]).includes(v);

/**
 * Checks commander's raw options. Written out rather than with zod: importing zod takes longer
 * (~90 ms) than validating a typical rule file, and validate runs in every CI job.
 */
function parseOptions(raw: Record<string, unknown>): Options {
  const problems: string[] = [];
  const str = (v: unknown) => (typeof v === "string" ? v : undefined);
  if (!oneOf(FORMATS, raw.format)) problems.push(`--format must be one of ${FORMATS.join(", ")}`);
  if (!str(raw.experiments)) problems.push("--experiments needs a directory");
  if (!/^(?:\d+(?:ms|[smhdwy]))+$/.test(str(raw.evaluationInterval) ?? "")) problems.push('--evaluation-interval must be a duration like "1m" or "30s"');
  if (raw.kind !== undefined && !oneOf(FILE_KINDS, raw.kind)) problems.push(`--kind must be one of ${FILE_KINDS.join(", ")}`);
  if (problems.length > 0) throw new UsageError(problems.join("; "));
  return {
    format: raw.format as Options["format"],
    strict: raw.strict === true,
    experiments: raw.experiments as string,
    evaluationInterval: raw.evaluationInterval as string,
    kind: raw.kind as Options["kind"],
    prometheusVersion: str(raw.prometheusVersion),
    lint: str(raw.lint),
  };
}

export async function validate(paths: readonly string[], raw: Record<string, unknown>, io: Io): Promise<ExitCode> {
  const opts = parseOptions(raw);
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
