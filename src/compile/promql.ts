// Small PromQL builders shared by the dashboard and the rules, so selectors are escaped and
// formatted the same way everywhere.

/** What JSON.stringify may escape in a string: quotes, backslashes, control characters, surrogates. */
const NEEDS_ESCAPE = /["\\\u0000-\u001f\ud800-\udfff]/;

/**
 * A PromQL double-quoted string literal. JSON's escapes (\\ \" \n \t \uXXXX …) are a subset of
 * PromQL's and MetricsQL's (Go string escapes), so JSON.stringify writes a literal both read back.
 */
export function promString(value: string): string {
  // Most values (names, ids, numbers) need no escape at all: quoted directly, without the serialiser.
  return NEEDS_ESCAPE.test(value) ? JSON.stringify(value) : `"${value}"`;
}

export type Matchers = Readonly<Record<string, string>>;

/** `metric{a="1", b!="2"}`: keys ending in `!`, `=~` or `!~` choose the operator (e.g. `{"le!": "+Inf"}`). */
export function selector(metric: string, ...matcherSets: Matchers[]): string {
  let matchers = "";
  for (const set of matcherSets) {
    for (const key in set) {
      if (matchers !== "") matchers += ", ";
      // The operator suffix, read by hand: this runs for every matcher of every series abwatch writes.
      const last = key.charCodeAt(key.length - 1);
      if (last === 126 /* ~ */ && (key.endsWith("!~") || key.endsWith("=~"))) matchers += key;
      else if (last === 33 /* ! */) matchers += `${key.slice(0, -1)}!=`;
      else matchers += `${key}=`;
      matchers += promString(set[key]!);
    }
  }
  return matchers === "" ? metric : `${metric}{${matchers}}`;
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
