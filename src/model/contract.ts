// The metric contract of one experiment, derived in ONE place: the compilers and the reference
// exporter both read it, so instrumentation and monitoring cannot drift apart.
import type { Arm, Experiment } from "./schema.ts";

export interface MetricContract {
  /** Label matchers that select this experiment's series (may be empty). */
  scope: Readonly<Record<string, string>>;
  names: {
    requests: string;
    responseTime: string;
    accuracy: string;
    predictionsEvaluated: string | undefined;
    predictionScore: string | undefined;
    confidence: string | undefined;
    businessImpact: string | undefined;
  };
  labels: Experiment["metrics"]["labels"];
  values: Experiment["metrics"]["values"];
  buckets: Experiment["metrics"]["buckets"];
  control: Arm;
  treatments: readonly Arm[];
  /** Which optional features the exported metrics support. */
  features: {
    significance: boolean;
    drift: boolean;
    confidence: boolean;
    business: boolean;
    forecast: boolean;
  };
}

/** The Prometheus type of each contract metric, for checks that must know a gauge from a counter. */
export const METRIC_TYPES: Readonly<Record<keyof MetricContract["names"], "counter" | "gauge" | "histogram">> = {
  requests: "counter",
  responseTime: "histogram",
  accuracy: "gauge",
  predictionsEvaluated: "counter",
  predictionScore: "histogram",
  confidence: "histogram",
  businessImpact: "gauge",
};

const present = (name: string | false): string | undefined => (name === false ? undefined : name);

export function metricContract(exp: Experiment): MetricContract {
  const n = exp.metrics.names;
  const control = exp.arms.find((a) => a.control) ?? exp.arms[0]!;
  const names = {
    requests: n.requests,
    responseTime: n.responseTime,
    accuracy: n.accuracy,
    predictionsEvaluated: present(n.predictionsEvaluated),
    predictionScore: present(n.predictionScore),
    confidence: present(n.confidence),
    businessImpact: present(n.businessImpact),
  };
  return {
    scope: exp.metrics.scope,
    names,
    labels: exp.metrics.labels,
    values: exp.metrics.values,
    buckets: exp.metrics.buckets,
    control,
    treatments: exp.arms.filter((a) => a !== control),
    features: {
      significance: names.predictionsEvaluated !== undefined,
      drift: names.predictionScore !== undefined,
      confidence: names.confidence !== undefined,
      business: names.businessImpact !== undefined,
      forecast: exp.business !== undefined,
    },
  };
}
