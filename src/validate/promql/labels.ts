// Which labels an expression's result series can carry, as far as the expression itself says:
// `sum by (a, b) (...)` has exactly a and b, `sum without (c) (...)` has no c, a selector may
// have anything. Used by lints that ask "is label X certainly gone here?".
import { metricName, typeOf, type Expr } from "./ast.ts";

export interface ResultLabels {
  /** The exact label set, or undefined when the selector's labels pass through (unknown). */
  exact: ReadonlySet<string> | undefined;
  /** Labels certainly removed (meaningful when exact is undefined). */
  removed: ReadonlySet<string>;
}

const ANY: ResultLabels = { exact: undefined, removed: new Set() };
const NONE: ResultLabels = { exact: new Set(), removed: new Set() };

const exact = (labels: Iterable<string>): ResultLabels => ({ exact: new Set(labels), removed: new Set() });

function withLabel(r: ResultLabels, label: string): ResultLabels {
  if (r.exact !== undefined) return exact([...r.exact, label]);
  const removed = new Set(r.removed);
  removed.delete(label);
  return { exact: undefined, removed };
}

function without(r: ResultLabels, labels: Iterable<string>): ResultLabels {
  const drop = new Set(labels);
  if (r.exact !== undefined) return exact([...r.exact].filter((l) => !drop.has(l)));
  return { exact: undefined, removed: new Set([...r.removed, ...drop]) };
}

function keep(r: ResultLabels, labels: readonly string[]): ResultLabels {
  if (r.exact !== undefined) return exact(labels.filter((l) => r.exact!.has(l)));
  return exact(labels.filter((l) => !r.removed.has(l)));
}

function union(a: ResultLabels, b: ResultLabels): ResultLabels {
  if (a.exact !== undefined && b.exact !== undefined) return exact([...a.exact, ...b.exact]);
  const removed = new Set<string>();
  const removedIn = (r: ResultLabels, l: string) => (r.exact !== undefined ? !r.exact.has(l) : r.removed.has(l));
  for (const l of [...a.removed, ...b.removed, ...(a.exact ?? []), ...(b.exact ?? [])]) if (removedIn(a, l) && removedIn(b, l)) removed.add(l);
  return { exact: undefined, removed };
}

/** Whether `label` is certainly absent from every result series. */
export function certainlyAbsent(r: ResultLabels, label: string): boolean {
  return r.exact !== undefined ? !r.exact.has(label) : r.removed.has(label);
}

/** Results by tree: parsePromQL shares trees between identical expressions. Results are never mutated. */
const memo = new WeakMap<Expr, ResultLabels>();

export function resultLabels(e: Expr): ResultLabels {
  let r = memo.get(e);
  if (r === undefined) {
    r = labelsOf(e);
    memo.set(e, r);
  }
  return r;
}

function labelsOf(e: Expr): ResultLabels {
  switch (e.type) {
    case "number":
    case "string":
      return NONE;
    case "vector":
      return ANY;
    case "matrix":
      return ANY;
    case "subquery":
    case "paren":
    case "unary":
      return labelsOf(e.expr);
    case "aggregate": {
      if (e.expr === undefined) return ANY;
      const inner = labelsOf(e.expr);
      if (e.op === "topk" || e.op === "bottomk") return inner;
      let out: ResultLabels;
      if (!e.modifier) out = NONE;
      else if (e.without) out = without(inner, [...e.grouping, "__name__"]);
      else out = keep(inner, e.grouping);
      if (e.op === "count_values" && e.param?.type === "string") out = withLabel(out, e.param.value);
      return out;
    }
    case "binary": {
      const lt = typeOf(e.lhs);
      const rt = typeOf(e.rhs);
      const l = labelsOf(e.lhs);
      const r = labelsOf(e.rhs);
      if (lt === "scalar") return r;
      if (rt === "scalar") return l;
      if (e.op === "and" || e.op === "unless") return l;
      if (e.op === "or") return union(l, r);
      const m = e.matching;
      let base = m.card === "one-to-many" ? r : l;
      if (m.card === "one-to-one" && m.explicit) base = m.on ? keep(l, m.labels) : without(l, m.labels);
      for (const inc of m.include) base = withLabel(base, inc);
      return base;
    }
    case "call": {
      const first = e.args[0];
      const input = first === undefined ? NONE : labelsOf(first);
      switch (e.name) {
        case "vector":
        case "time":
        case "pi":
        case "scalar":
          return NONE;
        case "absent":
        case "absent_over_time": {
          const sel = first?.type === "matrix" ? first.vector : first?.type === "vector" ? first : undefined;
          if (sel === undefined) return NONE;
          const name = metricName(sel);
          return exact(sel.matchers.filter((m) => m.op === "=" && m.name !== "__name__" && (name === undefined || m.name !== "__name__")).map((m) => m.name));
        }
        case "label_replace":
        case "label_join": {
          const dst = e.args[1];
          return dst?.type === "string" ? withLabel(input, dst.value) : input;
        }
        case "histogram_quantile":
        case "histogram_fraction": {
          const arg = e.name === "histogram_quantile" ? e.args[1] : e.args[2];
          return arg === undefined ? NONE : without(labelsOf(arg), ["le"]);
        }
        default: {
          const v = e.args.find((a) => typeOf(a) === "vector" || typeOf(a) === "matrix");
          return v === undefined ? NONE : labelsOf(v);
        }
      }
    }
  }
}

/** Human list of an exact label set, for messages. */
export function describeLabels(r: ResultLabels): string {
  if (r.exact === undefined) return `every label except ${[...r.removed].sort().join(", ")}`;
  return r.exact.size === 0 ? "no labels" : `only ${[...r.exact].sort().join(", ")}`;
}
