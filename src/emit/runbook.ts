// Runbook documents → Markdown files, each led by the "do not edit" header in an HTML comment.
import type { Runbook } from "../compile/runbooks/index.ts";
import { renderMarkdown } from "../compile/markdown.ts";
import { generatedHeader } from "../model/conventions.ts";

/** The "do not edit" header line of a runbook, an HTML comment. */
function runbookHeader(source: string): string {
  // "-->" would end the comment early (a file name may hold it).
  return `<!-- ${generatedHeader(source).replaceAll("-->", "--&gt;")} -->\n`;
}

/** A runbook's file as its header line and its Markdown body (emit keeps them apart, see OutputFile.pieces). */
export function runbookPieces(r: Runbook, source: string): [header: string, body: string] {
  return [runbookHeader(source), renderMarkdown(r.blocks)];
}

export function emitRunbook(r: Runbook, source: string): string {
  const [header, body] = runbookPieces(r, source);
  return header + body;
}
