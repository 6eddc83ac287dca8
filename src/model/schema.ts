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
  DEFAULT_ROUTING,
  DEFAULT_RUNBOOK_BASE_URL,
  DEFAULT_SPLIT_TOLERANCE,
  DEFAULT_THRESHOLDS,
} from "./defaults.ts";

// Ids and arm names end up in PromQL strings, YAML keys, file paths and Grafana uids:
// a lower-case slug is safe in all four without escaping.
const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const ARM = /^[a-z0-9]+(?:[-_][a-z0-9]+)*$/;
const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const RECEIVER_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;
const DURATION = /^(?:\d+[smhdw])+$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
// Text copied into Go-template annotations and Markdown: no template delimiters, no control characters.
const PLAIN_TEXT = /^[^\u0000-\u001f\u007f]*$/;

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
    .regex(PLAIN_TEXT, { error: "must be a single line without control characters" })
    .refine((s) => !s.includes("{{") && !s.includes("}}"), {
      error: "must not contain '{{' or '}}' (it is copied into Go-template annotations)",
    });

const longText = (what: string) =>
  z
    .string({ error: `expected ${what} (a string)` })
    .max(2000, { error: "must be at most 2000 characters" })
    .refine((s) => !s.includes("{{") && !s.includes("}}"), {
      error: "must not contain '{{' or '}}' (it is copied into Go-template annotations)",
    });

const metricName = z
  .string({ error: "expected a metric name (a string)" })
  .regex(METRIC_NAME, { error: "expected a Prometheus metric name matching [a-zA-Z_:][a-zA-Z0-9_:]*" });

const labelName = z
  .string({ error: "expected a label name (a string)" })
  .regex(LABEL_NAME, { error: "expected a Prometheus label name matching [a-zA-Z_][a-zA-Z0-9_]*" })
  .refine((s) => !s.startsWith("__"), { error: "label names starting with '__' are reserved by Prometheus" });

const labelValue = z
  .string({ error: "expected a label value (a string)" })
  .min(1, { error: "expected a non-empty label value" })
  .max(200, { error: "must be at most 200 characters" })
  .regex(PLAIN_TEXT, { error: "must be a single line without control characters" });

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
    .regex(/^\/[^\s]*$/, { error: `expected ${what}: an absolute path without spaces, read by Alertmanager at run time` });

export const ArmSchema = z.strictObject({
  name: z.string({ error: "expected an arm name (a string)" }).max(63).regex(ARM, {
    error: 'expected an arm name: lower-case letters, digits, "-" or "_", like "baseline"',
  }),
  weight: fraction("a traffic weight"),
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
  requests: metricName.default(DEFAULT_METRIC_NAMES.requests),
  responseTime: metricName.default(DEFAULT_METRIC_NAMES.responseTime),
  accuracy: metricName.default(DEFAULT_METRIC_NAMES.accuracy),
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
});

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
  url: z
    .string({ error: "expected a URL" })
    .regex(/^https?:\/\/[^\s"'<>]+[^/\s"'<>]$/, { error: "expected an http(s) URL without a trailing slash" })
    .default(DEFAULT_GRAFANA.url),
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

const isoDate = z
  .string({ error: 'expected a date like "2026-12-31"' })
  .regex(ISO_DATE, { error: 'expected a date like "2026-12-31"' })
  .refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)), { error: "expected a real calendar date" });

export const ExperimentSchema = z
  .strictObject({
    id: slug("an experiment id"),
    title: plainText("a title"),
    description: longText("a description").default(""),
    owner: z.strictObject({
      team: slug("a team name"),
      contact: plainText("a contact (email, handle or channel)").optional(),
    }),
    arms: z
      .array(ArmSchema, { error: "expected an array of arms" })
      .min(2, { error: "expected at least two arms (one control and one treatment)" }),
    splitTolerance: fraction("a split tolerance").default(DEFAULT_SPLIT_TOLERANCE),
    schedule: z.strictObject({ start: isoDate, end: isoDate.optional() }).optional(),
    metrics: MetricsSchema.prefault({}),
    thresholds: ThresholdsSchema.prefault({}),
    business: BusinessSchema.optional(),
    runbooks: z
      .strictObject({
        baseUrl: z
          .string({ error: "expected a URL" })
          .regex(/^https?:\/\/[^\s"'<>]+[^/\s"'<>]$/, { error: "expected an http(s) URL without a trailing slash" })
          .default(DEFAULT_RUNBOOK_BASE_URL),
      })
      .prefault({}),
    routing: RoutingSchema.prefault({}),
    grafana: GrafanaSchema.prefault({}),
  })
  .superRefine((exp, ctx) => {
    const names = new Set<string>();
    exp.arms.forEach((arm, i) => {
      if (names.has(arm.name)) {
        ctx.addIssue({ code: "custom", path: ["arms", i, "name"], message: `duplicate arm name "${arm.name}"` });
      }
      names.add(arm.name);
    });
    const controls = exp.arms.filter((a) => a.control);
    if (controls.length !== 1) {
      ctx.addIssue({
        code: "custom",
        path: ["arms"],
        message:
          controls.length === 0
            ? "expected exactly one arm with control: true, found none"
            : `expected exactly one arm with control: true, found ${controls.length} (${controls.map((a) => a.name).join(", ")})`,
      });
    }
    const sum = exp.arms.reduce((s, a) => s + a.weight, 0);
    if (Math.abs(sum - 1) > 1e-9) {
      const parts = exp.arms.map((a) => `${a.name} ${a.weight}`).join(" + ");
      ctx.addIssue({
        code: "custom",
        path: ["arms"],
        message: `traffic weights must sum to 1, got ${Number(sum.toPrecision(12))} (${parts})`,
      });
    }
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
    if (exp.schedule?.end !== undefined && exp.schedule.end <= exp.schedule.start) {
      ctx.addIssue({
        code: "custom",
        path: ["schedule", "end"],
        message: `must be after schedule.start (${exp.schedule.start}), got ${exp.schedule.end}`,
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
