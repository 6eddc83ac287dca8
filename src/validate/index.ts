// `abwatch validate` as a function: read the files, parse each by kind for the target Prometheus
// version (promtool's checks for rule files, schemas and PromQL for the rest), then run the
// registered checks — the bug class always, style checks when selected — with what the whole run
// knows (recording rules and the gauges they record, the experiments' metric contracts). Returns
// problems as data; the CLI decides how to print them and which exit code they mean.
import { readFileSync } from "node:fs";
import { basename, join, resolve } from "node:path";
import { displayPath } from "../load/files.ts";
import { paths } from "../model/conventions.ts";
import { suggestion } from "../model/suggest.ts";
import { checks } from "./checks/index.ts";
import type { CheckContext, ContractInfo, FileKind, FileModel } from "./checks/types.ts";
import { detectKind, detectKnownKind, expandPaths, OptionError, PathError } from "./files.ts";
import { checkAlertmanager } from "./kinds/alertmanager.ts";
import { checkDashboard } from "./kinds/dashboard.ts";
import { checkRuleFile, type RuleFileModel } from "./kinds/rules.ts";
import { splitRun, startWorker, workerChannel, type Channel } from "./parallel.ts";
import type { Expr } from "./promql/ast.ts";
import { checkTests } from "./kinds/tests.ts";
import { gaugeReason } from "./promql/gauge.ts";
import { problem, sortProblems, type ValidationProblem } from "./problem.ts";
import type { PrometheusVersion } from "./version.ts";

export { OptionError, PathError };
export type { FileKind, ValidationProblem };

/** Which checks run beyond the bug class: all style checks, or the ones named. */
export interface LintSelection {
  all: boolean;
  names: ReadonlySet<string>;
}

export interface ValidateOptions {
  /** Paths in messages are relative to this directory. */
  cwd: string;
  /** Where experiments live, for contract checks on generated files. */
  experiments: string;
  /** Evaluation interval of rule groups without one (ms). */
  evaluationIntervalMs: number;
  /** Warnings count as errors. */
  strict: boolean;
  /** The Prometheus version to validate for: newer fields and functions are errors. */
  target: PrometheusVersion;
  /** Style checks to run as well (bug checks always run). */
  lint: LintSelection;
  /** Treat every file as this kind instead of detecting it. */
  kind?: FileKind;
}

export interface FileResult {
  file: string;
  kind: FileKind;
  problems: ValidationProblem[];
}

export interface ValidationResult {
  files: FileResult[];
  problems: ValidationProblem[];
  errors: number;
  warnings: number;
}

interface Parsed {
  file: string;
  abs: string;
  kind: FileKind;
  model: FileModel | undefined;
  problems: ValidationProblem[];
}

async function parseFile(abs: string, file: string, kind: FileKind | undefined, explicit: boolean, target: PrometheusVersion): Promise<Parsed | undefined> {
  let text: string;
  try {
    text = readFileSync(abs, "utf8");
  } catch (e) {
    throw new PathError(`cannot read ${file}: ${e instanceof Error ? e.message : String(e)}`);
  }
  // Named files are validated whatever they look like; a directory walk skips unrelated YAML/JSON.
  const k = kind ?? (explicit ? detectKind(abs, text) : detectKnownKind(abs, text));
  if (k === undefined) return undefined;
  const r =
    k === "rules"
      ? await checkRuleFile(file, text, target)
      : k === "dashboard"
        ? await checkDashboard(file, text, target)
        : k === "alertmanager"
          ? await checkAlertmanager(file, text)
          : await checkTests(file, abs, text, target);
  return { file, abs, kind: k, model: r.model, problems: r.problems };
}

/** What the cross-file checks need of a rule file: its rules' kinds, names and expressions. */
interface RuleSummary {
  file: string;
  rules: readonly { kind: "record" | "alert" | undefined; name: string; expr: Expr | undefined }[];
}

function addRecordNames(m: RuleSummary, to: Set<string>): void {
  for (let i = 0; i < m.rules.length; i++) if (m.rules[i]!.kind === "record") to.add(m.rules[i]!.name);
}

/** Loads experiments only when a generated file needs its contract (it bundles TypeScript). */
async function loadContracts(opts: ValidateOptions): Promise<{ contracts: Map<string, ContractInfo>; uids: Map<string, string>; error?: string }> {
  const [{ loadExperiments }, { metricContract, METRIC_TYPES }, { dashboardUid }] = await Promise.all([
    import("../load/index.ts"),
    import("../model/contract.ts"),
    import("../model/conventions.ts"),
  ]);
  const { experiments, problems } = await loadExperiments(opts.experiments, opts.cwd);
  const contracts = new Map<string, ContractInfo>();
  const uids = new Map<string, string>();
  for (const { file, experiment } of experiments) {
    const c = metricContract(experiment);
    const histograms = new Set(Object.keys(c.buckets));
    const metrics = new Set<string>();
    const gauges = new Set<string>();
    for (const [key, name] of Object.entries(c.names)) {
      if (name === undefined) continue;
      if (histograms.has(key)) for (const suffix of ["_bucket", "_sum", "_count"]) metrics.add(`${name}${suffix}`);
      else metrics.add(name);
      if (METRIC_TYPES[key as keyof typeof METRIC_TYPES] === "gauge") gauges.add(name);
    }
    const info: ContractInfo = { experimentId: experiment.id, source: file, metrics, gauges };
    contracts.set(file, info);
    contracts.set(experiment.id, info);
    uids.set(dashboardUid(experiment), experiment.id);
  }
  const errors = problems.filter((p) => p.severity === "error");
  const error = errors.length === 0 ? undefined : `${errors.length} problem${errors.length === 1 ? "" : "s"} loading ${opts.experiments}/ (run \`abwatch generate\` to see them)`;
  return error === undefined ? { contracts, uids } : { contracts, uids, error };
}

function generatedFrom(m: FileModel | undefined): string | undefined {
  if (m === undefined) return undefined;
  if (m.kind === "rules" || m.kind === "dashboard") return m.generatedFrom;
  return undefined;
}

/** Rejects `--lint` names that are no check, suggesting the closest. */
function checkLintNames(lint: LintSelection): void {
  const known = [...new Set(checks.map((c) => c.name))];
  for (const name of lint.names) {
    if (known.includes(name)) continue;
    const style = checks.filter((c) => c.class === "style").map((c) => c.name);
    throw new OptionError(`--lint: no check named ${JSON.stringify(name)}${suggestion(name, known)} (style checks: ${style.join(", ")}; or "all")`);
  }
}

/**
 * Series the run's recording rules record as gauges, with why. A name several rules record is a
 * gauge only if every one of them makes it one. Chains (a ratio of recorded rates) are resolved on
 * demand, each name once; a cycle or a chain deeper than 100 counts as unknown.
 */
function recordedGauges(models: Iterable<RuleSummary>): Map<string, string> {
  // A run can hold 10,000 recording rules and this code runs once, unoptimised: indexed loops,
  // and each name's resolution state kept on its entry rather than in more maps and sets.
  const byName = new Map<string, RecordedName>();
  for (const m of models) {
    for (let i = 0; i < m.rules.length; i++) {
      const r = m.rules[i]!;
      if (r.kind !== "record" || r.expr === undefined) continue;
      const entry = byName.get(r.name);
      if (entry === undefined) byName.set(r.name, { file: m.file, exprs: [r.expr], state: "new", reason: undefined });
      else entry.exprs.push(r.expr);
    }
  }
  let open = 0;
  const resolve = (name: string): string | undefined => {
    const entry = byName.get(name);
    if (entry === undefined) return undefined;
    if (entry.state === "done") return entry.reason;
    if (entry.state === "open" || open > 100) return undefined;
    entry.state = "open";
    open++;
    // Every rule's reason is asked for, even after one is unknown: resolving settles other names.
    let first: string | undefined;
    let all = true;
    for (let i = 0; i < entry.exprs.length; i++) {
      const r = gaugeReason(entry.exprs[i]!, resolve);
      if (i === 0) first = r;
      if (r === undefined) all = false;
    }
    open--;
    entry.state = "done";
    entry.reason = all ? `recorded from ${first} in ${entry.file}` : undefined;
    return entry.reason;
  };
  const gauges = new Map<string, string>();
  byName.forEach((_, name) => {
    const reason = resolve(name);
    if (reason !== undefined) gauges.set(name, reason);
  });
  return gauges;
}

/** A name recording rules record, for recordedGauges: its expressions and whether it is a gauge. */
interface RecordedName {
  file: string;
  exprs: Expr[];
  state: "new" | "open" | "done";
  /** Why it is a gauge, once done (undefined: not certainly one). */
  reason: string | undefined;
}

/** A generated dashboard's own rule file, from the layout conventions.ts defines. */
function siblingRuleFile(dashboardAbs: string): string | undefined {
  const id = basename(dashboardAbs, ".json");
  const own = paths.dashboard(id);
  if (!dashboardAbs.endsWith(own)) return undefined;
  return join(dashboardAbs.slice(0, -own.length), paths.rules(id));
}

type Loaded = Awaited<ReturnType<typeof loadContracts>>;

/** What every file's checks share: the run's records and gauges, contracts, alert names. */
interface Shared {
  gauges: Map<string, string>;
  recordingRules: Set<string>;
  loaded: Loaded | undefined;
}

/** Alert names of rule files (absolute paths), from the models at hand or parsed on demand. */
function alertNamesFrom(ruleModels: Map<string, RuleFileModel>, opts: ValidateOptions): CheckContext["alertNames"] {
  return async (files) => {
    const names = new Set<string>();
    for (const f of files) {
      let m = ruleModels.get(f);
      if (m === undefined) {
        try {
          m = (await checkRuleFile(displayPath(f, opts.cwd), readFileSync(f, "utf8"), opts.target)).model;
        } catch {
          m = undefined;
        }
        if (m !== undefined) ruleModels.set(f, m);
      }
      for (const r of m?.rules ?? []) if (r.kind === "alert") names.add(r.name);
    }
    return names;
  };
}

/** Runs the enabled checks on one parsed file. */
async function checkFile(p: Parsed, shared: Shared, alertNames: CheckContext["alertNames"], opts: ValidateOptions): Promise<FileResult> {
  const enabled = checks.filter((c) => c.class === "bug" || opts.lint.all || opts.lint.names.has(c.name));
  const problems = [...p.problems];
  const loaded = shared.loaded;
  if (p.model !== undefined) {
    const source = generatedFrom(p.model);
    let contract: ContractInfo | undefined;
    let contractUnavailable: string | undefined;
    if (source !== undefined && loaded !== undefined) {
      const byUid = p.model.kind === "dashboard" && p.model.uid !== undefined ? loaded.uids.get(p.model.uid) : undefined;
      contract = loaded.contracts.get(source) ?? loaded.contracts.get(basename(source, ".ts")) ?? (byUid === undefined ? undefined : loaded.contracts.get(byUid));
      if (contract === undefined) contractUnavailable = loaded.error ?? `no experiment ${source} under ${opts.experiments}/`;
    }
    let fileGauges: ReadonlyMap<string, string> = shared.gauges;
    if (contract !== undefined && contract.gauges.size > 0) {
      const merged = new Map(shared.gauges);
      for (const g of contract.gauges) merged.set(g, `a gauge of the metric contract of experiment ${JSON.stringify(contract.experimentId)}`);
      fileGauges = merged;
    }
    const ctx: CheckContext = {
      evaluationIntervalMs: opts.evaluationIntervalMs,
      target: opts.target,
      gauges: fileGauges,
      recordingRules: shared.recordingRules,
      contract,
      contractUnavailable,
      alertNames,
    };
    for (const check of enabled) {
      if (check.kind !== p.model.kind) continue;
      try {
        const run = check.run as (this: unknown, m: FileModel, c: CheckContext) => ValidationProblem[] | Promise<ValidationProblem[]>;
        const found = run.call(check, p.model, ctx);
        // Most checks are synchronous: awaiting only promises saves a microtask per check and file.
        problems.push(...(found instanceof Promise ? await found : found));
      } catch (e) {
        problems.push(problem(check.name, "error", p.file, `check failed: ${e instanceof Error ? e.message : String(e)} (this is a bug in abwatch)`));
      }
    }
  }
  const final = opts.strict ? problems.map((x) => (x.severity === "warning" ? { ...x, severity: "error" as const } : x)) : problems;
  return { file: p.file, kind: p.kind, problems: sortProblems(final) };
}

/** The worker's files, as the main thread first hears of them. */
interface RemoteFile {
  index: number;
  abs: string;
  summary: RuleSummary | undefined;
  generatedFrom: string | undefined;
}
type WorkerParse = { index: number; skipped: true } | { index: number; deferred: true } | RemoteFile;

/** What the worker is asked to parse: files by their index in the run. */
interface WorkerJob {
  files: { index: number; abs: string; explicit: boolean }[];
  opts: ValidateOptions;
}

/**
 * The worker's side (src/cli/validate-main.ts starts it; protocol in validatePaths): parses its
 * rule files, answers with their summaries, waits for what the run shares, answers with results.
 * Files of other kinds, and files it cannot read, it leaves to the main thread ("deferred").
 */
export async function serveWorker(): Promise<void> {
  const ch = workerChannel();
  const { files, opts } = await ch.next<WorkerJob>();
  const mine: { index: number; parsed: Parsed }[] = [];
  const replies: WorkerParse[] = [];
  for (const f of files) {
    try {
      const text = readFileSync(f.abs, "utf8");
      const kind = opts.kind ?? (f.explicit ? detectKind(f.abs, text) : detectKnownKind(f.abs, text));
      if (kind === undefined) replies.push({ index: f.index, skipped: true });
      else if (kind !== "rules") replies.push({ index: f.index, deferred: true });
      else {
        const file = displayPath(f.abs, opts.cwd);
        const r = await checkRuleFile(file, text, opts.target);
        mine.push({ index: f.index, parsed: { file, abs: f.abs, kind, model: r.model, problems: r.problems } });
        const summary = r.model === undefined ? undefined : { file: r.model.file, rules: r.model.rules.map((x) => ({ kind: x.kind, name: x.name, expr: x.kind === "record" ? x.expr : undefined })) };
        replies.push({ index: f.index, abs: f.abs, summary, generatedFrom: r.model?.generatedFrom });
      }
    } catch {
      replies.push({ index: f.index, deferred: true });
    }
  }
  ch.send(replies);
  const shared = await ch.next<Shared>();
  const ruleModels = new Map<string, RuleFileModel>();
  for (const m of mine) if (m.parsed.model?.kind === "rules") ruleModels.set(m.parsed.abs, m.parsed.model);
  const alertNames = alertNamesFrom(ruleModels, opts);
  const results: { index: number; result: FileResult }[] = [];
  for (const m of mine) results.push({ index: m.index, result: await checkFile(m.parsed, shared, alertNames, opts) });
  ch.send(results);
  ch.close();
}

export async function validatePaths(inputs: readonly string[], opts: ValidateOptions): Promise<ValidationResult> {
  checkLintNames(opts.lint);
  const found = expandPaths(inputs, (p) => resolve(opts.cwd, p));

  // A large run parses part of its files in a worker (./parallel.ts): those stay there, and only
  // their summaries come back here, in file order with this thread's own.
  const split = splitRun(found.map((f) => f.file));
  let worker: Channel | undefined;
  if (split !== undefined) {
    try {
      worker = startWorker();
      worker.send({ files: split.worker.map((index) => ({ index, abs: found[index]!.file, explicit: found[index]!.explicit })), opts } satisfies WorkerJob);
    } catch {
      worker = undefined; // no thread: this one parses everything
    }
  }
  const slots: ({ parsed: Parsed } | { remote: RemoteFile } | { error: unknown } | undefined)[] = new Array(found.length);
  const parseHere = async (i: number) => {
    const f = found[i]!;
    try {
      const p = await parseFile(f.file, displayPath(f.file, opts.cwd), opts.kind, f.explicit, opts.target);
      slots[i] = p === undefined ? undefined : { parsed: p };
    } catch (e) {
      slots[i] = { error: e }; // thrown below, in file order
    }
  };
  for (const i of worker === undefined ? found.keys() : split!.main) await parseHere(i);
  if (worker !== undefined) {
    let replies: WorkerParse[];
    try {
      replies = await worker.next<WorkerParse[]>();
    } catch {
      worker = undefined; // it failed: this thread parses its share too
      replies = split!.worker.map((index) => ({ index, deferred: true }));
    }
    for (const r of replies) {
      if ("deferred" in r) await parseHere(r.index);
      else if ("skipped" in r) slots[r.index] = undefined;
      else slots[r.index] = { remote: r };
    }
  }
  for (const s of slots) if (s !== undefined && "error" in s) throw s.error;

  const parsed = slots.flatMap((s) => (s !== undefined && "parsed" in s ? [s.parsed] : []));
  const ruleModels = new Map<string, RuleFileModel>();
  for (const p of parsed) if (p.model?.kind === "rules") ruleModels.set(p.abs, p.model);
  // Every rule file of the run in file order, wherever it was parsed.
  const summaries = new Map<string, RuleSummary>();
  for (const s of slots) {
    if (s === undefined || "error" in s) continue;
    if ("parsed" in s) {
      if (s.parsed.model?.kind === "rules") summaries.set(s.parsed.abs, s.parsed.model);
    } else if (s.remote.summary !== undefined) summaries.set(s.remote.abs, s.remote.summary);
  }
  const recordingRules = new Set<string>();
  for (const m of summaries.values()) addRecordNames(m, recordingRules);

  // A generated dashboard's queries may read its own rule file's records even when only the
  // dashboard was named on the command line.
  for (const p of parsed) {
    if (p.model?.kind !== "dashboard" || p.model.generatedFrom === undefined) continue;
    const sibling = siblingRuleFile(p.abs);
    if (sibling === undefined || summaries.has(sibling)) continue;
    try {
      const r = await checkRuleFile(displayPath(sibling, opts.cwd), readFileSync(sibling, "utf8"), opts.target);
      if (r.model !== undefined) {
        ruleModels.set(sibling, r.model);
        summaries.set(sibling, r.model);
        addRecordNames(r.model, recordingRules);
      }
    } catch {
      // no rule file next to it: only the contract provides metrics
    }
  }

  const gauges = recordedGauges(summaries.values());
  const needContracts = slots.some((s) => s !== undefined && ("parsed" in s ? generatedFrom(s.parsed.model) !== undefined : "remote" in s && s.remote.generatedFrom !== undefined));
  const loaded = needContracts ? await loadContracts(opts) : undefined;
  const shared: Shared = { gauges, recordingRules, loaded };

  let remoteResults: Promise<{ index: number; result: FileResult }[]> | undefined;
  if (worker !== undefined) {
    worker.send(shared);
    remoteResults = worker.next();
  }
  const alertNames = alertNamesFrom(ruleModels, opts);
  const results: (FileResult | undefined)[] = new Array(found.length);
  for (let i = 0; i < slots.length; i++) {
    const s = slots[i];
    if (s !== undefined && "parsed" in s) results[i] = await checkFile(s.parsed, shared, alertNames, opts);
  }
  if (remoteResults !== undefined) {
    try {
      for (const r of await remoteResults) results[r.index] = r.result;
    } catch {
      // The worker failed after parsing: its files are parsed and checked here after all.
      for (let i = 0; i < slots.length; i++) {
        if (slots[i] === undefined || !("remote" in slots[i]!)) continue;
        const f = found[i]!;
        const p = await parseFile(f.file, displayPath(f.file, opts.cwd), opts.kind, f.explicit, opts.target);
        if (p !== undefined) results[i] = await checkFile(p, shared, alertNames, opts);
      }
    }
    worker!.close();
  }
  const files = results.filter((r): r is FileResult => r !== undefined);
  const all = files.flatMap((f) => f.problems);
  return {
    files,
    problems: all,
    errors: all.filter((p) => p.severity === "error").length,
    warnings: all.filter((p) => p.severity === "warning").length,
  };
}
