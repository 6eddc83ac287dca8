// Whether an expression's result is certainly a gauge, and why: what a recording rule records
// when it records a rate, a ratio, a quantile, a count of series... A name says nothing certain
// (node_exporter's, kubelet's and SNMP's counters lack `_total`), so nothing here reads names
// except the ones other rules or the experiment contract are known to make gauges.
import { metricName, typeOf, type Expr } from "./ast.ts";

/** Functions whose result is a gauge whatever their input. */
const GAUGE_FUNCTIONS = new Set([
  "rate", "irate", "increase", "delta", "idelta", "deriv", "predict_linear", "histogram_quantile", "histogram_fraction",
  "avg_over_time", "quantile_over_time", "stddev_over_time", "stdvar_over_time", "count_over_time", "mad_over_time",
  "changes", "resets", "absent", "absent_over_time", "present_over_time", "time", "timestamp", "vector", "scalar",
  "day_of_month", "day_of_week", "day_of_year", "days_in_month", "hour", "minute", "month", "year",
  "holt_winters", "double_exponential_smoothing",
]);

/** Aggregations whose result is a gauge whatever their input (a count of series, a mean...). */
const GAUGE_AGGREGATIONS = new Set(["count", "count_values", "avg", "stddev", "stdvar", "quantile", "group"]);

/**
 * Why `e` certainly yields a gauge, or undefined when it may be a counter. `known` tells why a
 * series is known to be a gauge (a recorded gauge, a contract gauge), if it is.
 */
export function gaugeReason(e: Expr, known: (name: string) => string | undefined): string | undefined {
  switch (e.type) {
    case "number":
      return "a constant";
    case "string":
      return undefined;
    case "vector": {
      const name = metricName(e);
      const reason = name === undefined ? undefined : known(name);
      if (reason !== undefined) return reason;
      // A summary's quantile series are gauges; its _sum and _count are the counters.
      if (e.matchers.some((m) => m.name === "quantile" && m.op === "=")) return "a summary's quantile series (it has a quantile label)";
      return undefined;
    }
    case "matrix":
      return gaugeReason(e.vector, known);
    case "paren":
    case "subquery":
      return gaugeReason(e.expr, known);
    case "unary":
      return e.op === "-" ? "a negated series" : gaugeReason(e.expr, known);
    case "aggregate":
      if (GAUGE_AGGREGATIONS.has(e.op)) return `${e.op}() of series`;
      return e.expr === undefined ? undefined : gaugeReason(e.expr, known);
    case "call":
      if (GAUGE_FUNCTIONS.has(e.name)) return `${e.name}() of a series`;
      {
        const arg = e.args.find((a) => typeOf(a) === "vector" || typeOf(a) === "matrix");
        return arg === undefined ? undefined : gaugeReason(arg, known);
      }
    case "binary": {
      const lt = typeOf(e.lhs);
      const rt = typeOf(e.rhs);
      if (e.returnBool) return "a comparison with bool (0 or 1)";
      if (e.op === "and" || e.op === "unless") return gaugeReason(e.lhs, known);
      if (e.op === "or") {
        const l = gaugeReason(e.lhs, known);
        return l !== undefined && gaugeReason(e.rhs, known) !== undefined ? l : undefined;
      }
      // A ratio of two series is no longer monotonic (a difference may be: total - errors).
      if (lt === "vector" && rt === "vector" && e.op === "/") return "a ratio of two series";
      // Scaling by a number or filtering keeps the vector side's nature.
      if (lt === "vector") return gaugeReason(e.lhs, known);
      if (rt === "vector") return gaugeReason(e.rhs, known);
      return "a constant";
    }
  }
}
