// The scenario × alert matrix verify prints at the end, one table per experiment.
import type { Cell, Judged } from "./checks.ts";

const SYMBOL: Record<Cell, string> = { fired: "F", inhibited: "I", latched: "L", quiet: ".", mismatch: "X" };

/** Capitals of a CamelCase alert name (HighErrorRate → HER), unique within the list. */
export function abbreviations(names: readonly string[]): Map<string, string> {
  const out = new Map<string, string>();
  const used = new Set<string>();
  for (const n of names) {
    let a = n.replace(/[^A-Z]/g, "") || n.slice(0, 3);
    for (let i = 2; used.has(a); i++) a = `${a.replace(/\d+$/, "")}${i}`;
    used.add(a);
    out.set(n, a);
  }
  return out;
}

export function renderMatrix(judged: Judged, alertsByExperiment: ReadonlyMap<string, readonly string[]>): string {
  const lines: string[] = [];
  for (const [experiment, alerts] of alertsByExperiment) {
    const short = abbreviations(alerts);
    const rows = judged.results.filter((r) => r.experiment === experiment);
    const width = Math.max(8, ...rows.map((r) => r.scenario.length));
    const cols = alerts.map((a) => short.get(a)!);
    const colWidth = Math.max(...cols.map((c) => c.length));
    const pad = (s: string) => s.padEnd(colWidth);
    lines.push(`${experiment}`);
    lines.push(`  ${"scenario".padEnd(width)}  ${cols.map(pad).join(" ")}  result`);
    for (const r of rows) {
      const cells = alerts.map((a) => pad(SYMBOL[r.cells.get(a) ?? "quiet"]));
      lines.push(`  ${r.scenario.padEnd(width)}  ${cells.join(" ")}  ${r.mismatches.length === 0 ? "ok" : `${r.mismatches.length} mismatch${r.mismatches.length === 1 ? "" : "es"}`}`);
    }
    lines.push(`  ${alerts.map((a) => `${short.get(a)} ${a}`).join(", ")}`);
    lines.push("");
  }
  lines.push("F fired, was delivered to its receiver and resolved with the fault · L fired and stays (a sequential test's conclusion) · I held back by inhibition · . stayed quiet · X mismatch");
  const panels = judged.panels;
  const empty = panels.filter((p) => p.series === 0 || p.error !== undefined).length;
  lines.push(`panels: ${panels.length - empty} of ${panels.length} dashboard queries returned data`);
  return `${lines.join("\n")}\n`;
}
