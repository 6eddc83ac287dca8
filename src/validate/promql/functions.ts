// PromQL's function table (promql/parser/functions.go) with the release that introduced each
// function after 2.26, made it experimental or removed it, so that a run for a target version
// (../version.ts) accepts exactly what that Prometheus accepts and names the release otherwise.
// Releases are from Prometheus's CHANGELOG.md, or the first release tag containing the change
// where the changelog is silent (day_of_year, histogram_count/sum/fraction):
//   2.26 last_over_time, sgn, clamp (#8457); 2.29 present_over_time (#9097); 2.31 trigonometric
//   functions, deg, rad, pi (#9239 #9248 #9515); 2.36 day_of_year (e22b54e); 2.40 histogram_count,
//   histogram_sum, histogram_fraction (native histograms, #11447); 2.47 histogram_stddev and
//   histogram_stdvar (#12614); 2.49 sort_by_label(_desc) and mad_over_time, experimental (#11299,
//   #13059); 2.51 histogram_avg (#13467); 2.54 limitk and limit_ratio, experimental (#12503);
//   2.55 info, experimental (#14495); 3.0 holt_winters renamed double_exponential_smoothing,
//   experimental; 3.5 ts_of_min/max/last_over_time, experimental (#16722); 3.7 first_over_time and
//   ts_of_first_over_time, experimental (#16963), first_over_time stable in 3.14 (#19093); 3.11
//   histogram_quantiles, experimental (#17285); 3.14 start_timestamp, experimental.
import { atLeast, formatVersion, laterThan, type PrometheusVersion } from "../version.ts";

export type ValueType = "scalar" | "vector" | "matrix" | "string" | "none";

/** How Prometheus names value types in messages (parser.DocumentedType). */
export function documentedType(t: ValueType): string {
  switch (t) {
    case "vector":
      return "instant vector";
    case "matrix":
      return "range vector";
    default:
      return t;
  }
}

export interface FunctionDef {
  name: string;
  args: readonly ValueType[];
  /** 0: exactly args.length; n > 0: up to n optional trailing args; -1: any number of the last type. */
  variadic: number;
  returns: ValueType;
}

export interface FunctionInfo {
  def: FunctionDef;
  /** Release that added it (stable); absent for functions older than 2.26. */
  since?: string;
  /** Release that added it behind --enable-feature=promql-experimental-functions. */
  experimental?: string;
  /** Release that made an experimental function stable. */
  stable?: string;
  /** Release that removed it, and what replaced it. */
  removed?: { in: string; note: string };
}

const S: ValueType = "scalar";
const V: ValueType = "vector";
const M: ValueType = "matrix";
const STR: ValueType = "string";

const fn = (name: string, args: ValueType[], returns: ValueType = V, variadic = 0): FunctionDef => ({ name, args, variadic, returns });
const since = (version: string, ...defs: FunctionDef[]): FunctionInfo[] => defs.map((def) => ({ def, since: version }));
const experimental = (version: string, ...defs: FunctionDef[]): FunctionInfo[] => defs.map((def) => ({ def, experimental: version }));

const TABLE: FunctionInfo[] = [
  ...[
    fn("abs", [V]),
    fn("absent", [V]),
    fn("absent_over_time", [M]),
    fn("avg_over_time", [M]),
    fn("ceil", [V]),
    fn("changes", [M]),
    fn("clamp_max", [V, S]),
    fn("clamp_min", [V, S]),
    fn("count_over_time", [M]),
    fn("days_in_month", [V], V, 1),
    fn("day_of_month", [V], V, 1),
    fn("day_of_week", [V], V, 1),
    fn("delta", [M]),
    fn("deriv", [M]),
    fn("exp", [V]),
    fn("floor", [V]),
    fn("histogram_quantile", [S, V]),
    fn("hour", [V], V, 1),
    fn("idelta", [M]),
    fn("increase", [M]),
    fn("irate", [M]),
    fn("label_replace", [V, STR, STR, STR, STR]),
    fn("label_join", [V, STR, STR, STR], V, -1),
    fn("ln", [V]),
    fn("log10", [V]),
    fn("log2", [V]),
    fn("max_over_time", [M]),
    fn("min_over_time", [M]),
    fn("minute", [V], V, 1),
    fn("month", [V], V, 1),
    fn("predict_linear", [M, S]),
    fn("quantile_over_time", [S, M]),
    fn("rate", [M]),
    fn("resets", [M]),
    fn("round", [V, S], V, 1),
    fn("scalar", [V], S),
    fn("sort", [V]),
    fn("sort_desc", [V]),
    fn("sqrt", [V]),
    fn("stddev_over_time", [M]),
    fn("stdvar_over_time", [M]),
    fn("sum_over_time", [M]),
    fn("time", [], S),
    fn("timestamp", [V]),
    fn("vector", [S]),
    fn("year", [V], V, 1),
  ].map((def): FunctionInfo => ({ def })),
  { def: fn("holt_winters", [M, S, S]), removed: { in: "3.0", note: "renamed double_exponential_smoothing, experimental" } },
  ...since("2.26", fn("last_over_time", [M]), fn("sgn", [V]), fn("clamp", [V, S, S])),
  ...since("2.29", fn("present_over_time", [M])),
  ...since(
    "2.31",
    ...["acos", "acosh", "asin", "asinh", "atan", "atanh", "cos", "cosh", "sin", "sinh", "tan", "tanh", "deg", "rad"].map((n) => fn(n, [V])),
    fn("pi", [], S),
  ),
  ...since("2.36", fn("day_of_year", [V], V, 1)),
  ...since("2.40", fn("histogram_count", [V]), fn("histogram_sum", [V]), fn("histogram_fraction", [S, S, V])),
  ...since("2.47", fn("histogram_stddev", [V]), fn("histogram_stdvar", [V])),
  ...since("2.51", fn("histogram_avg", [V])),
  ...experimental("2.49", fn("sort_by_label", [V, STR], V, -1), fn("sort_by_label_desc", [V, STR], V, -1), fn("mad_over_time", [M])),
  ...experimental("2.55", fn("info", [V, V], V, 1)),
  ...experimental("3.0", fn("double_exponential_smoothing", [M, S, S])),
  ...experimental("3.5", fn("ts_of_min_over_time", [M]), fn("ts_of_max_over_time", [M]), fn("ts_of_last_over_time", [M])),
  ...experimental("3.7", fn("ts_of_first_over_time", [M])),
  ...experimental("3.11", fn("histogram_quantiles", [V, STR, S, S], V, 9)),
  ...experimental("3.14", fn("start_timestamp", [V])),
  { def: fn("first_over_time", [M]), experimental: "3.7", stable: "3.14" },
];

/** Every function any supported Prometheus knows, by name. */
export const FUNCTIONS: ReadonlyMap<string, FunctionInfo> = new Map(TABLE.map((f) => [f.def.name, f]));

const FLAG = "--enable-feature=promql-experimental-functions";

/**
 * Whether a target accepts a function: its definition, or the error Prometheus gives (with the
 * release that would accept it). Experimental functions are refused as promtool refuses them:
 * rule files cannot rely on a server's feature flags.
 */
export function functionAt(name: string, target: PrometheusVersion): { def: FunctionDef } | { error: string } {
  const f = FUNCTIONS.get(name);
  // The common case first, without building the error text: a function every target has.
  if (f !== undefined && f.removed === undefined && f.since === undefined && f.experimental === undefined) return ACCEPTED.get(f)!;
  const unknown = `unknown function with name ${JSON.stringify(name)}`;
  if (LATER_AGGREGATORS.has(name)) return { error: unknownAggregator(name, target) };
  if (f === undefined) {
    for (const known of FUNCTIONS.keys()) if (known.toLowerCase() === name.toLowerCase()) return { error: `${unknown} (function names are case-sensitive: did you mean ${known}()?)` };
    return { error: unknown };
  }
  if (f.removed !== undefined && atLeast(target, f.removed.in)) return { error: `${unknown} (removed in Prometheus ${f.removed.in}: ${f.removed.note})` };
  if (f.since !== undefined && !atLeast(target, f.since)) return { error: `${unknown}: ${name}() needs ${laterThan(f.since, target)}` };
  if (f.experimental !== undefined && (f.stable === undefined || !atLeast(target, f.stable))) {
    if (!atLeast(target, f.experimental)) return { error: `${unknown}: ${name}() is an experimental function of Prometheus ${f.experimental} (${FLAG}); the target is ${formatVersion(target)}` };
    return { error: `function ${JSON.stringify(name)} is not enabled: it is experimental in Prometheus ${formatVersion(target)} (${FLAG})` };
  }
  return ACCEPTED.get(f)!;
}

/** functionAt's answer for an accepted function, one object per function. */
const ACCEPTED: ReadonlyMap<FunctionInfo, { def: FunctionDef }> = new Map(TABLE.map((f) => [f, { def: f.def }]));

/** Aggregation operators of 2.42 and whether they take a parameter (and of which type). */
export const AGGREGATORS: ReadonlyMap<string, ValueType | undefined> = new Map<string, ValueType | undefined>([
  ["sum", undefined],
  ["avg", undefined],
  ["count", undefined],
  ["min", undefined],
  ["max", undefined],
  ["group", undefined],
  ["stddev", undefined],
  ["stdvar", undefined],
  ["topk", S],
  ["bottomk", S],
  ["quantile", S],
  ["count_values", STR],
]);

/** Aggregation operators added after 2.42, all experimental so far. */
const LATER_AGGREGATORS: ReadonlyMap<string, string> = new Map([
  ["limitk", "2.54"],
  ["limit_ratio", "2.54"],
]);

/** The error for an aggregation operator the target does not have. */
export function unknownAggregator(op: string, target: PrometheusVersion): string {
  const unknown = `unknown function with name ${JSON.stringify(op)}`;
  const since = LATER_AGGREGATORS.get(op);
  if (since === undefined) return unknown;
  if (!atLeast(target, since)) return `${unknown}: ${op} is an experimental aggregation of Prometheus ${since} (${FLAG}); the target is ${formatVersion(target)}`;
  return `function ${JSON.stringify(op)} is not enabled: it is experimental in Prometheus ${formatVersion(target)} (${FLAG})`;
}
