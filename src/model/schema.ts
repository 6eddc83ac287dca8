// The experiment model: what users write (ExperimentInput, defaults optional) and what the
// compilers receive (Experiment, every default filled). Shape errors are caught here; each issue
// carries the field path, which the loader turns into "file: path: message".
import { z } from "zod";
import {
  DEFAULT_BUCKETS,
  DEFAULT_GRAFANA,
  DEFAULT_LABEL_NAMES,
  DEFAULT_LABEL_VALUES,
  DEFAULT_METRIC_NAMES,
  DEFAULT_METRICS_ENDPOINT,
  DEFAULT_PROMETHEUS_URL,
  DEFAULT_ROUTING,
  DEFAULT_RUNBOOK_BASE_URL,
  DEFAULT_SPLIT_TOLERANCE,
  DEFAULT_THRESHOLDS,
} from "./defaults.ts";
import { DATE_FORMS, endSeconds, parseScheduleDate, startSeconds } from "./dates.ts";

// Ids and arm names end up in PromQL strings, YAML keys, file paths and Grafana uids:
// a lower-case slug is safe in all four without escaping.
const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const ARM = /^[a-z0-9]+(?:[-_][a-z0-9]+)*$/;
const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const RECEIVER_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;
const DURATION = /^(?:\d+[smhdw])+$/;
// Text is escaped for every place it reaches (Go templates, YAML, JSON, PromQL, Markdown, shell).
// What no escaping can carry is refused: control characters, Unicode line separators (YAML 1.1
// reads them as line breaks), byte-order marks, non-characters and unpaired surrogates (not UTF-8).
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\ufeff\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const singleLine = (s: string) => !CONTROL.test(s) && !/[\t\n]/.test(s);
const SINGLE_LINE = "must be a single line of printable text (no tabs, line breaks or control characters)";

const slug = (what: string) =>
  z
    .string({ error: `expected ${what} (a string)` })
    .max(40, { error: `must be at most 40 characters (it becomes a Grafana uid and file name)` })
    .regex(SLUG, { error: `expected ${what}: lower-case letters, digits and single hyphens, like "checkout-ranker"` });

const plainText = (what: string, max = 200) =>
  z
    .string({ error: `expected ${what} (a string)` })
    .min(1, { error: `expected ${what}, got an empty string` })
    .max(max, { error: `must be at most ${max} characters` })
    .refine(singleLine, { error: SINGLE_LINE });

const longText = (what: string) =>
  z
    .string({ error: `expected ${what} (a string)` })
    .max(2000, { error: "must be at most 2000 characters" })
    .refine((s) => !CONTROL.test(s), { error: "must be printable text (line breaks and tabs are fine, control characters are not)" });

const metricName = z
  .string({ error: "expected a metric name (a string)" })
  .regex(METRIC_NAME, { error: "expected a Prometheus metric name matching [a-zA-Z_:][a-zA-Z0-9_:]*" });

const OPTIONAL_METRICS = "predictionsEvaluated, predictionScore, confidence and businessImpact";

/** A metric every experiment needs; `false` gets a message saying why instead of "expected a string". */
const mandatoryMetric = (name: string, readBy: string) =>
  z
    .string({
      error: (iss) =>
        iss.input === false
          ? `cannot be false: ${readBy}. Only ${OPTIONAL_METRICS} can be false`
          : "expected a metric name (a string)",
    })
    .regex(METRIC_NAME, { error: "expected a Prometheus metric name matching [a-zA-Z_:][a-zA-Z0-9_:]*" })
    .default(name);

const labelName = z
  .string({ error: "expected a label name (a string)" })
  .regex(LABEL_NAME, { error: "expected a Prometheus label name matching [a-zA-Z_][a-zA-Z0-9_]*" })
  .refine((s) => !s.startsWith("__"), { error: "label names starting with '__' are reserved by Prometheus" });

const labelValue = z
  .string({ error: "expected a label value (a string)" })
  .min(1, { error: "expected a non-empty label value" })
  .max(200, { error: "must be at most 200 characters" })
  .refine(singleLine, { error: SINGLE_LINE });

const fraction = (what: string) =>
  z
    .number({ error: `expected ${what} (a number between 0 and 1)` })
    .gt(0, { error: `expected ${what} greater than 0` })
    .lt(1, { error: `expected ${what} less than 1` });

const positive = (what: string) =>
  z.number({ error: `expected ${what} (a positive number)` }).positive({ error: `expected ${what} greater than 0` });

const percent = (what: string) =>
  z
    .number({ error: `expected ${what} (a percentage 0-100)` })
    .min(0, { error: `expected ${what} between 0 and 100` })
    .max(100, { error: `expected ${what} between 0 and 100` });

const buckets = (what: string) =>
  z
    .array(positive("a bucket boundary"), { error: `expected ${what} (an array of upper bounds)` })
    .min(2, { error: "expected at least two bucket boundaries" })
    .refine((bs) => bs.every((b, i) => i === 0 || b > bs[i - 1]!), { error: "bucket boundaries must be strictly increasing" });

const absolutePath = (what: string) =>
  z
    .string({ error: `expected ${what} (an absolute file path)` })
    .regex(/^\/[^\s]*$/, { error: `expected ${what}: an absolute path without spaces, read by Alertmanager at run time` })
    .refine(singleLine, { error: SINGLE_LINE });

/** A base URL links are built on: no trailing slash, nothing a link or a shell command could not carry. */
const httpUrl = (what: string) =>
  z
    .string({ error: `expected ${what} (a URL)` })
    .regex(/^https?:\/\/[^\s"'<>`\\]+[^/\s"'<>`\\]$/, { error: "expected an http(s) URL without a trailing slash, quotes, backticks or backslashes" })
    .refine(singleLine, { error: SINGLE_LINE });

export const ArmSchema = z.strictObject({
  name: z.string({ error: "expected an arm name (a string)" }).max(63).regex(ARM, {
    error: 'expected an arm name: lower-case letters, digits, "-" or "_", like "baseline"',
  }),
  // Below 1 is checked with the other arms (see armsChecks): 50/25/25 gets one message, not three.
  weight: z
    .number({ error: "expected a traffic weight (a fraction of 1, like 0.3 for 30 %)" })
    .gt(0, { error: "expected a traffic weight greater than 0" }),
  control: z.boolean({ error: "expected true or false" }).optional().default(false),
  description: plainText("a description").optional(),
});

const ReceiverSchema = z
  .strictObject({
    name: z.string({ error: "expected a receiver name" }).regex(RECEIVER_NAME, {
      error: "expected a receiver name: letters, digits, '.', '_' or '-'",
    }),
    pagerduty: z.strictObject({ routingKeyFile: absolutePath("routingKeyFile") }).optional(),
    slack: z
      .strictObject({
        apiUrlFile: absolutePath("apiUrlFile"),
        channel: z.string({ error: "expected a Slack channel" }).regex(/^[#@][A-Za-z0-9._-]+$/, {
          error: 'expected a Slack channel like "#ml-alerts"',
        }),
      })
      .optional(),
  })
  .refine((r) => (r.pagerduty ? 1 : 0) + (r.slack ? 1 : 0) === 1, {
    error: "expected exactly one of 'pagerduty' or 'slack'",
  });

const optionalMetric = (name: string) =>
  z
    .union([metricName, z.literal(false)], { error: "expected a metric name, or false when the service does not export it" })
    .default(name);

const MetricNamesSchema = z.strictObject({
  requests: mandatoryMetric(
    DEFAULT_METRIC_NAMES.requests,
    "every experiment needs its request counter (traffic split, error ratio and every alert's minimum-traffic guard are computed from it)",
  ),
  responseTime: mandatoryMetric(
    DEFAULT_METRIC_NAMES.responseTime,
    "every experiment needs its latency histogram (the spec's response-time panel and the HighResponseTime alert read it)",
  ),
  accuracy: mandatoryMetric(
    DEFAULT_METRIC_NAMES.accuracy,
    "every experiment needs its accuracy gauge (the spec's accuracy panel and the ModelCompleteFailure and ModelAccuracyDegraded alerts read it)",
  ),
  // `false`: the service does not export this metric; the features built on it are left out.
  predictionsEvaluated: optionalMetric(DEFAULT_METRIC_NAMES.predictionsEvaluated),
  predictionScore: optionalMetric(DEFAULT_METRIC_NAMES.predictionScore),
  confidence: optionalMetric(DEFAULT_METRIC_NAMES.confidence),
  businessImpact: optionalMetric(DEFAULT_METRIC_NAMES.businessImpact),
});

const LabelNamesSchema = z.strictObject({
  experiment: labelName.default(DEFAULT_LABEL_NAMES.experiment),
  model: labelName.default(DEFAULT_LABEL_NAMES.model),
  status: labelName.default(DEFAULT_LABEL_NAMES.status),
  outcome: labelName.default(DEFAULT_LABEL_NAMES.outcome),
  metricType: labelName.default(DEFAULT_LABEL_NAMES.metricType),
});

const LabelValuesSchema = z.strictObject({
  success: labelValue.default(DEFAULT_LABEL_VALUES.success),
  error: labelValue.default(DEFAULT_LABEL_VALUES.error),
  correct: labelValue.default(DEFAULT_LABEL_VALUES.correct),
  incorrect: labelValue.default(DEFAULT_LABEL_VALUES.incorrect),
  revenueLift: labelValue.default(DEFAULT_LABEL_VALUES.revenueLift),
  costImpact: labelValue.default(DEFAULT_LABEL_VALUES.costImpact),
  riskReduction: labelValue.default(DEFAULT_LABEL_VALUES.riskReduction),
  netBusinessValue: labelValue.default(DEFAULT_LABEL_VALUES.netBusinessValue),
});

const BucketsSchema = z.strictObject({
  responseTime: buckets("response-time buckets in seconds").default([...DEFAULT_BUCKETS.responseTime]),
  predictionScore: buckets("prediction-score buckets").default([...DEFAULT_BUCKETS.predictionScore]),
  confidence: buckets("confidence buckets").default([...DEFAULT_BUCKETS.confidence]),
});

const MetricsSchema = z.strictObject({
  names: MetricNamesSchema.prefault({}),
  labels: LabelNamesSchema.prefault({}),
  values: LabelValuesSchema.prefault({}),
  // Label matchers that select this experiment's series. Default: { <experiment label>: <id> }.
  // `{}` for a service that exports no experiment label at all.
  scope: z.record(labelName, labelValue, { error: "expected a map of label name to value" }).optional(),
  buckets: BucketsSchema.prefault({}),
  // Where the service exposes these metrics; runbooks' triage commands read it.
  endpoint: httpUrl("the service's metrics URL").default(DEFAULT_METRICS_ENDPOINT),
}).superRefine(distinctNames);

/**
 * The contract tells series apart by these names: two metrics (or two labels, or the two values of
 * one label) with the same name would be read as one, and a scope matcher on a label the rules
 * group by would pin it to one value.
 */
function distinctNames(m: {
  names: Record<string, string | false>;
  labels: Record<string, string>;
  values: Record<string, string>;
  scope?: Record<string, string> | undefined;
}, ctx: z.RefinementCtx): void {
  const clash = (group: "names" | "labels" | "values", keys: readonly string[], what: string) => {
    const seen = new Map<string, string>();
    for (const k of keys) {
      const v = (m[group] as Record<string, string | false>)[k];
      if (v === false || v === undefined) continue;
      const first = seen.get(v);
      if (first !== undefined) ctx.addIssue({ code: "custom", path: [group, k], message: `${what} "${v}" is already metrics.${group}.${first}; each must differ` });
      else seen.set(v, k);
    }
  };
  clash("names", Object.keys(m.names), "metric name");
  // A histogram exports name_bucket, name_count and name_sum: no other metric may be one of them.
  for (const h of ["responseTime", "predictionScore", "confidence"]) {
    const base = m.names[h];
    if (base === false || base === undefined) continue;
    for (const [k, v] of Object.entries(m.names)) {
      if (v !== false && k !== h && [`${base}_bucket`, `${base}_count`, `${base}_sum`].includes(v)) {
        ctx.addIssue({ code: "custom", path: ["names", k], message: `metric name "${v}" is a series of the histogram metrics.names.${h}; each must differ` });
      }
    }
  }
  clash("labels", Object.keys(m.labels), "label name");
  clash("values", ["success", "error"], "status value");
  clash("values", ["correct", "incorrect"], "outcome value");
  clash("values", ["revenueLift", "costImpact", "riskReduction", "netBusinessValue"], "business metric type");
  const grouped = Object.entries(m.labels).filter(([k]) => k !== "experiment");
  for (const key of Object.keys(m.scope ?? {})) {
    const hit = grouped.find(([, name]) => name === key);
    if (hit) {
      ctx.addIssue({
        code: "custom",
        path: ["scope", key],
        message: `"${key}" is metrics.labels.${hit[0]}, which the rules group or split by; a scope matcher on it would pin it to one value`,
      });
    }
  }
}

const ThresholdsSchema = z.strictObject({
  accuracy: z
    .strictObject({
      green: percent("the green accuracy threshold").default(DEFAULT_THRESHOLDS.accuracy.green),
      yellow: percent("the yellow accuracy threshold").default(DEFAULT_THRESHOLDS.accuracy.yellow),
      warning: percent("the warning accuracy threshold").default(DEFAULT_THRESHOLDS.accuracy.warning),
      critical: percent("the critical accuracy threshold").default(DEFAULT_THRESHOLDS.accuracy.critical),
    })
    .prefault({}),
  errorRatio: fraction("an error ratio").default(DEFAULT_THRESHOLDS.errorRatio),
  latencyP95Seconds: positive("a p95 latency in seconds").default(DEFAULT_THRESHOLDS.latencyP95Seconds),
  drift: fraction("a KS distance").default(DEFAULT_THRESHOLDS.drift),
  confidence: fraction("a mean confidence").default(DEFAULT_THRESHOLDS.confidence),
  // The statistical alerts' false-alarm budget over the whole experiment (sequential tests).
  alpha: z
    .number({ error: "expected a false-alarm probability (a number above 0, at most 0.5)" })
    .gt(0, { error: "expected a false-alarm probability above 0" })
    .max(0.5, { error: "expected a false-alarm probability of at most 0.5" })
    .default(DEFAULT_THRESHOLDS.alpha),
  minRequestsPerSecond: z
    .number({ error: "expected a request rate (a number >= 0)" })
    .min(0, { error: "expected a request rate >= 0" })
    .default(DEFAULT_THRESHOLDS.minRequestsPerSecond),
  minSamples: z
    .number({ error: "expected a sample count (an integer >= 0)" })
    .int({ error: "expected an integer" })
    .min(0, { error: "expected a sample count >= 0" })
    .default(DEFAULT_THRESHOLDS.minSamples),
});

const BusinessSchema = z.strictObject({
  dailyRequests: positive("daily requests"),
  revenuePerPrediction: positive("revenue per prediction"),
  currency: z
    .string({ error: "expected an ISO 4217 currency code" })
    .regex(/^[A-Z]{3}$/, { error: 'expected an ISO 4217 currency code like "USD"' })
    .default("USD"),
  // Expected value components in percent (spec: revenue lift 1.8, cost impact 1.9, risk reduction 4.0).
  components: z
    .strictObject({
      revenueLift: z.number({ error: "expected a percentage" }),
      costImpact: z.number({ error: "expected a percentage" }),
      riskReduction: z.number({ error: "expected a percentage" }),
    })
    .optional(),
});

const GrafanaSchema = z.strictObject({
  // Default value of the dashboard's datasource variable (a datasource name or uid).
  datasource: labelValue.default(DEFAULT_GRAFANA.datasource),
  folder: plainText("a folder name").default(DEFAULT_GRAFANA.folder),
  tags: z.array(plainText("a tag", 50), { error: "expected an array of tags" }).default([...DEFAULT_GRAFANA.tags]),
  refresh: z
    .string({ error: "expected a refresh interval" })
    .regex(DURATION, { error: 'expected a refresh interval like "30s" or "1m"' })
    .default(DEFAULT_GRAFANA.refresh),
  timeFrom: z
    .string({ error: "expected a relative time" })
    .regex(/^now-\d+[smhdwMy]$/, { error: 'expected a relative time like "now-6h"' })
    .default(DEFAULT_GRAFANA.timeFrom),
  // Where Grafana serves the dashboard; alerts link to their panel under it.
  url: httpUrl("Grafana's URL").default(DEFAULT_GRAFANA.url),
  // Override the dashboard uid (default: derived from the id).
  uid: z
    .string({ error: "expected a Grafana uid" })
    .regex(/^[A-Za-z0-9_-]{1,40}$/, { error: "expected a Grafana uid: at most 40 letters, digits, '-' or '_'" })
    .optional(),
});

const RoutingSchema = z.strictObject({
  critical: ReceiverSchema.default(() => structuredClone(DEFAULT_ROUTING.critical)),
  warning: ReceiverSchema.default(() => structuredClone(DEFAULT_ROUTING.warning)),
  drift: ReceiverSchema.default(() => structuredClone(DEFAULT_ROUTING.drift)),
});

// One issue per bad date, saying which forms are accepted or what is impossible about it.
const scheduleDate = z.string({ error: `expected ${DATE_FORMS}` }).check((payload) => {
  const parsed = parseScheduleDate(payload.value);
  if (!parsed.ok) payload.issues.push({ code: "custom", input: payload.value, message: parsed.message });
});

const ScheduleSchema = z
  .strictObject({ start: scheduleDate, end: scheduleDate.optional() }, { error: "expected a schedule: { start, end? }" })
  // Runs only when both dates parse: an unparseable date gets one message, not two.
  .superRefine((s, ctx) => {
    if (s.end !== undefined && endSeconds(s.end) <= startSeconds(s.start)) {
      ctx.addIssue({ code: "custom", path: ["end"], message: `must be after schedule.start (${s.start}), got ${s.end}` });
    }
  });

/** Checks across the arms: one control, unique names, weights that are fractions summing to 1. */
function armsChecks(arms: readonly { name: string; weight: number; control: boolean }[], ctx: z.RefinementCtx): void {
  if (arms.length < 2) return; // "at least two arms" says it all
  const names = new Set<string>();
  arms.forEach((arm, i) => {
    if (names.has(arm.name)) ctx.addIssue({ code: "custom", path: [i, "name"], message: `duplicate arm name "${arm.name}"` });
    names.add(arm.name);
  });
  const controls = arms.filter((a) => a.control);
  if (controls.length !== 1) {
    ctx.addIssue({
      code: "custom",
      message:
        controls.length === 0
          ? "expected exactly one arm with control: true, found none"
          : `expected exactly one arm with control: true, found ${controls.length} (${controls.map((a) => a.name).join(", ")})`,
    });
  }
  const sum = arms.reduce((s, a) => s + a.weight, 0);
  const parts = arms.map((a) => `${a.name} ${a.weight}`).join(" + ");
  if (arms.every((a) => a.weight >= 1) && Math.abs(sum - 100) < 1e-6) {
    ctx.addIssue({
      code: "custom",
      message:
        `traffic weights are fractions of 1, not percentages: write ${arms.map((a) => Number((a.weight / 100).toPrecision(12))).join(", ")} ` +
        `instead of ${arms.map((a) => a.weight).join(", ")}`,
    });
    return;
  }
  let tooBig = false;
  arms.forEach((arm, i) => {
    if (arm.weight >= 1) {
      tooBig = true;
      ctx.addIssue({
        code: "custom",
        path: [i, "weight"],
        message: `expected a traffic weight less than 1, got ${arm.weight} (weights are fractions of 1: 0.3 for 30 %)`,
      });
    }
  });
  if (!tooBig && Math.abs(sum - 1) > 1e-9) {
    ctx.addIssue({ code: "custom", message: `traffic weights must sum to 1, got ${Number(sum.toPrecision(12))} (${parts})` });
  }
}

export const ExperimentSchema = z
  .strictObject({
    id: slug("an experiment id"),
    title: plainText("a title"),
    description: longText("a description").default(""),
    owner: z.strictObject(
      {
        team: slug("a team name"),
        contact: plainText("a contact (email, handle or channel)").optional(),
      },
      { error: 'expected the owner: { team: "my-team", contact?: "#my-channel" }' },
    ),
    arms: z
      .array(ArmSchema, { error: "expected an array of arms" })
      .min(2, { error: "expected at least two arms (one control and one treatment)" })
      .superRefine(armsChecks),
    splitTolerance: fraction("a split tolerance").default(DEFAULT_SPLIT_TOLERANCE),
    schedule: ScheduleSchema.optional(),
    metrics: MetricsSchema.prefault({}),
    thresholds: ThresholdsSchema.prefault({}),
    business: BusinessSchema.optional(),
    runbooks: z
      .strictObject({ baseUrl: httpUrl("the runbooks' base URL").default(DEFAULT_RUNBOOK_BASE_URL) })
      .prefault({}),
    routing: RoutingSchema.prefault({}),
    grafana: GrafanaSchema.prefault({}),
    // Where on-call engineers reach Prometheus; runbooks' triage commands and query links read it.
    prometheus: z.strictObject({ url: httpUrl("Prometheus's URL").default(DEFAULT_PROMETHEUS_URL) }).prefault({}),
  })
  .superRefine((exp, ctx) => {
    const acc = exp.thresholds.accuracy;
    if (!(acc.yellow < acc.green)) {
      ctx.addIssue({
        code: "custom",
        path: ["thresholds", "accuracy", "yellow"],
        message: `must be below thresholds.accuracy.green (${acc.green}), got ${acc.yellow}`,
      });
    }
    if (!(acc.critical < acc.warning)) {
      ctx.addIssue({
        code: "custom",
        path: ["thresholds", "accuracy", "critical"],
        message: `must be below thresholds.accuracy.warning (${acc.warning}), got ${acc.critical}`,
      });
    }
    const latencyBuckets = exp.metrics.buckets.responseTime;
    if (!latencyBuckets.includes(exp.thresholds.latencyP95Seconds)) {
      ctx.addIssue({
        code: "custom",
        path: ["thresholds", "latencyP95Seconds"],
        message:
          `${exp.thresholds.latencyP95Seconds} is not a boundary of metrics.buckets.responseTime ` +
          `(${latencyBuckets.join(", ")}); histogram_quantile interpolates inside a bucket, so put the threshold on an edge`,
      });
    } else if (exp.thresholds.latencyP95Seconds === latencyBuckets[latencyBuckets.length - 1]) {
      ctx.addIssue({
        code: "custom",
        path: ["thresholds", "latencyP95Seconds"],
        message:
          `must be below the largest bucket of metrics.buckets.responseTime (${exp.thresholds.latencyP95Seconds}); ` +
          "histogram_quantile never reports more than the largest finite bucket, so the alert could not fire",
      });
    }
  })
  .transform((exp) => ({
    ...exp,
    metrics: {
      ...exp.metrics,
      scope: exp.metrics.scope ?? { [exp.metrics.labels.experiment]: exp.id },
    },
  }));

/** What a user writes in experiments/<id>.ts: every field with a default is optional. */
export type ExperimentInput = z.input<typeof ExperimentSchema>;
/** What the compilers receive: every default filled. */
export type Experiment = z.output<typeof ExperimentSchema>;
export type Arm = Experiment["arms"][number];
export type Receiver = Experiment["routing"]["critical"];
