// The pull-request comment: what changes for paging first (alerts, arms, routing), dashboards and
// recording rules collapsed, expression and runbook diffs collapsed. It starts with a marker so a
// CI job can find and update its own comment, and stays under GitHub's 65,536-character limit.
import { EXPERIMENT_CATEGORIES, ROUTING_CATEGORIES, type Entry, type MonitoringDiff } from "../types.ts";
import { changeLine, patchLines } from "./lines.ts";

export const COMMENT_MARKER = "<!-- abwatch-diff -->";

/** GitHub rejects comments above 65,536 characters; leave room for what a CI job adds. */
export const COMMENT_LIMIT = 60_000;

const MARK: Record<Entry["kind"], string> = { added: "➕", removed: "➖", changed: "✏️" };

/** Inline code that survives backticks and newlines in the value. */
export function code(s: string): string {
  const flat = s.replace(/\s*\n\s*/g, " ⏎ ");
  const fence = flat.includes("`") ? "``" : "`";
  const pad = flat.startsWith("`") || flat.endsWith("`") ? " " : "";
  return `${fence}${pad}${flat}${pad}${fence}`;
}

/** Text that Markdown and HTML must not interpret. */
export function esc(s: string): string {
  return s.replace(/[\\`*_{}[\]|#]/g, "\\$&").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

function fenced(lines: string[]): string {
  const body = lines.join("\n");
  const fence = body.includes("```") ? "````" : "```";
  return `${fence}diff\n${body}\n${fence}`;
}

interface Options {
  /** Include line diffs of long values (expressions, runbook text). */
  long: boolean;
}

function entryLine(e: Entry, subject: (s: string) => string): string {
  const short = e.changes.filter((c) => !c.long || e.kind === "changed").map((c) => changeLine(c, e.kind, code));
  const readBy = e.readBy !== undefined ? ` — read by ${e.readBy.map(esc).join(", ")}` : "";
  return `- ${MARK[e.kind]} ${subject(e.subject)}${short.length > 0 ? `: ${short.join(" · ")}` : ""}${readBy}`;
}

/** The long values of changed entries, one diff block each, in one collapsed section. */
function longParts(entries: Entry[], subject: (s: string) => string, what: string): string[] {
  const parts: string[] = [];
  for (const e of entries) {
    if (e.kind !== "changed") continue;
    for (const c of e.changes) {
      if (!c.long) continue;
      parts.push(`${subject(e.subject)} · ${c.field}${c.key !== undefined ? ` ${code(c.key)}` : ""}`, "", fenced(patchLines(c.from, c.to)), "");
    }
  }
  if (parts.length === 0) return [];
  return [`<details><summary>${what}</summary>`, "", ...parts, "</details>", ""];
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

function counts(entries: Entry[]): string {
  const by = (k: Entry["kind"]) => entries.filter((e) => e.kind === k).length;
  return [["added", by("added")], ["removed", by("removed")], ["changed", by("changed")]]
    .filter(([, n]) => (n as number) > 0)
    .map(([k, n]) => `${n} ${k}`)
    .join(", ");
}

function section(title: string, entries: Entry[], collapsed: boolean, subject: (s: string) => string, opts: Options): string[] {
  if (entries.length === 0) return [];
  const list = entries.map((e) => entryLine(e, subject));
  const long = opts.long ? longParts(entries, subject, `${title}: line changes`) : [];
  if (collapsed) return [`<details><summary>${title}: ${counts(entries)}</summary>`, "", ...list, "", ...long, "</details>", ""];
  return [`**${title}**`, "", ...list, "", ...long];
}

function render(d: MonitoringDiff, opts: Options, limitExperiments: number): string {
  const out: string[] = [COMMENT_MARKER];
  const compared = `Compared ${code(d.base)} → ${code(d.head)} with \`abwatch diff\`.`;
  if (!d.changed) out.push("### abwatch: no monitoring change", "", compared, "");
  else {
    out.push("### abwatch: monitoring changes", "", compared, "");
    const bold = (s: string) => `**${esc(s)}**`;
    const mono = (s: string) => code(s);
    for (const x of d.experiments.slice(0, limitExperiments)) {
      out.push(`#### ${code(x.id)} — ${x.status}${x.source !== undefined ? ` (${code(x.source)})` : ""}`, "");
      for (const key of EXPERIMENT_CATEGORIES) {
        const title = { alerts: "Alerts", arms: "Arms", panels: "Dashboard", recordingRules: "Recording rules" }[key];
        const collapsed = key === "panels" || key === "recordingRules";
        out.push(...section(title, x[key], collapsed, key === "recordingRules" ? mono : bold, opts));
      }
    }
    const left = d.experiments.length - limitExperiments;
    if (left > 0) out.push(`…and ${plural(left, "more experiment")} changed: run \`npx abwatch diff\` to see them.`, "");
    if (ROUTING_CATEGORIES.some((k) => d.routing[k].length > 0)) {
      out.push("#### Alertmanager (all experiments)", "");
      out.push(...section("Routes", d.routing.routes, false, mono, opts));
      out.push(...section("Receivers", d.routing.receivers, false, bold, opts));
      out.push(...section("Inhibition", d.routing.inhibitRules, false, esc, opts));
    }
  }
  if (d.otherFiles.length > 0) {
    out.push(`<sub>Also changed, not monitoring: ${d.otherFiles.map((f) => code(f.path)).join(", ")}.</sub>`, "");
  }
  if (!opts.long) out.push("<sub>Line changes of expressions and runbooks were left out to fit a comment: run `npx abwatch diff` to see them.</sub>", "");
  return `${out.join("\n").trimEnd()}\n`;
}

export function renderMarkdown(d: MonitoringDiff): string {
  const full = render(d, { long: true }, d.experiments.length);
  if (full.length <= COMMENT_LIMIT) return full;
  // Too long for a comment: first without line diffs, then with fewer experiments (each pass shorter).
  for (let n = d.experiments.length; n >= 0; n = n === 0 ? -1 : Math.floor(n / 2)) {
    const text = render(d, { long: false }, n);
    if (text.length <= COMMENT_LIMIT) return text;
  }
  return `${COMMENT_MARKER}\n### abwatch: monitoring changes\n\nToo many to show here: run \`npx abwatch diff\`.\n`;
}
