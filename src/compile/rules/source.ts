// Where an expression reads a quantity from: a recorded series (the normal, cheap case) or the
// quantity's full expression inlined (the same alerts without recording rules, for the benchmark
// and as proof that recording changes nothing). Alerts and dashboards are written against `Source`.
import type { MetricContract } from "../../model/contract.ts";
import { OUT, RECORD, type RecordKey } from "../../model/conventions.ts";
import type { Experiment } from "../../model/schema.ts";
import { by, promString, selector, type Matchers } from "../promql.ts";

/** Which arms a query reads: one by name, all but one (the treatments), or a list (the declared arms). */
export type ArmFilter = string | { not: string } | { oneOf: readonly string[] };

/** Label matchers selecting `arm` on the label named `label`. Arm names are slugs, safe in a regex. */
export function armMatchers(label: string, arm: ArmFilter | undefined): Matchers {
  if (arm === undefined) return {};
  if (typeof arm === "string") return { [label]: arm };
  if ("not" in arm) return { [`${label}!`]: arm.not };
  return { [`${label}=~`]: arm.oneOf.join("|") };
}

export function armMatches(name: string, arm: ArmFilter | undefined): boolean {
  if (arm === undefined) return true;
  if (typeof arm === "string") return name === arm;
  if ("not" in arm) return name !== arm.not;
  return arm.oneOf.includes(name);
}

export interface Source {
  /**
   * PromQL for quantity `key`, for the arms `arm` selects (default every arm), with optional extra
   * matchers such as `le`, or the label that picks one output of a rule recording several.
   */
  q(key: RecordKey, arm?: ArmFilter, extra?: Matchers): string;
}

/** Raw-metric helpers for the quantities read straight from the service's metrics. */
export interface Raw {
  /** The service's metric, scoped to the experiment, optionally to one arm. */
  sel(metric: string, matchers?: Matchers, arm?: ArmFilter, extra?: Matchers): string;
  /** Aggregates per arm, renaming the service's model label to `model_name` when they differ. */
  byArm(agg: "sum" | "avg", inner: string, extraBy?: readonly string[]): string;
}

export interface QuantityContext {
  exp: Experiment;
  c: MetricContract;
  raw: Raw;
}

export function rawHelpers(c: MetricContract): Raw {
  const model = c.labels.model;
  return {
    sel: (metric, matchers = {}, arm, extra = {}) => selector(metric, c.scope, matchers, armMatchers(model, arm), extra),
    byArm: (agg, inner, extraBy = []) => {
      const labels = by(...extraBy, OUT.model);
      if (model === OUT.model) return `${agg} ${labels} (${inner})`;
      return `${agg} ${labels} (label_replace(${inner}, ${promString(OUT.model)}, "$1", ${promString(model)}, "(.*)"))`;
    },
  };
}

export function recordedSource(exp: Experiment): Source {
  return {
    q: (key, arm, extra = {}) =>
      selector(RECORD[key], { [OUT.experiment]: exp.id }, armMatchers(OUT.model, arm), extra),
  };
}
