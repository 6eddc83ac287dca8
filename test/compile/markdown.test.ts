// The Markdown writer's escaping, proven with a CommonMark parser (markdown-it, with GFM tables):
// whatever string an experiment holds, text shows exactly that string, a code span holds it
// verbatim, a table cell stays one cell and a line never turns into another block.
import MarkdownIt from "markdown-it";
import { describe, expect, it } from "vitest";
import { code, link, md, renderMarkdown, text, type Block } from "../../src/compile/markdown.ts";

const parser = new MarkdownIt({ html: true, linkify: false });

type Token = ReturnType<MarkdownIt["parse"]>[number];

/** The text a reader sees in the inline tokens (code spans included verbatim). */
function shown(tokens: readonly Token[]): string {
  return tokens
    .map((t) => (t.type === "text" || t.type === "code_inline" ? t.content : t.type === "softbreak" ? "\n" : t.children ? shown(t.children) : ""))
    .join("");
}

function inlineTokens(markdown: string): Token[] {
  const tokens = parser.parse(markdown, {});
  return tokens.filter((t) => t.type === "inline").flatMap((t) => t.children ?? []);
}

// Seeded, so a failure reproduces: strings made of the characters Markdown treats specially.
function* strings(seed: number, n: number): Generator<string> {
  const pieces = [
    "*", "**", "_", "__", "`", "``", "```", "[", "]", "](x)", "(", ")", "<", ">", "<b>", "</b>", "<!--", "-->", "&amp;", "&#35;", "&",
    "#", "# ", "- ", "+ ", "1. ", "2) ", "> ", "=", "---", "|", "\\", "\\*", "~~", "$", "$x$", "!", "![a](b)", "http://x.y/(z)", " ", "  ",
    "a", "word", "_x_", "é", "—", "😀", "{{", "}}", ":", ".", "0",
  ];
  let s = seed >>> 0;
  const rand = () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  for (let i = 0; i < n; i++) {
    const len = 1 + Math.floor(rand() * 8);
    let out = "";
    for (let j = 0; j < len; j++) out += pieces[Math.floor(rand() * pieces.length)];
    yield out;
  }
}

const cases = [...strings(20261130, 400)];

describe("text", () => {
  it.each(cases.slice(0, 200).map((s) => [JSON.stringify(s), s]))("in a paragraph shows %s exactly", (_n, s) => {
    const doc = renderMarkdown([{ kind: "paragraph", text: md`x ${s} x` }]);
    const tokens = parser.parse(doc, {});
    expect(tokens.map((t) => t.type)).toEqual(["paragraph_open", "inline", "paragraph_close"]);
    expect(shown(inlineTokens(doc))).toBe(`x ${s.replace(/ +$/, (m) => m)} x`);
  });

  it.each(cases.slice(200, 260).map((s) => [JSON.stringify(s), s]))("starting a paragraph, a list item or a heading, shows %s", (_n, s) => {
    const body = s.trim() === "" ? "a" : s.replace(/^\s+|\s+$/g, "");
    for (const block of [
      { kind: "paragraph", text: text(body) },
      { kind: "list", ordered: true, items: [{ text: text(body) }] },
      { kind: "heading", level: 1, text: text(body) },
    ] as Block[]) {
      const doc = renderMarkdown([block]);
      expect(shown(inlineTokens(doc)), doc).toBe(body);
    }
  });
});

describe("code", () => {
  it.each(cases.slice(0, 200).map((s) => [JSON.stringify(s), s]))("holds %s verbatim in one span", (_n, s) => {
    const tokens = inlineTokens(renderMarkdown([{ kind: "paragraph", text: md`x ${code(s)} x` }]));
    const spans = tokens.filter((t) => t.type === "code_inline");
    expect(spans).toHaveLength(1);
    expect(spans[0]!.content).toBe(s);
  });
});

describe("tables", () => {
  it.each(cases.slice(100, 200).map((s) => [JSON.stringify(s), s]))("keep %s in one cell, as text or as code", (_n, s) => {
    const doc = renderMarkdown([{ kind: "table", head: [md`a`, md`b`], rows: [[text(`x${s}x`), md`${code(s)}`]] }]);
    const tokens = parser.parse(doc, {});
    const cells = tokens.filter((t) => t.type === "td_open");
    expect(cells, doc).toHaveLength(2);
    const inlines = tokens.filter((t) => t.type === "inline").slice(2);
    expect(shown(inlines[0]!.children!)).toBe(`x${s}x`);
    expect(inlines[1]!.children!.filter((t) => t.type === "code_inline").map((t) => t.content)).toEqual([s]);
  });
});

describe("code blocks", () => {
  it.each(cases.slice(0, 50).map((s) => [JSON.stringify(s), s]))("hold %s verbatim, in a list item too", (_n, s) => {
    const content = `first ${s}\n${s}\nlast`;
    for (const doc of [
      renderMarkdown([{ kind: "code", lang: "sh", code: content }]),
      renderMarkdown([{ kind: "list", ordered: true, items: [{ text: md`step`, code: { lang: "sh", code: content } }] }]),
    ]) {
      const fences = parser.parse(doc, {}).filter((t) => t.type === "fence");
      expect(fences, doc).toHaveLength(1);
      expect(fences[0]!.content).toBe(`${content}\n`);
    }
  });
});

describe("links", () => {
  it.each([
    "https://grafana.example/d/abwatch-x/x?viewPanel=5",
    "https://wiki.example/runbooks_(v2)/x.md",
    "https://x.example/a{{b}}/c|d*e_f",
  ])("point at %s with the label as text", (url) => {
    const tokens = inlineTokens(renderMarkdown([{ kind: "paragraph", text: link("a [label] *", url) }]));
    const open = tokens.find((t) => t.type === "link_open")!;
    expect(decodeURI(open.attrGet("href")!)).toBe(decodeURI(url.replace(/[()]/g, encodeURIComponent)).replace(/%28/g, "(").replace(/%29/g, ")"));
    expect(shown(tokens)).toBe("a [label] *");
  });
});
