// What a check is: a named function from one parsed file (and what the run knows) to problems.
// Checks never print or exit; reporters render what they return (like pint's RuleChecker).
import type { AlertmanagerModel } from "../kinds/alertmanager.ts";
import type { DashboardModel } from "../kinds/dashboard.ts";
import type { RuleFileModel } from "../kinds/rules.ts";
import type { TestsModel } from "../kinds/tests.ts";
import type { Severity, ValidationProblem } from "../problem.ts";
import type { PrometheusVersion } from "../version.ts";

export type FileModel = RuleFileModel | DashboardModel | AlertmanagerModel | TestsModel;
export type FileKind = FileModel["kind"];

/** The metric contract of the experiment a generated file came from. */
export interface ContractInfo {
  experimentId: string;
  /** `experiments/<id>.ts` */
  source: string;
  /** Series names the exporter provides (histograms as _bucket, _sum and _count). */
  metrics: ReadonlySet<string>;
  /** Those of them the contract declares gauges. */
  gauges: ReadonlySet<string>;
}

/**
 * pint's split: a `bug` check finds results that are likely wrong (it runs by default and fails
 * `--strict`); a `style` check states an opinion and runs only when asked (`--lint all` or its name).
 */
export type CheckClass = "bug" | "style";

export interface CheckContext {
  /** Evaluation interval of groups that set none (Prometheus's global default is 1m). */
  evaluationIntervalMs: number;
  /** The Prometheus version the run validates for. */
  target: PrometheusVersion;
  /** Series known to be gauges (recorded from a rate, a ratio...; the contract's gauges), with why. */
  gauges: ReadonlyMap<string, string>;
  /** Names recorded by every rule file of the run (and a generated dashboard's own rule file). */
  recordingRules: ReadonlySet<string>;
  /** Set only for files abwatch generated, once their experiment's contract is known. */
  contract: ContractInfo | undefined;
  /** Why the contract is unknown for a generated file (experiments failed to load), if it is. */
  contractUnavailable: string | undefined;
  /** Alert names defined by rule files (absolute paths), parsed on demand. */
  alertNames(files: readonly string[]): Promise<ReadonlySet<string>>;
}

export interface Check<M extends FileModel = FileModel> {
  /** `area/thing`: also the file name (area-thing.ts) and the README row. */
  name: string;
  kind: M["kind"];
  severity: Severity;
  class: CheckClass;
  /** One line for the README table. */
  summary: string;
  run(model: M, ctx: CheckContext): ValidationProblem[] | Promise<ValidationProblem[]>;
}

export type AnyCheck = Check<RuleFileModel> | Check<DashboardModel> | Check<AlertmanagerModel> | Check<TestsModel>;

/** Keeps each check's model type while the registry holds them side by side. */
export function defineCheck<M extends FileModel>(check: Check<M>): Check<M> {
  return check;
}
