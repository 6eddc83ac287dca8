// Runbook documents → Markdown files, each led by the "do not edit" header in an HTML comment.
import type { Runbook } from "../compile/runbooks/index.ts";
import { renderMarkdown } from "../compile/markdown.ts";
import { generatedHeader } from "../model/conventions.ts";

export function emitRunbook(r: Runbook, source: string): string {
  // "-->" would end the comment early (a file name may hold it).
  const header = generatedHeader(source).replaceAll("-->", "--&gt;");
  return `<!-- ${header} -->\n${renderMarkdown(r.blocks)}`;
}
