// The terminal rendering: indented, one change a line, long values as changed lines.
import { EXPERIMENT_CATEGORIES, ROUTING_CATEGORIES, type Entry, type MonitoringDiff } from "../types.ts";
import { KIND_MARK, changeLine, patchLines } from "./lines.ts";

export const CATEGORY_TITLES: Record<string, string> = {
  alerts: "alerts",
  arms: "arms",
  panels: "dashboard",
  recordingRules: "recording rules",
  routes: "routes",
  receivers: "receivers",
  inhibitRules: "inhibition",
};

function entryLines(e: Entry, indent: string): string[] {
  const head = `${indent}${KIND_MARK[e.kind]} ${e.subject}`;
  const short = e.changes.filter((c) => !c.long);
  const out: string[] = [];
  if (e.kind === "changed") {
    out.push(head);
    for (const c of e.changes) {
      out.push(`${indent}    ${changeLine(c, e.kind)}`);
      if (c.long) out.push(...patchLines(c.from, c.to).map((l) => `${indent}      ${l}`));
    }
  } else {
    // A new or removed thing: its facts on one line; long facts (whole expressions) are left out.
    const facts = short.map((c) => changeLine(c, e.kind)).join(" · ");
    out.push(facts === "" ? head : `${head}: ${facts}`);
  }
  if (e.readBy !== undefined) out.push(`${indent}    read by ${e.readBy.join(", ")}`);
  return out;
}

export function renderText(d: MonitoringDiff): string {
  const out: string[] = [];
  const compared = `${d.base} → ${d.head}`;
  if (!d.changed) out.push(`no monitoring change (${compared})`);
  else {
    out.push(`abwatch diff: ${compared}`);
    for (const x of d.experiments) {
      out.push("", `experiment ${x.id}${x.source !== undefined ? ` (${x.source})` : ""}: ${x.status}`);
      for (const key of EXPERIMENT_CATEGORIES) {
        if (x[key].length === 0) continue;
        out.push(`  ${CATEGORY_TITLES[key]}`);
        for (const e of x[key]) out.push(...entryLines(e, "    "));
      }
    }
    if (ROUTING_CATEGORIES.some((k) => d.routing[k].length > 0)) {
      out.push("", "alertmanager (all experiments)");
      for (const key of ROUTING_CATEGORIES) {
        if (d.routing[key].length === 0) continue;
        out.push(`  ${CATEGORY_TITLES[key]}`);
        for (const e of d.routing[key]) out.push(...entryLines(e, "    "));
      }
    }
  }
  if (d.otherFiles.length > 0) {
    out.push("", `other generated files changed (not monitoring): ${d.otherFiles.map((f) => `${f.path} (${f.kind})`).join(", ")}`);
  }
  return `${out.join("\n")}\n`;
}
