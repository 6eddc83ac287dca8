// What text and Markdown share: one change as one line, and long values as changed lines.
import { structuredPatch } from "diff";
import type { Change, Entry } from "../types.ts";

const NONE = "(none)";

/** `threshold error_ratio: > 0.05 → > 0.1`, `for: 1m → 2m`, `severity: warning` (a fact). */
export function changeLine(c: Change, kind: Entry["kind"], code: (s: string) => string = (s) => s): string {
  // A threshold reads as the comparison itself: `error_ratio > 0.05` → `> 0.1`.
  if (c.field === "threshold" && c.key !== undefined && !c.long) {
    if (kind === "added") return `threshold: ${code(`${c.key} ${c.to}`)}`;
    if (kind === "removed") return `threshold: ${code(`${c.key} ${c.from}`)}`;
    return `threshold: ${code(`${c.key} ${c.from ?? NONE}`)} → ${code(c.to ?? NONE)}`;
  }
  const name = c.key !== undefined ? `${c.field} ${code(c.key)}` : c.field;
  if (c.long) return kind === "changed" ? `${name} changed` : name;
  if (kind === "added") return `${name}: ${code(c.to ?? NONE)}`;
  if (kind === "removed") return `${name}: ${code(c.from ?? NONE)}`;
  return `${name}: ${c.from === undefined ? NONE : code(c.from)} → ${c.to === undefined ? NONE : code(c.to)}`;
}

/** Changed lines of a long value with two lines of context, `-`/`+`/` ` prefixed; hunks apart by `…`. */
export function patchLines(from: string | undefined, to: string | undefined): string[] {
  const end = (s: string) => (s.endsWith("\n") ? s : `${s}\n`);
  const patch = structuredPatch("", "", end(from ?? ""), end(to ?? ""), "", "", { context: 2 });
  const out: string[] = [];
  patch.hunks.forEach((h, i) => {
    if (i > 0) out.push("…");
    out.push(...h.lines.filter((l) => !l.startsWith("\\")));
  });
  return out;
}

export const KIND_MARK: Record<Entry["kind"], string> = { added: "+", removed: "-", changed: "~" };
