// A fast path for the YAML rule files are almost always written in: block mappings and sequences,
// one-line plain and quoted scalars, literal and folded block scalars, comments. It builds the
// positioned tree of yaml.ts in one pass over the text. Why our own rather than only js-yaml:
// speed. js-yaml plus the second pass that recovers positions from its listener were a third of
// validate's time on a large rule file (and most of its garbage). Anything outside that subset
// (flow collections, anchors, aliases, tags, multi-line flow scalars, tabs, CRs, duplicate or
// merge keys, more than one document, ...) makes it give up and yaml.ts takes the general path,
// so promtool parity is never this file's to keep: test/validate/yaml-block.test.ts proves the
// tree equals the general path's on every real-world and generated file and on mutated ones.
import type { YamlMap, YamlNode, YamlScalar, YamlSeq } from "./yaml.ts";
import { resolvePlain } from "./yaml-plain.ts";

/** Thrown where the text leaves the subset; caught once, in parseBlockYaml. */
class Unsupported {}
const UNSUPPORTED = new Unsupported();

const NL = 10;
const SPACE = 32;
const HASH = 35;
const COLON = 58;
const DASH = 45;

/** Characters that cannot start a plain scalar here (or start one only in ways left to js-yaml). */
function indicator(c: number): boolean {
  // - ? : , [ ] { } # & * ! | > ' " % @ `
  return (
    c === DASH || c === 63 || c === COLON || c === 44 || c === 91 || c === 93 || c === 123 || c === 125 || c === HASH ||
    c === 38 || c === 42 || c === 33 || c === 124 || c === 62 || c === 39 || c === 34 || c === 37 || c === 64 || c === 96
  );
}

const ESCAPES: Record<string, string> = {
  "0": "\0", a: "\x07", b: "\b", t: "\t", n: "\n", v: "\v", f: "\f", r: "\r", e: "\x1b",
  " ": " ", '"': '"', "/": "/", "\\": "\\", N: "\x85", _: "\xa0", L: "\u2028", P: "\u2029",
};

/**
 * The next occurrence of a needle at or after a position, remembered: the parser reads forward,
 * so each search continues where the last one ended and the text is scanned once per needle,
 * natively by indexOf, rather than character by character in JavaScript.
 */
class Finder {
  private from = 0;
  private found = -2; // not searched yet

  constructor(
    private readonly s: string,
    private readonly needle: string,
  ) {}

  /** The first occurrence at or after `at`, or the text's length if none. */
  next(at: number): number {
    if (this.found === -2 || at < this.from || (this.found !== -1 && this.found < at)) {
      this.from = at;
      this.found = this.s.indexOf(this.needle, at);
    }
    return this.found === -1 ? this.s.length : this.found;
  }
}

class BlockParser {
  private pos = 0;
  /** 0-based line of `pos` and the offset where that line starts. */
  private line = 0;
  private lineStart = 0;

  private readonly lineBreak: Finder;
  private readonly comment: Finder;
  private readonly colonSpace: Finder;
  private readonly quote: Finder;
  private readonly apostrophe: Finder;
  private readonly backslash: Finder;

  constructor(private readonly s: string) {
    this.lineBreak = new Finder(s, "\n");
    this.comment = new Finder(s, " #");
    this.colonSpace = new Finder(s, ": ");
    this.quote = new Finder(s, '"');
    this.apostrophe = new Finder(s, "'");
    this.backslash = new Finder(s, "\\");
  }

  parse(): YamlNode {
    let indent = this.nextContent(true);
    if (indent === 0 && this.s.startsWith("---", this.pos)) {
      // A document start marker on a line of its own.
      let i = this.pos + 3;
      while (this.s.charCodeAt(i) === SPACE) i++;
      const c = this.s.charCodeAt(i);
      if (!(c === NL || Number.isNaN(c) || c === HASH)) throw UNSUPPORTED;
      this.skipLine();
      indent = this.nextContent();
    }
    if (indent < 0) throw UNSUPPORTED; // an empty document: the general path says what it is
    const root = this.block(indent, this.lineStart + indent);
    if (root === undefined || this.nextContent() >= 0) throw UNSUPPORTED;
    return root;
  }

  /**
   * Moves to the start of the next line holding content (not blank, not only a comment) and
   * returns its indentation, or -1 at the end. A document marker there is left to js-yaml.
   */
  private nextContent(atStart = false): number {
    const s = this.s;
    for (;;) {
      if (this.pos >= s.length) return -1;
      let i = this.pos;
      while (s.charCodeAt(i) === SPACE) i++;
      const c = s.charCodeAt(i);
      if (c === NL || c === HASH || i >= s.length) {
        this.skipLine();
        continue;
      }
      const indent = i - this.pos;
      if (indent === 0 && (c === DASH || c === 46) && !atStart) {
        // `---` or `...` starting a line: another document, or the end of this one.
        const three = s.slice(i, i + 3);
        const after = s.charCodeAt(i + 3);
        if ((three === "---" || three === "...") && (after === SPACE || after === NL || Number.isNaN(after))) throw UNSUPPORTED;
      }
      return indent;
    }
  }

  /** Moves past the end of the current line. */
  private skipLine(): void {
    const nl = this.s.indexOf("\n", this.pos);
    if (nl === -1) {
      this.pos = this.s.length;
      return;
    }
    this.pos = nl + 1;
    this.line++;
    this.lineStart = this.pos;
  }

  private isSeqEntry(at: number): boolean {
    if (this.s.charCodeAt(at) !== DASH) return false;
    const c = this.s.charCodeAt(at + 1);
    return c === SPACE || c === NL || Number.isNaN(c);
  }

  /** A block collection whose first entry starts at `at`, column `col` (0-based); undefined if none starts there. */
  private block(col: number, at: number): YamlMap | YamlSeq | undefined {
    if (this.isSeqEntry(at)) return this.sequence(col, at);
    const colon = this.keyEnd(at);
    if (colon < 0) return undefined;
    return this.mapping(col, at, colon);
  }

  /**
   * The `:` that ends a plain key starting at `at` on this line; -1 if the line holds no key, -2
   * for a key with a space before its colon (its text is js-yaml's to trim). Keys outside the
   * plain one-line subset (quoted, explicit, long, commented) are unsupported.
   */
  private keyEnd(at: number): number {
    const s = this.s;
    if (indicator(s.charCodeAt(at))) return -1;
    const nl = this.lineBreak.next(at);
    let colon = this.colonSpace.next(at);
    if (colon >= nl) colon = nl > at && s.charCodeAt(nl - 1) === COLON ? nl - 1 : -1; // a key whose value starts on the next line
    if (colon < 0 || colon - at > 1024 || this.comment.next(at) < colon) return -1;
    return s.charCodeAt(colon - 1) === SPACE ? -2 : colon;
  }

  /** A block mapping whose first key starts at `first` and ends at `colon`. */
  private mapping(col: number, first: number, colon: number): YamlMap {
    const s = this.s;
    const entries: { key: YamlNode; value: YamlNode }[] = [];
    const map: YamlMap = { kind: "map", entries, line: this.line + 1, column: col + 1, offset: first, end: first };
    let at = first;
    for (;;) {
      if (colon < 0) throw UNSUPPORTED;
      const text = s.slice(at, colon);
      if (text === "<<") throw UNSUPPORTED;
      // A duplicate key is js-yaml's error to report, not ours.
      for (let k = 0; k < entries.length; k++) if ((entries[k]!.key as YamlScalar).value === text) throw UNSUPPORTED;
      const key: YamlScalar = { kind: "scalar", value: text, tag: resolvePlain(text), style: "plain", line: this.line + 1, column: col + 1, offset: at, end: colon };
      this.pos = colon + 1;
      const value = this.value(col, true);
      entries.push({ key, value });
      map.end = value.end;
      const indent = this.nextContent();
      if (indent < col) return map;
      if (indent > col) throw UNSUPPORTED;
      at = this.pos + indent;
      colon = this.keyEnd(at);
    }
  }

  private sequence(col: number, first: number): YamlSeq {
    const items: YamlNode[] = [];
    const seq: YamlSeq = { kind: "seq", items, line: this.line + 1, column: col + 1, offset: first, end: first };
    let at = first;
    for (;;) {
      this.pos = at + 1;
      const item = this.value(col, false);
      // js-yaml reports nothing for an empty entry, so the general path has no node for it
      // (promtool skips such a group or rule as well): neither does this one.
      // (Only an empty entry reads as a null without text: `~` keeps its text.)
      if (!(item.kind === "scalar" && item.tag === "!!null" && item.value === "")) items.push(item);
      seq.end = item.end;
      const indent = this.nextContent();
      if (indent < col) return seq;
      if (indent > col) throw UNSUPPORTED;
      at = this.pos + indent;
      if (!this.isSeqEntry(at)) return seq;
    }
  }

  /**
   * The node after a mapping's `:` or a sequence's `-` (at `pos`), in a collection whose entries
   * start at column `col`. Leaves `pos` at the start of a line.
   */
  private value(col: number, inMapping: boolean): YamlNode {
    const s = this.s;
    let i = this.pos;
    while (s.charCodeAt(i) === SPACE) i++;
    const c = s.charCodeAt(i);
    if (c === NL || Number.isNaN(c) || (c === HASH && i > this.pos)) {
      const emptyAt = this.pos;
      const emptyLine = this.line;
      const emptyColumn = emptyAt - this.lineStart;
      this.skipLine();
      const indent = this.nextContent();
      const at = this.pos + indent;
      if (indent > col) {
        const node = this.block(indent, at);
        if (node === undefined) throw UNSUPPORTED; // a scalar on the next line
        return node;
      }
      if (inMapping && indent === col && this.isSeqEntry(at)) return this.sequence(col, at);
      return { kind: "scalar", value: "", tag: "!!null", style: "plain", line: emptyLine + 1, column: emptyColumn + 1, offset: emptyAt, end: emptyAt };
    }
    const column = i - this.lineStart;
    if (!inMapping) {
      const colon = this.keyEnd(i);
      if (colon >= 0) return this.mapping(column, i, colon);
    }
    if (c === 124 || c === 62) return this.blockScalar(col, i);
    let node: YamlNode;
    if (c === 34) node = this.doubleQuoted(i, col);
    else if (c === 39) node = this.singleQuoted(i, col);
    else if (c === 91 || c === 123) node = this.emptyFlow(i);
    else node = this.plain(i, col);
    // Nothing but a comment may follow on the line, and no line may continue the scalar.
    let j = node.end;
    while (s.charCodeAt(j) === SPACE) j++;
    const d = s.charCodeAt(j);
    if (!(d === NL || Number.isNaN(d) || (d === HASH && j > node.end))) throw UNSUPPORTED;
    this.pos = j;
    this.skipLine();
    if (this.nextContent() > col) throw UNSUPPORTED;
    return node;
  }

  /** `[]` or `{}`, the one flow collection generated files write (`input_series: []`). */
  private emptyFlow(at: number): YamlSeq | YamlMap {
    const s = this.s;
    const seq = s.charCodeAt(at) === 91;
    let i = at + 1;
    while (s.charCodeAt(i) === SPACE) i++;
    if (s.charCodeAt(i) !== (seq ? 93 : 125)) throw UNSUPPORTED;
    const where = { line: this.line + 1, column: at - this.lineStart + 1, offset: at, end: i + 1 };
    return seq ? { kind: "seq", items: [], ...where } : { kind: "map", entries: [], ...where };
  }

  /**
   * Where a flow scalar continues after the line break at `nl`: the line breaks it folds into
   * (one per blank line) and the first character of the next text line. Unsupported unless that
   * line is indented past the collection at `col`. Moves `line` along.
   */
  private fold(nl: number, col: number): { breaks: number; next: number } {
    const s = this.s;
    let breaks = 0;
    let i = nl;
    for (;;) {
      this.line++;
      this.lineStart = i + 1;
      let j = i + 1;
      while (s.charCodeAt(j) === SPACE) j++;
      if (s.charCodeAt(j) !== NL) {
        if (j - this.lineStart <= col || j >= s.length) throw UNSUPPORTED;
        return { breaks, next: j };
      }
      breaks++;
      i = j;
    }
  }

  /** How a line break and the blank lines after it fold: one space, or a newline per blank line. */
  private static joint(breaks: number): string {
    return breaks === 0 ? " " : "\n".repeat(breaks);
  }

  /** A plain scalar starting at `at`, inside a collection at column `col`; it may fold over several lines. */
  private plain(at: number, col: number): YamlScalar {
    const s = this.s;
    const c = s.charCodeAt(at);
    if (indicator(c)) {
      const d = s.charCodeAt(at + 1);
      // `-5` or `-foo` is plain; every other indicator is js-yaml's to read.
      if (c !== DASH || d === SPACE || d === NL || Number.isNaN(d)) throw UNSUPPORTED;
    }
    const line = this.line;
    const column = at - this.lineStart;
    let value = "";
    let from = at;
    for (;;) {
      // This line's text ends at a comment or the line break; `: ` or a final `:` in it is a mapping.
      const nl = this.lineBreak.next(from);
      const comment = Math.min(this.comment.next(from), nl);
      if (this.colonSpace.next(from) < comment || (comment === nl && nl > from && s.charCodeAt(nl - 1) === COLON)) throw UNSUPPORTED;
      let last = comment;
      while (last > from && s.charCodeAt(last - 1) === SPACE) last--;
      value += s.slice(from, last);
      if (comment < nl || nl >= s.length) return this.plainNode(value, line, column, at, last);
      // The next line continues the scalar if it is indented past the collection and is not a comment.
      let j = nl + 1;
      while (s.charCodeAt(j) === SPACE || s.charCodeAt(j) === NL) j++;
      const e = s.charCodeAt(j);
      if (j >= s.length || j - (s.lastIndexOf("\n", j - 1) + 1) <= col || e === HASH) return this.plainNode(value, line, column, at, last);
      const f = s.charCodeAt(j + 1);
      // `- x`, `? x` or `: x` starting a continuation line: js-yaml's to read.
      if ((e === DASH || e === 63 || e === COLON) && (f === SPACE || f === NL || Number.isNaN(f))) throw UNSUPPORTED;
      const { breaks, next } = this.fold(nl, col);
      value += BlockParser.joint(breaks);
      from = next;
    }
  }

  private plainNode(value: string, line: number, column: number, at: number, end: number): YamlScalar {
    return { kind: "scalar", value, tag: resolvePlain(value), style: "plain", line: line + 1, column: column + 1, offset: at, end };
  }

  /**
   * A quoted scalar's text from `from` up to its line break at `nl`, then how that break folds;
   * leaves `pos` at the first character of the next text line.
   */
  private quotedBreak(from: number, nl: number, col: number): string {
    // js-yaml keeps spaces before a line break where libyaml drops them: left to the general path.
    // (From an escape's end the space before the break is the escape's: it is kept by both.)
    if (nl > from && this.s.charCodeAt(nl - 1) === SPACE) throw UNSUPPORTED;
    const { breaks, next } = this.fold(nl, col);
    this.pos = next;
    return this.s.slice(from, nl) + BlockParser.joint(breaks);
  }

  /** A single-quoted scalar starting at `at`; it may fold over several lines. */
  private singleQuoted(at: number, col: number): YamlScalar {
    const s = this.s;
    const line = this.line;
    const column = at - this.lineStart;
    let value = "";
    let from = at + 1;
    for (;;) {
      const q = this.apostrophe.next(from);
      const nl = this.lineBreak.next(from);
      if (q >= s.length) throw UNSUPPORTED; // never closed
      if (nl < q) {
        value += this.quotedBreak(from, nl, col);
        from = this.pos;
      } else if (s.charCodeAt(q + 1) === 39) {
        value += s.slice(from, q + 1); // '' is one '
        from = q + 2;
      } else {
        value += s.slice(from, q);
        return { kind: "scalar", value, tag: "!!str", style: "single", line: line + 1, column: column + 1, offset: at, end: q + 1 };
      }
    }
  }

  /** A double-quoted scalar starting at `at`; it may fold over several lines. */
  private doubleQuoted(at: number, col: number): YamlScalar {
    const s = this.s;
    const line = this.line;
    const column = at - this.lineStart;
    let value = "";
    let from = at + 1;
    for (;;) {
      const q = this.quote.next(from);
      const nl = this.lineBreak.next(from);
      const b = this.backslash.next(from);
      if (q >= s.length) throw UNSUPPORTED; // never closed
      if (q < nl && q < b) {
        value += s.slice(from, q);
        return { kind: "scalar", value, tag: "!!str", style: "double", line: line + 1, column: column + 1, offset: at, end: q + 1 };
      }
      if (nl < b) {
        value += this.quotedBreak(from, nl, col);
        from = this.pos;
        continue;
      }
      value += s.slice(from, b);
      const e = s[b + 1];
      if (e === undefined) throw UNSUPPORTED;
      if (e === "\n") {
        // An escaped line break joins the lines without a space.
        const { breaks, next } = this.fold(b + 1, col);
        if (breaks > 0) throw UNSUPPORTED; // blank lines after an escaped break: js-yaml drops them
        from = next;
        continue;
      }
      const simple = ESCAPES[e];
      if (simple !== undefined) {
        value += simple;
        from = b + 2;
        continue;
      }
      const digits = e === "x" ? 2 : e === "u" ? 4 : e === "U" ? 8 : 0;
      const hex = s.slice(b + 2, b + 2 + digits);
      if (digits === 0 || hex.length !== digits || !/^[0-9A-Fa-f]+$/.test(hex)) throw UNSUPPORTED;
      const code = parseInt(hex, 16);
      if ((code >= 0xd800 && code <= 0xdfff) || code > 0x10ffff) throw UNSUPPORTED; // libyaml's error: the general path has it
      value += String.fromCodePoint(code);
      from = b + 2 + digits;
    }
  }

  /** A literal (`|`) or folded (`>`) block scalar whose indicator is at `at`, inside a collection at column `col`. */
  private blockScalar(col: number, at: number): YamlScalar {
    const s = this.s;
    const folded = s.charCodeAt(at) === 62;
    let i = at + 1;
    let chomp: "clip" | "strip" | "keep" = "clip";
    if (s[i] === "-") chomp = "strip";
    else if (s[i] === "+") chomp = "keep";
    if (chomp !== "clip") i++;
    const afterHeader = s.charCodeAt(i);
    if (!(afterHeader === SPACE || afterHeader === NL)) throw UNSUPPORTED; // an indentation indicator, or text
    while (s.charCodeAt(i) === SPACE) i++;
    if (s.charCodeAt(i) === HASH) i = s.indexOf("\n", i);
    if (i === -1 || s.charCodeAt(i) !== NL) throw UNSUPPORTED;
    const startLine = this.line;
    const startColumn = at - this.lineStart;
    this.pos = i;
    this.skipLine();
    // The body: lines indented at least as much as the first non-blank one, and blank lines.
    const lines: string[] = [];
    let indent = -1;
    let leadingBlank = 0;
    let end = this.pos;
    while (this.pos < s.length) {
      const nl = s.indexOf("\n", this.pos);
      if (nl === -1) throw UNSUPPORTED; // a body running into the end of the text without a line break
      let j = this.pos;
      while (s.charCodeAt(j) === SPACE) j++;
      const spaces = j - this.pos;
      if (j === nl) {
        // A blank line: its spaces beyond the indentation would be content; those are js-yaml's.
        if (indent < 0) leadingBlank = Math.max(leadingBlank, spaces);
        else if (spaces > indent) throw UNSUPPORTED;
        lines.push("");
      } else {
        if (indent < 0) {
          if (spaces <= col || spaces < leadingBlank) throw UNSUPPORTED; // an empty body, or a YAML error
          indent = spaces;
        }
        if (spaces < indent) break;
        if (folded && spaces > indent) throw UNSUPPORTED; // more-indented lines are not folded
        lines.push(s.slice(this.pos + indent, nl));
      }
      this.pos = nl + 1;
      this.line++;
      this.lineStart = this.pos;
      end = this.pos;
    }
    if (indent < 0) throw UNSUPPORTED;
    let last = lines.length - 1;
    while (lines[last] === "") last--;
    let value: string;
    if (folded) {
      value = lines[0]!;
      let blanks = 0;
      for (let k = 1; k <= last; k++) {
        const l = lines[k]!;
        if (l === "") blanks++;
        else {
          value += blanks === 0 ? ` ${l}` : "\n".repeat(blanks) + l;
          blanks = 0;
        }
      }
    } else {
      value = lines.slice(0, last + 1).join("\n");
    }
    if (chomp === "clip") value += "\n";
    else if (chomp === "keep") value += "\n".repeat(lines.length - last);
    return { kind: "scalar", value, tag: "!!str", style: folded ? "folded" : "literal", line: startLine + 1, column: startColumn + 1, offset: at, end };
  }
}

/** Characters YAML does not allow in a stream (C0 and C1 controls, lone surrogates, U+FFFE/F): js-yaml reports them. */
const NOT_PRINTABLE = /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/**
 * The first document of `text` as a positioned tree, when it is written in the block subset this
 * file reads; undefined otherwise (the caller parses it with js-yaml).
 */
export function parseBlockYaml(text: string): YamlNode | undefined {
  if (text.includes("\t") || text.includes("\r") || text.charCodeAt(0) === 0xfeff || NOT_PRINTABLE.test(text)) return undefined;
  try {
    return new BlockParser(text).parse();
  } catch (e) {
    if (e === UNSUPPORTED) return undefined;
    throw e;
  }
}
