// Every quantity abwatch records, defined once as PromQL over a Source. Recording rules are these
// definitions over the service's raw metrics (inline.ts), except the sequential chain, whose links
// each read one other recorded rule (`reads`, see sequential.ts); inlined all the way down, they
// give the same alerts without recording rules.
//
// Guards follow ../shared/PROMQL-STATS.md: every denominator is filtered with `> 0` so zero traffic
// gives no series instead of NaN, and missing arms or outcomes are filled with zeros.
import { OUT, OUTCOME, STATISTIC, type RecordKey } from "../../model/conventions.ts";
import { num, promString, type Matchers } from "../promql.ts";
import { MIN_LABELLED_PER_ARM } from "../../stats/design.ts";
import { olderThanHorizon, sinceStart } from "./sequential.ts";
import type { ArmFilter, QuantityContext, Source } from "./source.ts";

/**
 * arm: one series per arm, labelled by the data; treatment: one per treatment arm, compared with
 * the control, labelled by the rule; config: one per arm from the experiment's declaration;
 * experiment: one series for the whole experiment.
 */
export type Shape = "arm" | "treatment" | "config" | "experiment";
export type Feature = "significance" | "drift" | "confidence" | "business" | "forecast";

type Expr = (ctx: QuantityContext, src: Source, arm?: ArmFilter, extra?: Matchers) => string;

export interface Quantity {
  key: RecordKey;
  shape: Shape;
  needs?: Feature;
  /**
   * The one recording rule this rule reads instead of raw metrics: the links of the sequential
   * chain (sequential.ts says why that is safe). The rule reads it through the recorded source.
   */
  reads?: RecordKey;
  /** For treatment and config shapes `arm` is one arm's name; for arm shapes it narrows the raw selectors. */
  expr?: Expr;
  /**
   * Several series in one rule, told apart by `label` (one remote-write batch, so a reader never
   * mixes evaluations). A matcher on `label` in a query picks one of them.
   */
  outputs?: { label: string; values: Readonly<Record<string, Expr>> };
}

const M = OUT.model;
const ST = OUT.statistic;

/** The quantity's PromQL: its expression, or the output a matcher on its output label picks, or all outputs. */
export function expressionOf(q: Quantity, ctx: QuantityContext, src: Source, arm?: ArmFilter, extra: Matchers = {}): string {
  if (q.outputs === undefined) return q.expr!(ctx, src, arm, extra);
  const { label, values } = q.outputs;
  const { [label]: chosen, ...rest } = extra;
  if (chosen !== undefined) return values[chosen]!(ctx, src, arm, rest);
  const indent = (e: string) => e.replace(/\n/g, "\n    ");
  return Object.entries(values)
    .map(([value, f]) => `label_replace(\n    ${indent(f(ctx, src, arm, rest))},\n  ${promString(label)}, ${promString(value)}, "", ""\n)`)
    .join("\nor\n");
}

export const QUANTITIES: readonly Quantity[] = [
  // Declared weights as series, so expected counts and deviations are plain vector arithmetic.
  { key: "armWeight", shape: "config", expr: ({ exp }, _src, arm) => `vector(${num(exp.arms.find((a) => a.name === arm)!.weight)})` },

  // Traffic.
  {
    key: "requestsRate5m",
    shape: "arm",
    expr: ({ c, raw }, _src, arm) => raw.byArm("sum", `rate(${raw.sel(c.names.requests, {}, arm)}[5m])`),
  },
  {
    key: "errorsRate5m",
    shape: "arm",
    // An arm without a single error has no error series: fill it with 0 from its request rate.
    expr: ({ c, raw }, src, arm) =>
      `${raw.byArm("sum", `rate(${raw.sel(c.names.requests, { [c.labels.status]: c.values.error }, arm)}[5m])`)}\n` +
      `  or on (${M}) (${src.q("requestsRate5m", arm)} * 0)`,
  },
  {
    key: "errorRatio5m",
    shape: "arm",
    expr: (_ctx, src, arm) => `${src.q("errorsRate5m", arm)}\n  / on (${M}) (${src.q("requestsRate5m", arm)} > 0)`,
  },
  {
    key: "requestsIncrease1h",
    shape: "arm",
    expr: ({ c, raw }, _src, arm) => raw.byArm("sum", `increase(${raw.sel(c.names.requests, {}, arm)}[1h])`),
  },
  { key: "totalRate5m", shape: "experiment", expr: (_ctx, src) => `sum(${src.q("requestsRate5m")})` },
  { key: "totalIncrease1h", shape: "experiment", expr: (_ctx, src) => `sum(${src.q("requestsIncrease1h")})` },
  {
    key: "share5m",
    shape: "arm",
    expr: (_ctx, src, arm) => `${src.q("requestsRate5m", arm)}\n  / on () group_left () (${src.q("totalRate5m")} > 0)`,
  },
  {
    key: "share1h",
    shape: "arm",
    expr: (_ctx, src, arm) => `${src.q("requestsIncrease1h", arm)}\n  / on () group_left () (${src.q("totalIncrease1h")} > 0)`,
  },
  // Latency: bucket rates per arm once, then three quantiles from them.
  {
    key: "latencyBuckets",
    shape: "arm",
    expr: ({ c, raw }, _src, arm, extra) => raw.byArm("sum", `rate(${raw.sel(`${c.names.responseTime}_bucket`, {}, arm, extra)}[5m])`, ["le"]),
  },
  ...([
    ["latencyP50", 0.5],
    ["latencyP95", 0.95],
    ["latencyP99", 0.99],
  ] as const).map(
    ([key, q]): Quantity => ({
      key,
      shape: "arm",
      expr: (_ctx, src, arm) =>
        `histogram_quantile(${num(q)}, ${src.q("latencyBuckets", arm)})\n` +
        `  and on (${M}) (${src.q("latencyBuckets", arm, { le: "+Inf" })} > 0)`,
    }),
  ),

  // Accuracy.
  {
    key: "accuracy",
    shape: "arm",
    expr: ({ c, raw }, _src, arm) => raw.byArm("avg", raw.sel(c.names.accuracy, {}, arm)),
  },
  {
    key: "accuracy15m",
    shape: "arm",
    expr: ({ c, raw }, _src, arm) => raw.byArm("avg", `avg_over_time(${raw.sel(c.names.accuracy, {}, arm)}[15m])`),
  },
  {
    key: "accuracyDifference",
    shape: "treatment",
    expr: ({ c }, src, arm) => `${src.q("accuracy", arm)}\n  - ignoring (${M}) ${src.q("accuracy", c.control.name)}`,
  },
  {
    key: "revenueForecast",
    shape: "treatment",
    needs: "forecast",
    // Daily requests × accuracy improvement (points → fraction) × revenue per prediction.
    expr: ({ exp }, src, arm) =>
      `${num(exp.business!.dailyRequests)} * ${src.q("accuracyDifference", arm)} / 100 * ${num(exp.business!.revenuePerPrediction)}`,
  },

  // Sequential tests (sequential.ts): counts since the start, then each test's statistics.
  {
    key: "evaluatedIncrease1h",
    shape: "arm",
    needs: "significance",
    // Correct and all labelled predictions per hour, in one rule; an arm without a correct one counts 0.
    outputs: {
      label: OUT.outcome,
      values: {
        [OUTCOME.correct]: ({ c, raw }, _src, arm) =>
          `${raw.byArm("sum", `increase(${raw.sel(c.names.predictionsEvaluated!, { [c.labels.outcome]: c.values.correct }, arm)}[1h])`)}\n` +
          `  or on (${M}) (${raw.byArm("sum", `increase(${raw.sel(c.names.predictionsEvaluated!, {}, arm)}[1h])`)} * 0)`,
        [OUTCOME.all]: ({ c, raw }, _src, arm) => raw.byArm("sum", `increase(${raw.sel(c.names.predictionsEvaluated!, {}, arm)}[1h])`),
      },
    },
  },
  {
    key: "requestsCumulative",
    shape: "arm",
    reads: "requestsIncrease1h",
    expr: ({ exp, c, raw }, src, arm) =>
      `${sinceStart(src.q("requestsIncrease1h", arm), exp)}\n  unless on () ${olderThanHorizon(raw.sel(c.names.requests), exp)}`,
  },
  {
    key: "evaluatedCumulative",
    shape: "arm",
    needs: "significance",
    reads: "evaluatedIncrease1h",
    expr: ({ exp, c, raw }, src, arm, extra) =>
      `${sinceStart(src.q("evaluatedIncrease1h", arm, extra), exp)}\n  unless on () ${olderThanHorizon(raw.sel(c.names.predictionsEvaluated!), exp)}`,
  },
  {
    key: "srmCumulative",
    shape: "experiment",
    reads: "requestsCumulative",
    // N: requests of the declared arms; Pearson's chi-square as Σ O² / (N w) − N, one term per arm,
    // so an arm without traffic simply adds nothing (it counts as observed 0).
    outputs: {
      label: ST,
      values: {
        [STATISTIC.requests]: (ctx, src) => `${requestsSinceStart(ctx, src)} >= ${num(Math.max(1, ctx.exp.thresholds.minSamples))}`,
        [STATISTIC.chi2]: (ctx, src) => {
          const n = requestsSinceStart(ctx, src);
          const terms = ctx.exp.arms.map((a) => `${src.q("requestsCumulative", a.name)} ^ 2 / ${num(a.weight)}`);
          return `sum(\n    ${terms.join("\n  or\n    ")}\n)\n  / (${n} >= ${num(Math.max(1, ctx.exp.thresholds.minSamples))})\n- ${n}`;
        },
      },
    },
  },
  {
    key: "accuracyCumulative",
    shape: "arm",
    needs: "significance",
    reads: "evaluatedCumulative",
    // Per arm, with one pseudo-success and one pseudo-failure (Agresti–Caffo, stats/proportions.ts):
    // accuracy (s + 1) / (n + 2) and its variance (s + 1) (n − s + 1) / (n + 2)³, once the arm has
    // MIN_LABELLED_PER_ARM labelled predictions.
    outputs: {
      label: ST,
      values: {
        [STATISTIC.estimate]: (ctx, src, arm) => {
          const { s, n } = outcomes(ctx, src, arm);
          return `(${s} + 1)\n  / ignoring (${OUT.outcome})\n(${n} + 2)`;
        },
        [STATISTIC.variance]: (ctx, src, arm) => {
          const { s, n, all } = outcomes(ctx, src, arm);
          const on = `ignoring (${OUT.outcome})`;
          return `(${s} + 1)\n  * ${on} (${all} - ${on} ${s} + 1)\n  / ${on} (${n} + 2) ^ 3`;
        },
      },
    },
  },
  {
    key: "accuracyDifferenceCumulative",
    shape: "arm",
    needs: "significance",
    reads: "accuracyCumulative",
    // Per treatment: its accuracy minus the control's, and the sum of their variances.
    outputs: {
      label: ST,
      values: {
        [STATISTIC.estimate]: (ctx, src, arm) => difference(ctx, src, arm, STATISTIC.estimate, "-"),
        [STATISTIC.variance]: (ctx, src, arm) => difference(ctx, src, arm, STATISTIC.variance, "+"),
      },
    },
  },

  // Prediction drift: two-sample Kolmogorov–Smirnov distance at the bucket edges.
  {
    key: "scoreCdf1h",
    shape: "arm",
    needs: "drift",
    expr: ({ c, raw }, _src, arm) =>
      `${raw.byArm("sum", `rate(${raw.sel(`${c.names.predictionScore}_bucket`, { "le!": "+Inf" }, arm)}[1h])`, ["le"])}\n` +
      `  / on (${M}) group_left ()\n` +
      `(${raw.byArm("sum", `rate(${raw.sel(`${c.names.predictionScore}_count`, {}, arm)}[1h])`)} > 0)`,
  },
  {
    key: "scoreKs1h",
    shape: "treatment",
    needs: "drift",
    expr: ({ c }, src, arm) =>
      `max(abs(\n    ${src.q("scoreCdf1h", c.control.name)}\n  - ignoring (${M})\n    ${src.q("scoreCdf1h", arm)}\n))`,
  },

  // Mean confidence from the confidence histogram.
  {
    key: "confidenceMean1h",
    shape: "arm",
    needs: "confidence",
    expr: ({ c, raw }, _src, arm) =>
      `${raw.byArm("sum", `rate(${raw.sel(`${c.names.confidence}_sum`, {}, arm)}[1h])`)}\n` +
      `  / on (${M})\n` +
      `(${raw.byArm("sum", `rate(${raw.sel(`${c.names.confidence}_count`, {}, arm)}[1h])`)} > 0)`,
  },

  // Business impact: net value as exported, or computed from its components when it is not.
  ...([
    ["businessRevenueLift", "revenueLift"],
    ["businessCostImpact", "costImpact"],
    ["businessRiskReduction", "riskReduction"],
  ] as const).map(
    ([key, value]): Quantity => ({
      key,
      shape: "experiment",
      needs: "business",
      expr: ({ c, raw }) => `avg(${raw.sel(c.names.businessImpact!, { [c.labels.metricType]: c.values[value] })})`,
    }),
  ),
  {
    key: "businessNet",
    shape: "experiment",
    needs: "business",
    expr: ({ c, raw }, src) =>
      `avg(${raw.sel(c.names.businessImpact!, { [c.labels.metricType]: c.values.netBusinessValue })})\n` +
      `  or on () (${src.q("businessRevenueLift")} - ${src.q("businessCostImpact")} + ${src.q("businessRiskReduction")})`,
  },
];

/** N of the SRM test: requests since the start over the declared arms (traffic to undeclared arms is not the experiment's). */
function requestsSinceStart({ exp }: QuantityContext, src: Source): string {
  return `sum(${src.q("requestsCumulative", { oneOf: exp.arms.map((a) => a.name) })})`;
}

/** Correct and all labelled predictions since the start, the latter only from MIN_LABELLED_PER_ARM on. */
function outcomes(_ctx: QuantityContext, src: Source, arm?: ArmFilter): { s: string; n: string; all: string } {
  const all = src.q("evaluatedCumulative", arm, { [OUT.outcome]: OUTCOME.all });
  return {
    s: src.q("evaluatedCumulative", arm, { [OUT.outcome]: OUTCOME.correct }),
    n: `(${all} >= ${num(MIN_LABELLED_PER_ARM)})`,
    all,
  };
}

/** Each treatment's statistic combined with the control's (one series, matched on no labels). */
function difference({ c }: QuantityContext, src: Source, arm: ArmFilter | undefined, statistic: string, op: "-" | "+"): string {
  const treatments = arm ?? { not: c.control.name };
  return (
    `${src.q("accuracyCumulative", treatments, { [ST]: statistic })}\n` +
    `  ${op} on () group_left ()\n` +
    `${src.q("accuracyCumulative", c.control.name, { [ST]: statistic })}`
  );
}

export const QUANTITY: Readonly<Record<RecordKey, Quantity>> = Object.fromEntries(
  QUANTITIES.map((q) => [q.key, q]),
) as Record<RecordKey, Quantity>;

/**
 * The sequential chain: the rules that read another recorded rule and the rules they read. They are
 * recorded even in the inlined alert file: inlining a 30-day sum at every reference would cost
 * hundreds of subqueries per evaluation.
 */
export function sequentialChain(ctx: QuantityContext): Set<RecordKey> {
  const chain = new Set<RecordKey>();
  for (const q of quantitiesFor(ctx)) {
    if (q.reads !== undefined) {
      chain.add(q.key);
      chain.add(q.reads);
    }
  }
  return chain;
}

/** Quantities whose metrics the experiment's service exports. */
export function quantitiesFor(ctx: QuantityContext): Quantity[] {
  return QUANTITIES.filter((q) => q.needs === undefined || ctx.c.features[q.needs]);
}
