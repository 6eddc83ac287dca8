// Generated text restates the rules: an alert's description and runbook quote its threshold, its
// `for` and its receiver; a panel's description quotes the threshold it draws. When the rule
// changed, the reviewer is told once, by the rule's own change, not again by every text quoting it.
// A text change is dropped when undoing the entry's own reported changes (receiver, severity,
// labels) makes the texts equal; it is marked `restatesNumbers` when they differ in numbers only,
// and the experiment then drops it if it reports a numeric change (a threshold, a `for`, a weight).
import type { Change } from "./types.ts";

/** A change as categories produce it, before the experiment-wide pass. */
export interface DraftChange extends Change {
  restatesNumbers?: boolean;
}

export type Restating = "same" | "numbers" | "different";

const NUMBER = /\d+(?:\.\d+)?(?:e[-+]?\d+)?/gi;

/** Compares two texts, given the (from, to) pairs of values the entry already reports as changed. */
export function compareText(from: string, to: string, substitutions: readonly (readonly [string, string])[] = []): Restating {
  let a = from;
  let b = to;
  const subs = substitutions.filter(([x, y]) => x !== "" && y !== "" && x !== y).sort((p, q) => q[0].length - p[0].length);
  subs.forEach(([x, y], i) => {
    const hole = `\u0000${i}\u0000`;
    a = a.split(x).join(hole);
    b = b.split(y).join(hole);
  });
  if (a === b) return "same";
  return a.replace(NUMBER, "#") === b.replace(NUMBER, "#") ? "numbers" : "different";
}

/** A text change, or nothing when the texts are equal or only restate the given substitutions. */
export function textChange(
  change: Omit<Change, "from" | "to">,
  from: string,
  to: string,
  substitutions: readonly (readonly [string, string])[] = [],
): DraftChange[] {
  if (from === to) return [];
  const r = compareText(from, to, substitutions);
  if (r === "same") return [];
  return [{ ...change, from, to, ...(r === "numbers" ? { restatesNumbers: true } : {}) }];
}

/** Fields whose change explains texts that differ in numbers only. */
export const NUMERIC_FIELDS: ReadonlySet<string> = new Set(["threshold", "for", "expression", "weight", "thresholds"]);
