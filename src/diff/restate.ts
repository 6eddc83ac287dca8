// Generated text restates the rules: an alert's description and runbook quote its threshold, its
// `for`, its receiver and the arms' weights; a panel's description quotes the threshold it draws.
// When a rule changed, the reviewer is told once, by the rule's own change, not again by every
// text quoting it. Two steps:
// - in its category, a text change is dropped when undoing the entry's own reported changes
//   (receiver, severity, labels, the expression a runbook quotes) makes the texts equal;
// - for the whole experiment (index.ts), a text change is dropped when every word that differs is
//   a number or the name of an arm added or removed, and the experiment reports a numeric change
//   (a threshold, a `for`, an expression, a weight) or an arm added or removed.
// A text change with any other word changed is always reported.
import { diffWords } from "diff";
import type { Change } from "./types.ts";

/** A change as categories produce it, before the experiment-wide pass. */
export interface DraftChange extends Change {
  /** For text changes: both texts after the entry's own substitutions, for the experiment-wide check. */
  text?: { from: string; to: string };
}

function substitute(from: string, to: string, substitutions: readonly (readonly [string, string])[]): [string, string] {
  let a = from;
  let b = to;
  const subs = substitutions.filter(([x, y]) => x !== "" && y !== "" && x !== y).sort((p, q) => q[0].length - p[0].length);
  subs.forEach(([x, y], i) => {
    const hole = `\u0000${i}\u0000`;
    a = a.split(x).join(hole);
    b = b.split(y).join(hole);
  });
  return [a, b];
}

/** A text change, or nothing when the texts are equal or differ only by the given (from, to) values. */
export function textChange(
  change: Omit<Change, "from" | "to">,
  from: string,
  to: string,
  substitutions: readonly (readonly [string, string])[] = [],
): DraftChange[] {
  if (from === to) return [];
  const [a, b] = substitute(from, to, substitutions);
  if (a === b) return [];
  return [{ ...change, from, to, text: { from: a, to: b } }];
}

/** Words, punctuation left out: `canary-v2 (1.5s)` → canary, v2, 1.5s. */
const words = (text: string) => text.match(/\d+(?:\.\d+)*(?:e[-+]?\d+)?\p{L}*|[\p{L}\p{N}_]+/gu) ?? [];
/** A number, possibly with a duration unit (`0.05`, `1e-3`, `200ms`, `5m`). */
const NUMBER = /^\d+(?:\.\d+)*(?:e[-+]?\d+)?(?:ms|[smhdwy])?$/i;

/** Whether every word that differs between the texts is a number or a word of the given names. */
export function onlyNumbersOrNames(text: { from: string; to: string }, names: Iterable<string>): boolean {
  const known = new Set([...names].flatMap(words));
  return diffWords(text.from, text.to).every((part) => !(part.added || part.removed) || words(part.value).every((w) => NUMBER.test(w) || known.has(w)));
}

/** Fields whose change explains texts that differ in numbers only. */
export const NUMERIC_FIELDS: ReadonlySet<string> = new Set(["threshold", "for", "expression", "weight", "thresholds"]);
