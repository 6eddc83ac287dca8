// Every quantity abwatch records, defined once as PromQL over a Source. Recording rules are these
// definitions read through the recorded source (each rule builds on the ones before it in the same
// group); inlined, they give the same alerts without recording rules.
//
// Guards follow ../shared/PROMQL-STATS.md: every denominator is filtered with `> 0` so zero traffic
// gives no series instead of NaN, and missing arms or outcomes are filled with zeros.
import { OUT, type RecordKey } from "../../model/conventions.ts";
import { num, type Matchers } from "../promql.ts";
import type { QuantityContext, Source } from "./source.ts";

/**
 * arm: one series per arm, labelled by the data; treatment: one per treatment arm, compared with
 * the control, labelled by the rule; config: one per arm from the experiment's declaration;
 * experiment: one series for the whole experiment.
 */
export type Shape = "arm" | "treatment" | "config" | "experiment";
export type Feature = "significance" | "drift" | "confidence" | "business" | "forecast";

export interface Quantity {
  key: RecordKey;
  shape: Shape;
  needs?: Feature;
  /** For treatment and config shapes `arm` is always given; for arm shapes it narrows the raw selectors. */
  expr(ctx: QuantityContext, src: Source, arm?: string, extra?: Matchers): string;
}

const M = OUT.model;

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
  {
    key: "expected1h",
    shape: "arm",
    // E_i = N × w_i, only where N > 0.
    expr: (_ctx, src, arm) => `${src.q("armWeight", arm)}\n  * on () group_left () (${src.q("totalIncrease1h")} > 0)`,
  },
  {
    key: "srmChi2",
    shape: "experiment",
    // Pearson's chi-square of observed vs expected counts; an arm with no traffic counts as 0 observed.
    expr: (_ctx, src) =>
      [
        "sum(",
        "    (",
        `        (${src.q("requestsIncrease1h")} or on (${M}) (${src.q("expected1h")} * 0))`,
        `      - on (${M}) ${src.q("expected1h")}`,
        "    ) ^ 2",
        `  / on (${M}) ${src.q("expected1h")}`,
        ")",
      ].join("\n"),
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

  // Significance of the accuracy difference: two-proportion z-test on labelled outcomes.
  {
    key: "evaluated1h",
    shape: "arm",
    needs: "significance",
    expr: ({ c, raw }, _src, arm) => raw.byArm("sum", `increase(${raw.sel(c.names.predictionsEvaluated!, {}, arm)}[1h])`),
  },
  {
    key: "correct1h",
    shape: "arm",
    needs: "significance",
    expr: ({ c, raw }, src, arm) =>
      `${raw.byArm("sum", `increase(${raw.sel(c.names.predictionsEvaluated!, { [c.labels.outcome]: c.values.correct }, arm)}[1h])`)}\n` +
      `  or on (${M}) (${src.q("evaluated1h", arm)} * 0)`,
  },
  {
    key: "accuracyRatio1h",
    shape: "arm",
    needs: "significance",
    expr: (_ctx, src, arm) => `${src.q("correct1h", arm)}\n  / on (${M}) (${src.q("evaluated1h", arm)} > 0)`,
  },
  {
    key: "pooledAccuracy1h",
    shape: "treatment",
    needs: "significance",
    expr: ({ c }, src, arm) => {
      const ctl = c.control.name;
      return (
        `(${src.q("correct1h", arm)} + ignoring (${M}) ${src.q("correct1h", ctl)})\n` +
        `  / ignoring (${M})\n` +
        `(${src.q("evaluated1h", arm)} + ignoring (${M}) ${src.q("evaluated1h", ctl)} > 0)`
      );
    },
  },
  {
    key: "accuracyStderr1h",
    shape: "treatment",
    needs: "significance",
    // sqrt(p (1 - p) (1/n_t + 1/n_c)); a zero standard error (p = 0 or 1) gives no series.
    expr: ({ c }, src, arm) => {
      const p = src.q("pooledAccuracy1h", arm);
      const ctl = c.control.name;
      return (
        "sqrt(\n" +
        `    ${p} * ignoring (${M}) (1 - ${p})\n` +
        `  * ignoring (${M})\n` +
        `    (1 / (${src.q("evaluated1h", arm)} > 0) + ignoring (${M}) 1 / (${src.q("evaluated1h", ctl)} > 0))\n` +
        ") > 0"
      );
    },
  },
  {
    key: "accuracyZ1h",
    shape: "treatment",
    needs: "significance",
    expr: ({ c }, src, arm) =>
      `(${src.q("accuracyRatio1h", arm)} - ignoring (${M}) ${src.q("accuracyRatio1h", c.control.name)})\n` +
      `  / ignoring (${M}) ${src.q("accuracyStderr1h", arm)}`,
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

export const QUANTITY: Readonly<Record<RecordKey, Quantity>> = Object.fromEntries(
  QUANTITIES.map((q) => [q.key, q]),
) as Record<RecordKey, Quantity>;

/** Quantities whose metrics the experiment's service exports. */
export function quantitiesFor(ctx: QuantityContext): Quantity[] {
  return QUANTITIES.filter((q) => q.needs === undefined || ctx.c.features[q.needs]);
}
