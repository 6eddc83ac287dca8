// Small PromQL builders shared by the dashboard and the rules, so selectors are escaped and
// formatted the same way everywhere.

/**
 * A PromQL double-quoted string literal. JSON's escapes (\\ \" \n \t \uXXXX …) are a subset of
 * PromQL's and MetricsQL's (Go string escapes), so JSON.stringify writes a literal both read back.
 */
export function promString(value: string): string {
  return JSON.stringify(value);
}

export type Matchers = Readonly<Record<string, string>>;

/** `metric{a="1", b!="2"}`: keys ending in `!`, `=~` or `!~` choose the operator (e.g. `{"le!": "+Inf"}`). */
export function selector(metric: string, ...matcherSets: Matchers[]): string {
  const parts: string[] = [];
  for (const set of matcherSets) {
    for (const key in set) {
      const value = set[key]!;
      // The operator suffix, read by hand: this runs for every matcher of every series abwatch writes.
      if (key.endsWith("!~") || key.endsWith("=~")) parts.push(`${key}${promString(value)}`);
      else if (key.endsWith("!")) parts.push(`${key.slice(0, -1)}!=${promString(value)}`);
      else parts.push(`${key}=${promString(value)}`);
    }
  }
  return parts.length === 0 ? metric : `${metric}{${parts.join(", ")}}`;
}

/** `by (a, b)` */
export function by(...labels: string[]): string {
  return `by (${labels.join(", ")})`;
}

/** Formats a number for PromQL and YAML without float noise (0.1 + 0.2 → 0.3). */
export function num(value: number): string {
  const text = String(value);
  // Float noise needs 16 or 17 significant digits: a short text has none (and is most numbers).
  return text.length <= 13 || Number.isInteger(value) ? text : String(Number(value.toPrecision(12)));
}
