// Grafana queries are PromQL with dashboard variables in them ($__rate_interval, ${arm},
// [[var]]). Before parsing, each variable outside string literals is replaced by something of the
// same length that PromQL accepts in that place: a duration inside [...] or after `offset`, a
// number for the *_ms / *_s built-ins, an identifier elsewhere. Variables inside strings stay.

const VARIABLE = /\$\{[^}]*\}|\$[A-Za-z_][A-Za-z0-9_]*|\[\[[^\]]*\]\]/y;

function stand(kind: "duration" | "number" | "identifier", length: number): string {
  const base = kind === "duration" ? "5m" : kind === "number" ? "300" : "v_";
  if (base.length >= length) return base.slice(0, Math.max(length, kind === "identifier" ? 1 : base.length));
  return kind === "identifier" ? base + "_".repeat(length - base.length) : base + " ".repeat(length - base.length);
}

/** Replaces dashboard variables so the query parses as PromQL; offsets are preserved. */
export function substituteGrafanaVariables(expr: string): string {
  let out = "";
  let quote: string | undefined;
  let bracket = 0;
  for (let i = 0; i < expr.length; ) {
    const c = expr[i]!;
    if (quote !== undefined) {
      out += c;
      if (c === "\\" && quote !== "`" && i + 1 < expr.length) {
        out += expr[i + 1];
        i += 2;
        continue;
      }
      if (c === quote) quote = undefined;
      i++;
      continue;
    }
    if (c === '"' || c === "'" || c === "`") quote = c;
    if (c === "[" && expr[i + 1] !== "[") bracket++;
    if (c === "]" && bracket > 0) bracket--;
    VARIABLE.lastIndex = i;
    const m = (c === "$" || (c === "[" && expr[i + 1] === "[")) ? VARIABLE.exec(expr) : null;
    if (m !== null) {
      const name = m[0].replace(/^\$\{|^\$|^\[\[|\}$|\]\]$/g, "").split(":")[0]!;
      const afterOffset = /\boffset\s*-?\s*$/i.test(out);
      const kind = /_(ms|s)$/.test(name) && name.startsWith("__") ? "number" : bracket > 0 || afterOffset ? "duration" : "identifier";
      out += stand(kind, m[0].length);
      i += m[0].length;
      continue;
    }
    out += c;
    i++;
  }
  return out;
}
