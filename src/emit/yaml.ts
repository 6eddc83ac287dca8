// The one YAML serialiser: fixed js-yaml options, a "do not edit" header, and `comment` fields
// turned into YAML comments above the item they describe.
import yaml from "js-yaml";
import { generatedHeader } from "../model/conventions.ts";

const COMMENT_KEY = "comment";

/** Multi-line strings become block scalars (js-yaml's default); no line folding, no anchors. */
function dump(value: unknown): string {
  return yaml.dump(value, { lineWidth: -1, noRefs: true, quotingType: '"' });
}

/**
 * A sequence item whose first key is `comment` is written as `# …` lines followed by the item.
 * js-yaml cannot emit comments, so they travel as data and are rewritten here.
 */
function liftComments(text: string): string {
  const lines = text.split("\n");
  const out: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const m = /^(\s*)- comment: (.*)$/.exec(lines[i]!);
    if (!m) {
      out.push(lines[i]!);
      continue;
    }
    const indent = m[1]!;
    let source = `x: ${m[2]!}`;
    if (/^[|>]/.test(m[2]!)) {
      // A block scalar: its lines are indented deeper than the item's keys.
      while (i + 1 < lines.length && lines[i + 1]!.startsWith(`${indent}    `)) source += `\n${lines[++i]!.slice(indent.length + 2)}`;
    }
    const comment = String((yaml.load(source) as { x: unknown }).x);
    for (const line of comment.split("\n")) out.push(`${indent}# ${line}`.trimEnd());
    const next = lines[i + 1];
    if (next !== undefined && next.startsWith(`${indent}  `)) {
      lines[i + 1] = `${indent}- ${next.slice(indent.length + 2)}`;
    }
  }
  return out.join("\n");
}

/** PromQL longer than this goes in a block scalar, so a reviewer reads it unquoted and unescaped. */
const INLINE_EXPR_MAX = 80;

function blockExpressions(text: string): string {
  return text
    .split("\n")
    .map((line) => {
      const m = /^(\s*)(- )?expr: (.+)$/.exec(line);
      if (!m || /^[|>]/.test(m[3]!)) return line;
      const value = String((yaml.load(`x: ${m[3]!}`) as { x: unknown }).x);
      if (value.length <= INLINE_EXPR_MAX) return line;
      const keyIndent = m[1]! + (m[2] ? "  " : "");
      return `${m[1]}${m[2] ?? ""}expr: |-\n${keyIndent}  ${value}`;
    })
    .join("\n");
}

export function toYaml(value: unknown, source: string): string {
  const body = blockExpressions(liftComments(dump(value)));
  return `# ${generatedHeader(source)}\n${body}`;
}

export { COMMENT_KEY };
