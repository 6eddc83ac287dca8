// PromQL's function table as Prometheus 2.42 knows it (promql/parser/functions.go), plus the
// functions later versions added, so messages can say which version introduced them.
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

export interface LaterFunction {
  /** The Prometheus version that added it. */
  since: string;
  /** Needs --enable-feature=promql-experimental-functions even there. */
  experimental: boolean;
  def: FunctionDef;
}

const S: ValueType = "scalar";
const V: ValueType = "vector";
const M: ValueType = "matrix";
const STR: ValueType = "string";

const fn = (name: string, args: ValueType[], returns: ValueType = V, variadic = 0): FunctionDef => ({ name, args, variadic, returns });

const TABLE: FunctionDef[] = [
  fn("abs", [V]),
  fn("absent", [V]),
  fn("absent_over_time", [M]),
  fn("acos", [V]),
  fn("acosh", [V]),
  fn("asin", [V]),
  fn("asinh", [V]),
  fn("atan", [V]),
  fn("atanh", [V]),
  fn("avg_over_time", [M]),
  fn("ceil", [V]),
  fn("changes", [M]),
  fn("clamp", [V, S, S]),
  fn("clamp_max", [V, S]),
  fn("clamp_min", [V, S]),
  fn("cos", [V]),
  fn("cosh", [V]),
  fn("count_over_time", [M]),
  fn("days_in_month", [V], V, 1),
  fn("day_of_month", [V], V, 1),
  fn("day_of_week", [V], V, 1),
  fn("day_of_year", [V], V, 1),
  fn("deg", [V]),
  fn("delta", [M]),
  fn("deriv", [M]),
  fn("exp", [V]),
  fn("floor", [V]),
  fn("histogram_count", [V]),
  fn("histogram_sum", [V]),
  fn("histogram_fraction", [S, S, V]),
  fn("histogram_quantile", [S, V]),
  fn("holt_winters", [M, S, S]),
  fn("hour", [V], V, 1),
  fn("idelta", [M]),
  fn("increase", [M]),
  fn("irate", [M]),
  fn("label_replace", [V, STR, STR, STR, STR]),
  fn("label_join", [V, STR, STR, STR], V, -1),
  fn("last_over_time", [M]),
  fn("ln", [V]),
  fn("log10", [V]),
  fn("log2", [V]),
  fn("max_over_time", [M]),
  fn("min_over_time", [M]),
  fn("minute", [V], V, 1),
  fn("month", [V], V, 1),
  fn("pi", [], S),
  fn("predict_linear", [M, S]),
  fn("present_over_time", [M]),
  fn("quantile_over_time", [S, M]),
  fn("rad", [V]),
  fn("rate", [M]),
  fn("resets", [M]),
  fn("round", [V, S], V, 1),
  fn("scalar", [V], S),
  fn("sgn", [V]),
  fn("sin", [V]),
  fn("sinh", [V]),
  fn("sort", [V]),
  fn("sort_desc", [V]),
  fn("sqrt", [V]),
  fn("stddev_over_time", [M]),
  fn("stdvar_over_time", [M]),
  fn("sum_over_time", [M]),
  fn("tan", [V]),
  fn("tanh", [V]),
  fn("time", [], S),
  fn("timestamp", [V]),
  fn("vector", [S]),
  fn("year", [V], V, 1),
];

/** The functions Prometheus 2.42 (the promtool installed here) accepts. */
export const FUNCTIONS: ReadonlyMap<string, FunctionDef> = new Map(TABLE.map((f) => [f.name, f]));

/** Removed later: accepted by 2.42, rejected by 3.x. */
export const REMOVED: ReadonlyMap<string, string> = new Map([["holt_winters", "3.0 (renamed double_exponential_smoothing, experimental)"]]);

/** Added after 2.42: stable ones are accepted with a version warning, experimental ones rejected. */
export const LATER: ReadonlyMap<string, LaterFunction> = new Map(
  (
    [
      ["histogram_stddev", "2.50", false, fn("histogram_stddev", [V])],
      ["histogram_stdvar", "2.50", false, fn("histogram_stdvar", [V])],
      ["histogram_avg", "2.53", false, fn("histogram_avg", [V])],
      ["sort_by_label", "2.49", true, fn("sort_by_label", [V, STR], V, -1)],
      ["sort_by_label_desc", "2.49", true, fn("sort_by_label_desc", [V, STR], V, -1)],
      ["mad_over_time", "2.53", true, fn("mad_over_time", [M])],
      ["double_exponential_smoothing", "3.0", true, fn("double_exponential_smoothing", [M, S, S])],
      ["info", "3.0", true, fn("info", [V, V], V, 1)],
      ["first_over_time", "3.x", true, fn("first_over_time", [M])],
      ["ts_of_first_over_time", "3.x", true, fn("ts_of_first_over_time", [M])],
      ["ts_of_last_over_time", "3.x", true, fn("ts_of_last_over_time", [M])],
      ["ts_of_max_over_time", "3.x", true, fn("ts_of_max_over_time", [M])],
      ["ts_of_min_over_time", "3.x", true, fn("ts_of_min_over_time", [M])],
      ["limitk", "3.0", true, fn("limitk", [S, V])],
      ["limit_ratio", "3.0", true, fn("limit_ratio", [S, V])],
    ] as const
  ).map(([name, since, experimental, def]) => [name, { since, experimental, def }]),
);

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

/** A hint for a name promtool 2.42 does not know, or undefined. */
export function unknownFunctionHint(name: string): string | undefined {
  const later = LATER.get(name);
  if (later !== undefined) {
    return later.experimental
      ? `${name}() is an experimental function of Prometheus ${later.since} (--enable-feature=promql-experimental-functions)`
      : `${name}() needs Prometheus ${later.since} or later`;
  }
  for (const known of FUNCTIONS.keys()) if (known.toLowerCase() === name.toLowerCase()) return `function names are case-sensitive: did you mean ${known}()?`;
  return undefined;
}
