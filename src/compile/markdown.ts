// Markdown as data. Inline text is an `Md` value, made only through these functions, so a string
// from an experiment is escaped (or put in a code span) on its way in; documents are blocks one
// renderer writes. Runbooks and the dashboard's text panel use it.
// Written here rather than with a Markdown library: those parse Markdown and render HTML, while
// this writes CommonMark/GFM source that reviewers read in pull requests. The escaping is proven
// against a CommonMark parser in test/compile/markdown.test.ts.

/** Inline Markdown, safe in a paragraph, list item, heading or table cell. */
export class Md {
  constructor(readonly source: string) {}
  toString(): string {
    return this.source;
  }
}

// Characters that can start inline markup: emphasis, code, links, GFM strikethrough and math
// always; "_" where it can open or close emphasis; "<" before what starts HTML or an autolink;
// "&" before what starts an entity. "#" and ">" matter only at the start of a line (and "#" at the
// end of a heading), which the block renderer handles.
const SPECIAL = /[\\`*[\]~$]|(?<![A-Za-z0-9])_|_(?![A-Za-z0-9])|<(?=[A-Za-z/!?])|&(?=[#A-Za-z])/g;

/** Plain text: shows exactly as written. */
export function text(s: string): Md {
  return new Md(s.replace(SPECIAL, "\\$&"));
}

/** An inline code span holding `s` verbatim, whatever backticks it contains. */
export function code(s: string): Md {
  const longest = longestBacktickRun(s);
  const fence = "`".repeat(longest + 1);
  const pad = s === "" || s.startsWith("`") || s.endsWith("`") || (s.startsWith(" ") && s.endsWith(" ") && s.trim() !== "") ? " " : "";
  return new Md(`${fence}${pad}${s}${pad}${fence}`);
}

/** The length of the longest run of backticks in `s` (0 without any). */
function longestBacktickRun(s: string): number {
  if (!s.includes("`")) return 0; // most text: no pattern match and no array
  return Math.max(...s.match(/`+/g)!.map((run) => run.length));
}

/** Characters a link destination cannot hold raw, percent-encoded (the URL means the same). */
const URL_UNSAFE = /[\s<>()\\`"'\u0000-\u001f\u007f]/g;

export function link(label: Md | string, url: string): Md {
  const dest = url.replace(URL_UNSAFE, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, "0")}`);
  return new Md(`[${inline(label)}](${dest})`);
}

export function strong(inner: Md | string): Md {
  return new Md(`**${inline(inner)}**`);
}

type Value = Md | string | number;

const inline = (v: Value): string => (v instanceof Md ? v.source : text(String(v)).source);

/**
 * Inline Markdown from a template: the literal parts are Markdown written by abwatch, every
 * interpolated value is text (escaped) unless it is Md already.
 */
export function md(strings: TemplateStringsArray, ...values: Value[]): Md {
  let out = strings[0]!;
  for (let i = 0; i < values.length; i++) out += inline(values[i]!) + strings[i + 1]!;
  return new Md(out);
}

/** Like md, but undefined when a value is: a sentence about something the experiment lacks is left out. */
export function mdIf(strings: TemplateStringsArray, ...values: (Value | undefined)[]): Md | undefined {
  return values.some((v) => v === undefined) ? undefined : md(strings, ...(values as Value[]));
}

/** `then(value)` when there is a value, else nothing: an optional clause inside a sentence. */
export function maybe<T>(value: T | undefined, then: (v: T) => Md): Md {
  return value === undefined ? new Md("") : then(value);
}

/** "a", "a and b", "a, b and c". */
export function words(items: readonly Value[]): Md {
  const parts = items.map(inline);
  return new Md(parts.length <= 2 ? parts.join(" and ") : `${parts.slice(0, -1).join(", ")} and ${parts[parts.length - 1]}`);
}

export interface CodeBlock {
  lang: string;
  code: string;
}

export interface ListItem {
  text: Md;
  /** A command shown under the item. */
  code?: CodeBlock;
}

export type Block =
  | { kind: "heading"; level: 1 | 2; text: Md }
  | { kind: "paragraph"; text: Md }
  | { kind: "quote"; text: Md }
  | { kind: "list"; ordered: boolean; items: readonly ListItem[] }
  | ({ kind: "code" } & CodeBlock)
  | { kind: "table"; head: readonly Md[]; rows: readonly (readonly Md[])[] };

/** A line that would otherwise start a block (list, heading, quote, code, thematic break) stays a line of text. */
function asLine(s: string): string {
  // Most lines start with a letter, "*" or "[": nothing to strip or escape (the checks below, in brief).
  const first = s.charCodeAt(0);
  if ((first >= 65 && first <= 90) || (first >= 97 && first <= 122) || first === 42 || first === 91) return s;
  const t = s.replace(/^[ \t]+/, "");
  if (/^[-+=#>]/.test(t)) return `\\${t}`;
  const ordinal = /^\d{1,9}(?=[.)])/.exec(t);
  return ordinal ? `${ordinal[0]}\\${t.slice(ordinal[0].length)}` : t;
}

function fenced(block: CodeBlock, indent: string): string {
  const longest = longestBacktickRun(block.code);
  const fence = "`".repeat(Math.max(3, longest + 1));
  const body = block.code.split("\n").map((l) => (l === "" ? "" : `${indent}${l}`));
  return [`${indent}${fence}${block.lang}`, ...body, `${indent}${fence}`].join("\n");
}

/** GFM splits a table row at every "|", even inside a code span: escape them all. */
const cell = (m: Md) => asLine(m.source).replace(/\|/g, "\\|");

function renderBlock(b: Block): string {
  switch (b.kind) {
    case "heading":
      // A heading's trailing "#"s would be read as its closing sequence.
      return `${"#".repeat(b.level)} ${asLine(b.text.source).replace(/(^|\s)(#+\s*)$/, "$1\\$2")}`;
    case "paragraph":
      return asLine(b.text.source);
    case "quote":
      return `> ${asLine(b.text.source)}`;
    case "code":
      return fenced(b, "");
    case "table":
      return [`| ${b.head.map(cell).join(" | ")} |`, `|${b.head.map(() => "---").join("|")}|`, ...b.rows.map((r) => `| ${r.map(cell).join(" | ")} |`)].join(
        "\n",
      );
    case "list":
      return b.items
        .map((item, i) => {
          const marker = b.ordered ? `${i + 1}. ` : "- ";
          const first = `${marker}${asLine(item.text.source)}`;
          return item.code ? `${first}\n\n${fenced(item.code, " ".repeat(marker.length))}` : first;
        })
        .join("\n");
  }
}

/** Markdown source for the blocks, separated by blank lines, ending with a newline. */
export function renderMarkdown(blocks: readonly Block[]): string {
  return `${blocks.map(renderBlock).join("\n\n")}\n`;
}

/** Multi-line text from an experiment as paragraphs of plain text: each line escaped, blank lines kept. */
export function textLines(s: string): Md {
  return new Md(
    s
      .split("\n")
      .map((l) => (l.trim() === "" ? "" : asLine(text(l.trim()).source)))
      .join("\n"),
  );
}
