// Which generated files diff reads, recognised by the names in model/conventions.ts (never typed
// again here): each path function is turned into a pattern by calling it with placeholders.
import { generatedHeader, paths } from "../model/conventions.ts";

const HOLES = ["\u0000", "\u0001"];

function pattern(template: string): RegExp {
  let re = template.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  for (const hole of HOLES) re = re.replace(hole, "([^/]+)");
  return new RegExp(`^${re}$`);
}

const RULES = pattern(paths.rules(HOLES[0]!));
const DASHBOARD = pattern(paths.dashboard(HOLES[0]!));
const RUNBOOK = pattern(paths.runbook(HOLES[0]!, HOLES[1]!));
const RUNBOOK_INDEX = pattern(paths.runbookIndex(HOLES[0]!));

export type GeneratedFile =
  | { kind: "rules"; id: string }
  | { kind: "dashboard"; id: string }
  | { kind: "runbook"; id: string; alert: string }
  | { kind: "runbook-index"; id: string }
  | { kind: "alertmanager" }
  | { kind: "manifest" }
  | { kind: "other" };

export function classify(path: string): GeneratedFile {
  let m: RegExpExecArray | null;
  if (path === paths.alertmanager()) return { kind: "alertmanager" };
  if (path === paths.manifest()) return { kind: "manifest" };
  if ((m = RULES.exec(path))) return { kind: "rules", id: m[1]! };
  if ((m = DASHBOARD.exec(path))) return { kind: "dashboard", id: m[1]! };
  if ((m = RUNBOOK_INDEX.exec(path))) return { kind: "runbook-index", id: m[1]! };
  if ((m = RUNBOOK.exec(path))) return { kind: "runbook", id: m[1]!, alert: m[2]! };
  return { kind: "other" };
}

const [HEADER_BEFORE, HEADER_AFTER] = generatedHeader(HOLES[0]!).split(HOLES[0]!) as [string, string];

/** The experiment file named in a generated file's header, if its first lines hold one. */
export function sourceFromHeader(content: string): string | undefined {
  for (const line of content.split("\n", 3)) {
    const at = line.indexOf(HEADER_BEFORE);
    if (at === -1) continue;
    const end = line.indexOf(HEADER_AFTER, at + HEADER_BEFORE.length);
    if (end !== -1) return line.slice(at + HEADER_BEFORE.length, end);
  }
  return undefined;
}

/** Runbook Markdown without its generated-by header, which names the source file only. */
export function runbookBody(markdown: string): string {
  const newline = markdown.indexOf("\n");
  return newline !== -1 && sourceFromHeader(markdown.slice(0, newline)) !== undefined ? markdown.slice(newline + 1) : markdown;
}
