// Runbook documents → Markdown files, each led by the "do not edit" header in an HTML comment.
import type { Runbook } from "../compile/runbooks/index.ts";
import { renderMarkdown } from "../compile/markdown.ts";
import { generatedHeader } from "../model/conventions.ts";

/** The "do not edit" header line of a runbook, an HTML comment. */
export function runbookHeader(source: string): string {
  // "-->" would end the comment early (a file name may hold it).
  return `<!-- ${generatedHeader(source).replaceAll("-->", "--&gt;")} -->\n`;
}

export function emitRunbook(r: Runbook, source: string): string {
  return runbookHeader(source) + renderMarkdown(r.blocks);
}
