// The reference exporter a service embeds: one experiment's metrics on a prom-client Registry,
// registered from the metric contract the compilers read (names, label names and values, buckets,
// scope labels), so what the service exports is what the rules and dashboards query. A metric the
// experiment declares `false` is not registered.
import { Counter, Gauge, Histogram, Registry } from "prom-client";
import { metricContract, type MetricContract } from "../model/contract.ts";
import { ExperimentSchema, type Experiment, type ExperimentInput } from "../model/schema.ts";
import { AccuracyWindow } from "./accuracy-window.ts";
import { ExporterInputError } from "./errors.ts";

/** One request an arm served. */
export interface RequestRecord {
  arm: string;
  latencySeconds: number;
  /** false: the request failed (counted with the contract's error status). */
  ok: boolean;
  /** 0..1, observed into the prediction-score histogram when the contract has it. */
  score?: number;
  /** 0..1, observed into the confidence histogram when the contract has it. */
  confidence?: number;
  /** A labelled outcome: counts into predictions evaluated (correct or incorrect) and the accuracy window. */
  correct?: boolean;
}

export type BusinessKey = "revenueLift" | "costImpact" | "riskReduction" | "netBusinessValue";
/** Business impact in percent, by component; components left out keep their last value. */
export type BusinessValues = Partial<Record<BusinessKey, number>>;

export interface ExperimentMetrics {
  /** The experiment, parsed, every default filled. */
  readonly experiment: Experiment;
  /** The metric contract the series follow (the compilers read the same). */
  readonly contract: MetricContract;
  /** The registry the metrics live on: the one passed in, or a new one (never the global one). */
  readonly registry: Registry;
  /** Records one request; all-or-nothing: a bad field throws ExporterInputError and records nothing. */
  record(r: RequestRecord): void;
  /** Records many requests; every record is validated first, and a bad one throws and records nothing. */
  recordBatch(rs: readonly RequestRecord[]): void;
  /**
   * Records a labelled outcome that arrives after its request (a click, a human label): predictions
   * evaluated and the accuracy window, no request. `correct` on a RequestRecord does the same inline.
   */
  recordOutcome(arm: string, correct: boolean): void;
  /** Sets an arm's accuracy gauge (percent); from then on the service owns it, not the outcome window. */
  setAccuracy(arm: string, percent: number): void;
  /** Sets the business-impact gauges (percent); throws when the experiment declares no business metric. */
  setBusinessImpact(v: BusinessValues): void;
}

export interface ExperimentMetricsOptions {
  /** Where to register (default: a new Registry). Experiments sharing metric names can share one. */
  registry?: Registry;
  /** Labelled outcomes per arm in the accuracy window (default 1000). */
  accuracyWindow?: number;
}

export const DEFAULT_ACCURACY_WINDOW = 1000;

const HELP = {
  requests: "Requests served by each arm of an A/B experiment, by status",
  responseTime: "Response time of each arm of an A/B experiment, in seconds",
  accuracy: "Live accuracy of each arm of an A/B experiment, percent",
  predictionsEvaluated: "Labelled predictions of each arm of an A/B experiment, by outcome",
  predictionScore: "Prediction scores (0-1) of each arm of an A/B experiment",
  confidence: "Prediction confidence (0-1) of each arm of an A/B experiment",
  businessImpact: "Business impact of an A/B experiment, percent, by component",
} as const;

const BUSINESS_KEYS: readonly BusinessKey[] = ["revenueLift", "costImpact", "riskReduction", "netBusinessValue"];

type Labels = Record<string, string>;

interface ArmState {
  name: string;
  labels: Labels;
  success: Labels;
  error: Labels;
  correct: Labels;
  incorrect: Labels;
  window: AccuracyWindow;
  /** The service called setAccuracy: the window no longer sets the gauge. */
  serviceOwned: boolean;
  // Per-batch tallies, so a batch increments each counter series once.
  nSuccess: number;
  nError: number;
  nCorrect: number;
  nIncorrect: number;
}

// ---- metrics shared by experiments on one registry ----------------------------------------------

type AnyMetric = Counter<string> | Gauge<string> | Histogram<string>;
/** What makes two registrations the same metric: type, label names, buckets. */
const signatures = new WeakMap<object, string>();
/** Accuracy gauges read their windows at scrape time; one gauge may serve several experiments. */
const scrapeHooks = new WeakMap<object, Set<() => void>>();

function signature(type: string, labelNames: readonly string[], buckets?: readonly number[]): string {
  return `${type}|${[...labelNames].sort().join(",")}|${buckets?.join(",") ?? ""}`;
}

function register<M extends AnyMetric>(
  registry: Registry,
  field: string,
  name: string,
  type: "counter" | "gauge" | "histogram",
  labelNames: readonly string[],
  create: () => M,
  buckets?: readonly number[],
): M {
  const sig = signature(type, labelNames, buckets);
  const existing = registry.getSingleMetric(name);
  if (existing !== undefined) {
    if (signatures.get(existing) === sig) return existing as M;
    throw new ExporterInputError(
      `experiment.metrics.names.${field}`,
      `a metric name not yet registered with other labels or buckets: "${name}" is already on this registry ` +
        `(${signatures.has(existing) ? "another experiment with different label names or buckets" : "registered outside abwatch"}); ` +
        "give the experiment its own registry",
    );
  }
  const m = create();
  signatures.set(m, sig);
  return m;
}

// ---- parsing ------------------------------------------------------------------------------------

function issuePath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((s, k) => (typeof k === "number" ? `${s}[${k}]` : `${s}.${String(k)}`), "experiment");
}

function parseExperiment(input: unknown): Experiment {
  const parsed = ExperimentSchema.safeParse(input);
  if (parsed.success) return parsed.data;
  const first = parsed.error.issues[0]!;
  const more = parsed.error.issues.length - 1;
  const text = first.message.startsWith("expected ") ? first.message.slice("expected ".length) : `a valid value (${first.message})`;
  throw new ExporterInputError(issuePath(first.path), more > 0 ? `${text} (and ${more} more problem${more === 1 ? "" : "s"})` : text);
}

function accuracyWindowSize(v: unknown): number {
  if (v === undefined) return DEFAULT_ACCURACY_WINDOW;
  if (typeof v !== "number" || !Number.isInteger(v) || v < 1 || v > 10_000_000) {
    throw new ExporterInputError("options.accuracyWindow", "a number of labelled outcomes, an integer from 1 to 10,000,000", v);
  }
  return v;
}

// ---- the exporter -------------------------------------------------------------------------------

const isUnit = (v: unknown) => typeof v === "number" && v >= 0 && v <= 1;

class Metrics implements ExperimentMetrics {
  readonly experiment: Experiment;
  readonly contract: MetricContract;
  readonly registry: Registry;
  private readonly arms = new Map<string, ArmState>();
  private readonly armList: ArmState[] = [];
  private readonly armNames: string;
  private readonly requests: Counter<string>;
  private readonly responseTime: Histogram<string>;
  private readonly accuracy: Gauge<string>;
  private readonly evaluated: Counter<string> | undefined;
  private readonly score: Histogram<string> | undefined;
  private readonly confidence: Histogram<string> | undefined;
  private readonly business: { gauge: Gauge<string>; labels: Record<BusinessKey, Labels> } | undefined;

  constructor(experiment: Experiment, registry: Registry, windowSize: number) {
    this.experiment = experiment;
    this.registry = registry;
    const c = (this.contract = metricContract(experiment));
    const { labels: l, values: v, scope, names, buckets } = c;
    const own = [l.model, l.status, l.outcome, l.metricType];
    const clash = Object.keys(scope).find((k) => own.includes(k));
    if (clash !== undefined) {
      throw new ExporterInputError("experiment.metrics.scope", `scope labels other than the contract's own label names (${own.join(", ")})`, clash);
    }
    const scopeNames = Object.keys(scope);
    const armLabelNames = [...scopeNames, l.model];
    const registers = [registry];

    this.requests = register(registry, "requests", names.requests, "counter", [...armLabelNames, l.status], () =>
      new Counter({ name: names.requests, help: HELP.requests, labelNames: [...armLabelNames, l.status], registers }),
    );
    this.responseTime = register(registry, "responseTime", names.responseTime, "histogram", armLabelNames, () =>
      new Histogram({ name: names.responseTime, help: HELP.responseTime, labelNames: armLabelNames, buckets: [...buckets.responseTime], registers }),
      buckets.responseTime,
    );
    this.accuracy = register(registry, "accuracy", names.accuracy, "gauge", armLabelNames, () =>
      new Gauge({
        name: names.accuracy,
        help: HELP.accuracy,
        labelNames: armLabelNames,
        registers,
        collect() {
          for (const h of scrapeHooks.get(this) ?? []) h();
        },
      }),
    );
    let hooks = scrapeHooks.get(this.accuracy);
    if (hooks === undefined) scrapeHooks.set(this.accuracy, (hooks = new Set()));
    hooks.add(() => this.publishAccuracy());

    const predictionsEvaluated = names.predictionsEvaluated;
    this.evaluated =
      predictionsEvaluated === undefined
        ? undefined
        : register(registry, "predictionsEvaluated", predictionsEvaluated, "counter", [...armLabelNames, l.outcome], () =>
            new Counter({ name: predictionsEvaluated, help: HELP.predictionsEvaluated, labelNames: [...armLabelNames, l.outcome], registers }),
          );
    const unitHistogram = (field: "predictionScore" | "confidence", name: string | undefined, bs: readonly number[]) =>
      name === undefined
        ? undefined
        : register(registry, field, name, "histogram", armLabelNames, () =>
            new Histogram({ name, help: HELP[field], labelNames: armLabelNames, buckets: [...bs], registers }),
            bs,
          );
    this.score = unitHistogram("predictionScore", names.predictionScore, buckets.predictionScore);
    this.confidence = unitHistogram("confidence", names.confidence, buckets.confidence);
    const businessImpact = names.businessImpact;
    if (businessImpact !== undefined) {
      const gauge = register(registry, "businessImpact", businessImpact, "gauge", [...scopeNames, l.metricType], () =>
        new Gauge({ name: businessImpact, help: HELP.businessImpact, labelNames: [...scopeNames, l.metricType], registers }),
      );
      const labels = Object.fromEntries(BUSINESS_KEYS.map((k) => [k, { ...scope, [l.metricType]: v[k] }])) as Record<BusinessKey, Labels>;
      this.business = { gauge, labels };
    }

    for (const arm of experiment.arms) {
      const labels = { ...scope, [l.model]: arm.name };
      const state: ArmState = {
        name: arm.name,
        labels,
        success: { ...labels, [l.status]: v.success },
        error: { ...labels, [l.status]: v.error },
        correct: { ...labels, [l.outcome]: v.correct },
        incorrect: { ...labels, [l.outcome]: v.incorrect },
        window: new AccuracyWindow(windowSize),
        serviceOwned: false,
        nSuccess: 0,
        nError: 0,
        nCorrect: 0,
        nIncorrect: 0,
      };
      this.arms.set(arm.name, state);
      this.armList.push(state);
      // Every series an arm can have starts at zero, so a rate sees the first error too.
      this.requests.inc(state.success, 0);
      this.requests.inc(state.error, 0);
      this.responseTime.zero(labels);
      this.evaluated?.inc(state.correct, 0);
      this.evaluated?.inc(state.incorrect, 0);
      this.score?.zero(labels);
      this.confidence?.zero(labels);
    }
    this.armNames = experiment.arms.map((a) => a.name).join(", ");
  }

  record(r: RequestRecord): void {
    const a = this.check(r, -1);
    if (r.ok) this.requests.inc(a.success);
    else this.requests.inc(a.error);
    this.observe(a, r);
    if (r.correct !== undefined) this.evaluated?.inc(r.correct ? a.correct : a.incorrect);
  }

  recordBatch(rs: readonly RequestRecord[]): void {
    if (!Array.isArray(rs)) throw new ExporterInputError("records", "an array of request records", rs);
    const states: ArmState[] = new Array(rs.length);
    for (let i = 0; i < rs.length; i++) states[i] = this.check(rs[i]!, i);
    for (let i = 0; i < rs.length; i++) {
      const a = states[i]!;
      const r = rs[i]!;
      if (r.ok) a.nSuccess++;
      else a.nError++;
      this.observe(a, r);
      if (r.correct === true) a.nCorrect++;
      else if (r.correct === false) a.nIncorrect++;
    }
    for (const a of this.armList) {
      if (a.nSuccess > 0) this.requests.inc(a.success, a.nSuccess);
      if (a.nError > 0) this.requests.inc(a.error, a.nError);
      if (a.nCorrect > 0) this.evaluated?.inc(a.correct, a.nCorrect);
      if (a.nIncorrect > 0) this.evaluated?.inc(a.incorrect, a.nIncorrect);
      a.nSuccess = a.nError = a.nCorrect = a.nIncorrect = 0;
    }
  }

  recordOutcome(arm: string, correct: boolean): void {
    const a = this.arms.get(arm);
    if (a === undefined) throw this.unknownArm("arm", arm);
    if (typeof correct !== "boolean") throw new ExporterInputError("correct", "true or false", correct);
    this.evaluated?.inc(correct ? a.correct : a.incorrect);
    a.window.push(correct);
  }

  setAccuracy(arm: string, percent: number): void {
    const a = this.arms.get(arm);
    if (a === undefined) throw this.unknownArm("arm", arm);
    if (typeof percent !== "number" || !(percent >= 0 && percent <= 100)) {
      throw new ExporterInputError("percent", "an accuracy in percent, a number from 0 to 100", percent);
    }
    a.serviceOwned = true;
    this.accuracy.set(a.labels, percent);
  }

  setBusinessImpact(v: BusinessValues): void {
    const b = this.business;
    if (b === undefined) {
      throw new ExporterInputError(
        "businessImpact",
        "no business values: the experiment declares metrics.names.businessImpact false, so the metric is not exported",
      );
    }
    if (typeof v !== "object" || v === null) throw new ExporterInputError("businessImpact", "an object of business values in percent", v);
    const entries = Object.entries(v);
    for (const [k, x] of entries) {
      if (!(BUSINESS_KEYS as readonly string[]).includes(k)) {
        throw new ExporterInputError(`businessImpact.${k}`, `one of the business components ${BUSINESS_KEYS.join(", ")}`, k);
      }
      if (typeof x !== "number" || !Number.isFinite(x)) {
        throw new ExporterInputError(`businessImpact.${k}`, "a finite number (percent)", x);
      }
    }
    for (const [k, x] of entries) b.gauge.set(b.labels[k as BusinessKey], x as number);
  }

  /** Validates one record and returns its arm; `index` < 0 for record(), else its place in the batch. */
  private check(r: RequestRecord, index: number): ArmState {
    const at = (field: string) => (index < 0 ? field || "record" : `records[${index}]${field ? `.${field}` : ""}`);
    if (typeof r !== "object" || r === null) throw new ExporterInputError(at(""), "a request record object", r);
    const a = this.arms.get(r.arm);
    if (a === undefined) throw this.unknownArm(at("arm"), r.arm);
    const l = r.latencySeconds;
    if (typeof l !== "number" || !(l >= 0) || l === Infinity) {
      throw new ExporterInputError(at("latencySeconds"), "a latency in seconds, a finite number >= 0", l);
    }
    if (typeof r.ok !== "boolean") throw new ExporterInputError(at("ok"), "true or false", r.ok);
    if (r.score !== undefined && !isUnit(r.score)) throw new ExporterInputError(at("score"), "a score from 0 to 1", r.score);
    if (r.confidence !== undefined && !isUnit(r.confidence)) {
      throw new ExporterInputError(at("confidence"), "a confidence from 0 to 1", r.confidence);
    }
    if (r.correct !== undefined && typeof r.correct !== "boolean") throw new ExporterInputError(at("correct"), "true, false or nothing", r.correct);
    return a;
  }

  /** The histograms and the accuracy window (the counters are the callers'). */
  private observe(a: ArmState, r: RequestRecord): void {
    this.responseTime.observe(a.labels, r.latencySeconds);
    if (r.score !== undefined) this.score?.observe(a.labels, r.score);
    if (r.confidence !== undefined) this.confidence?.observe(a.labels, r.confidence);
    if (r.correct !== undefined) a.window.push(r.correct);
  }

  private unknownArm(path: string, arm: unknown): ExporterInputError {
    // The cardinality guard: a typo or an undeclared arm would open new series.
    return new ExporterInputError(path, `one of the experiment's arms (${this.armNames}); other arm names are refused so they cannot open new series`, arm);
  }

  /** At scrape time: arms the service does not set get the accuracy of their last outcomes. */
  private publishAccuracy(): void {
    for (const a of this.armList) {
      if (a.serviceOwned) continue;
      const p = a.window.percent();
      if (p !== undefined) this.accuracy.set(a.labels, p);
    }
  }
}

/**
 * The metrics of one experiment, for a service to record its requests into. `experiment` is what
 * an experiment file default-exports (or an already parsed Experiment).
 */
export function createExperimentMetrics(experiment: ExperimentInput | Experiment, options: ExperimentMetricsOptions = {}): ExperimentMetrics {
  const exp = parseExperiment(experiment);
  const size = accuracyWindowSize(options.accuracyWindow);
  const registry = options.registry ?? new Registry();
  return new Metrics(exp, registry, size);
}
