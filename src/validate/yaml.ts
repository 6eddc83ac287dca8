// YAML with positions. js-yaml parses; its node listener gives us where every node starts, so
// each value in the tree below knows its line and column, as Go's yaml.Node does for promtool.
// Scalars keep their source text (no implicit typing): Prometheus decodes `for: 0`, `expr: 1.50`
// or `severity: yes` into Go strings, so the text is what matters, and the YAML 1.2 type of a
// plain scalar is resolved separately, the way Go's yaml.v3 does, for the few fields typed int.
import yaml from "js-yaml";
import { parseBlockYaml } from "./yaml-block.ts";
import { resolvePlain } from "./yaml-plain.ts";

export { resolvePlain };

export type YamlTag = "!!str" | "!!int" | "!!float" | "!!bool" | "!!null" | "!!map" | "!!seq" | "!!binary" | "!!timestamp";

interface NodeBase {
  /** 1-based line and column of the node's first character (for mappings: the first key). */
  line: number;
  column: number;
  /** Offset of the node's first character. */
  offset: number;
  /**
   * Offset just after the node's last character. For block collections and block scalars it may
   * reach further, over the blank space and comments that follow (where js-yaml stopped reading);
   * only the tab check, which looks at flow collections and scalars, reads it.
   */
  end: number;
}

export interface YamlScalar extends NodeBase {
  kind: "scalar";
  value: string;
  tag: YamlTag;
  style: "plain" | "single" | "double" | "literal" | "folded";
}

export interface YamlMap extends NodeBase {
  kind: "map";
  entries: { key: YamlNode; value: YamlNode }[];
}

export interface YamlSeq extends NodeBase {
  kind: "seq";
  items: YamlNode[];
}

export type YamlNode = YamlScalar | YamlMap | YamlSeq;

export interface YamlError {
  message: string;
  line: number;
  column: number;
}

export interface YamlDocument {
  /** The first document's root, or undefined for an empty stream (as Go's decoder reads io.EOF). */
  root: YamlNode | undefined;
  error?: YamlError;
  /** Converts an offset into a 1-based line and column. */
  position(offset: number): { line: number; column: number };
}

/** Explicit tags (`!!int 5`) still parse; nothing is typed implicitly. */
const TYPES = (yaml as unknown as { types: Record<"null" | "bool" | "int" | "float" | "timestamp" | "binary", yaml.Type> }).types;
const SCHEMA = yaml.FAILSAFE_SCHEMA.extend({
  explicit: [TYPES.null, TYPES.bool, TYPES.int, TYPES.float, TYPES.timestamp, TYPES.binary],
});

interface RawNode {
  open: number;
  end: number;
  kind: string | null;
  tag: string | null;
  result: unknown;
  /** Shared NO_CHILDREN until the first child: most nodes are scalars without any. */
  children: RawNode[];
}

const NO_CHILDREN: RawNode[] = [];

export function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) starts.push(i + 1);
  return starts;
}

export function positionAt(starts: readonly number[], offset: number): { line: number; column: number } {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo + 1, column: offset - starts[lo]! + 1 };
}

/**
 * Cuts the stream after its first document: like Go's decoder, promtool reads one document and
 * never looks at (or fails on) the rest.
 */
export function firstDocument(text: string): string {
  let seenContent = false;
  let pos = 0;
  while (pos < text.length) {
    const nl = text.indexOf("\n", pos);
    const end = nl === -1 ? text.length : nl;
    const line = text.slice(pos, end);
    const marker = /^(---|\.\.\.)(?=[ \t\r]|$)/.exec(line);
    if (marker !== null) {
      if (seenContent) return text.slice(0, pos);
      if (marker[1] === "---" && line.slice(3).replace(/#.*$/, "").trim() !== "") seenContent = true;
    } else if (!/^\s*(#.*)?$/.test(line) && !line.startsWith("%")) {
      seenContent = true;
    }
    if (nl === -1) break;
    pos = nl + 1;
  }
  return text;
}

function explicitTag(tag: string | null): YamlTag | undefined {
  if (tag === null || !tag.startsWith("tag:yaml.org,2002:")) return undefined;
  const short = `!!${tag.slice("tag:yaml.org,2002:".length)}` as YamlTag;
  return short;
}

function scalarText(result: unknown): string {
  if (result === null || result === undefined) return "";
  if (result instanceof Date) return result.toISOString();
  if (result instanceof Uint8Array) return Buffer.from(result).toString("base64");
  return String(result);
}

/**
 * Parses the first YAML document of `text` into a positioned tree. Never throws. Block-style text
 * (nearly every rule file) takes the fast path of yaml-block.ts; the rest goes through js-yaml.
 */
export function parseYaml(text: string): YamlDocument {
  const block = parseBlockYaml(text);
  if (block !== undefined) {
    let starts: number[] | undefined; // only a problem's message needs them
    return { root: block, position: (offset) => positionAt((starts ??= lineStarts(text)), offset) };
  }
  return parseYamlGeneral(text);
}

/** parseYaml by js-yaml alone: what the block fast path must agree with (and its test compares). */
export function parseYamlGeneral(text: string): YamlDocument {
  const starts = lineStarts(text);
  const position = (offset: number) => positionAt(starts, offset);
  const source = firstDocument(text);
  const stack: RawNode[] = [{ open: 0, end: 0, kind: null, tag: null, result: undefined, children: [] }];
  try {
    yaml.load(source, {
      schema: SCHEMA,
      listener(event, s) {
        const state = s as unknown as { position: number; kind: string | null; tag: string | null; result: unknown };
        if (event === "open") {
          stack.push({ open: state.position, end: state.position, kind: null, tag: null, result: undefined, children: NO_CHILDREN });
        } else {
          const node = stack.pop()!;
          node.end = state.position;
          node.kind = state.kind;
          node.tag = state.tag;
          // Only scalars' values are read; holding collections' would keep js-yaml's objects alive.
          node.result = state.kind === "scalar" ? state.result : undefined;
          const parent = stack[stack.length - 1]!;
          if (parent.children === NO_CHILDREN) parent.children = [node];
          else parent.children.push(node);
        }
      },
    });
  } catch (e) {
    // libyaml ends an anchor name at `:`, so `&name:` is an anchored empty (null) key there;
    // js-yaml reads the colon into the name and fails. Retry with the same-length `~     :`,
    // a null key, so positions stay right (an alias to that anchor is then unknown).
    const emptyKeys = withAnchoredEmptyKeys(source);
    if (emptyKeys !== source && text.length === source.length) return parseYamlGeneral(emptyKeys);
    const mark = (e as { mark?: { line: number; column: number; position: number } }).mark;
    const reason = (e as { reason?: string }).reason ?? (e instanceof Error ? e.message : String(e));
    // Go's decoder stops once the first document's root node is complete (a flow collection
    // followed by more text): read what came before, as it does.
    // A flow root, or a block root that the next line dedents below, is complete there.
    const rootStart = /^(?:\s|#[^\n]*\n|---)*/.exec(source)![0].length;
    const flowRoot = source[rootStart] === "[" || source[rootStart] === "{";
    const rootIndent = rootStart - (source.lastIndexOf("\n", rootStart - 1) + 1);
    const dedented = mark !== undefined && mark.column < rootIndent && /^ *$/.test(source.slice(mark.position - mark.column, mark.position));
    if (reason === "end of the stream or a document separator is expected" && (flowRoot || dedented) && mark !== undefined && mark.position > 0 && text.length === source.length) {
      const before = parseYamlGeneral(text.slice(0, mark.position));
      if (before.error === undefined && before.root?.kind !== "scalar") return { ...before, position };
    }
    return {
      root: undefined,
      error: { message: reason, line: (mark?.line ?? 0) + 1, column: (mark?.column ?? 0) + 1 },
      position,
    };
  }
  const top = stack[0]!.children;
  if (top.length === 0) return { root: undefined, position };
  const builder = new TreeBuilder(source, position, starts);
  const root = builder.build(top[top.length - 1]!);
  if (builder.error !== undefined) {
    const emptyKeys = withAnchoredEmptyKeys(source);
    if (emptyKeys !== source && text.length === source.length) return parseYamlGeneral(emptyKeys);
    return { root: undefined, error: builder.error, position };
  }
  const tab = tabError(source, root, starts);
  if (tab !== undefined) return { root: undefined, error: tab, position };
  const empty = root.kind === "scalar" && root.tag === "!!null" && root.style === "plain";
  return { root: empty ? undefined : root, position };
}

/** `&name:` where a block mapping key starts (after indentation and `- ` markers). */
const ANCHORED_EMPTY_KEY = /^([ ]*(?:-[ ]+)*)&([A-Za-z0-9_-]+):(?=[ \t]|$)/gm;

function withAnchoredEmptyKeys(source: string): string {
  return source.replace(ANCHORED_EMPTY_KEY, (_m, lead: string, name: string) => `${lead}~${" ".repeat(name.length)}:`);
}

/** Anchor and alias names libyaml accepts. */
const ANCHOR_NAME = /^[A-Za-z0-9_-]+$/;
/** \u and \U escapes of a double-quoted scalar, which must be Unicode scalar values. */
const UNICODE_ESCAPE = /\\(?:u([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8}))/g;

class TreeBuilder {
  private readonly anchors = new Map<string, YamlNode>();
  /** What libyaml rejects but js-yaml lets through. */
  error: YamlError | undefined;

  private fail(message: string, offset: number): void {
    this.error ??= { message, ...this.position(offset) };
  }
  constructor(
    private readonly src: string,
    private readonly position: (offset: number) => { line: number; column: number },
    private readonly starts: readonly number[],
  ) {}

  /** Skips whitespace, comments and node properties (&anchor, !tag); returns the content start. */
  private contentStart(from: number, limit: number): { start: number; anchor?: string } {
    const s = this.src;
    let i = from;
    let anchor: string | undefined;
    for (;;) {
      while (i < limit && (s[i] === " " || s[i] === "\t" || s[i] === "\n" || s[i] === "\r")) i++;
      if (s[i] === "#" && (i === 0 || /\s/.test(s[i - 1]!))) {
        while (i < limit && s[i] !== "\n") i++;
        continue;
      }
      if (s[i] === "&" || s[i] === "!") {
        const m = /^[&!][^\s,\[\]{}]*/.exec(s.slice(i, Math.min(limit, i + 1024)));
        if (m !== null && (s[i] === "!" || m[0].length > 1)) {
          if (s[i] === "&") {
            anchor = m[0].slice(1);
            if (!ANCHOR_NAME.test(anchor)) this.fail("did not find expected alphabetic or numeric character", i);
          }
          i += m[0].length;
          continue;
        }
      }
      return anchor === undefined ? { start: i } : { start: i, anchor };
    }
  }

  build(raw: RawNode): YamlNode {
    // js-yaml reports some nodes twice, nested: explicit keys and aliases, and a flow collection
    // where a block mapping could have started (it first tries it as a key). Keep the inner one.
    for (;;) {
      const only = raw.children.length === 1 ? raw.children[0]! : undefined;
      if (only === undefined) break;
      // (a zero-width child of a scalar is a failed attempt at a key, not the node itself)
      if (raw.kind !== "mapping" && raw.kind !== "sequence") {
        if (raw.kind === "scalar" && only.end <= only.open) break;
        raw = only;
      }
      else if (only.kind === raw.kind && only.open === raw.open) raw = only;
      else break;
    }
    const { start, anchor } = this.contentStart(raw.open, Math.max(raw.end, raw.open));
    const node = this.buildAt(raw, start);
    if (anchor !== undefined) this.anchors.set(anchor, node);
    return node;
  }

  /**
   * Line of an offset. Scalars come mostly in order, so look just after the last answer first; a
   * mapping asks for its start after its children, so anything earlier is a binary search (a
   * scan from the top made large files quadratic).
   */
  private lastLine = 0;
  private lineOf(offset: number): number {
    const starts = this.starts;
    let i = this.lastLine;
    if (starts[i]! > offset || (i + 2 < starts.length && starts[i + 2]! <= offset)) {
      let lo = 0;
      let hi = starts.length - 1;
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if (starts[mid]! <= offset) lo = mid;
        else hi = mid - 1;
      }
      i = lo;
    } else if (i + 1 < starts.length && starts[i + 1]! <= offset) i++;
    this.lastLine = i;
    return i + 1;
  }
  /** Column of an offset (call right after lineOf for the same offset). */
  private columnOf(offset: number): number {
    return offset - this.starts[this.lastLine]! + 1;
  }
  private nullAt(offset: number): YamlScalar {
    return { kind: "scalar", value: "", tag: "!!null", style: "plain", line: this.lineOf(offset), column: this.columnOf(offset), offset, end: offset };
  }

  private buildAt(raw: RawNode, start: number): YamlNode {
    const s = this.src;
    if (s[start] === "*") {
      const name = /^\*([^\s,\[\]{}]+)/.exec(s.slice(start, start + 1024))?.[1];
      if (name !== undefined && !ANCHOR_NAME.test(name)) this.fail("did not find expected alphabetic or numeric character", start);
      const target = name === undefined ? undefined : this.anchors.get(name);
      if (target !== undefined) return { ...target, line: this.lineOf(start), column: this.columnOf(start), offset: start, end: start + 1 + name!.length };
    }
    if (raw.kind === "mapping") return this.mapping(raw, start);
    if (raw.kind === "sequence") {
      const items = raw.children.map((c) => this.build(c));
      return { kind: "seq", items, line: this.lineOf(start), column: this.columnOf(start), offset: start, end: Math.max(raw.end, start) };
    }
    if (raw.kind === "scalar") {
      const ch = s[start];
      const style =
        ch === '"' ? "double" : ch === "'" ? "single" : ch === "|" ? "literal" : ch === ">" ? "folded" : "plain";
      const value = scalarText(raw.result);
      if (style === "double") {
        for (const m of s.slice(start, raw.end).matchAll(UNICODE_ESCAPE)) {
          const code = parseInt(m[1] ?? m[2]!, 16);
          if ((code >= 0xd800 && code <= 0xdfff) || code > 0x10ffff) this.fail("found invalid Unicode character escape code", start + m.index);
        }
      }
      const explicit = explicitTag(raw.tag);
      const tag: YamlTag = explicit ?? (style === "plain" && raw.tag === "?" ? resolvePlain(value) : "!!str");
      return { kind: "scalar", value, tag, style, line: this.lineOf(start), column: this.columnOf(start), offset: start, end: Math.max(raw.end, start) };
    }
    // An empty node: a null without text, positioned where it would have started (after the ':').
    return this.nullAt(raw.open);
  }

  private mapping(raw: RawNode, start: number): YamlMap {
    const s = this.src;
    const entries: { key: YamlNode; value: YamlNode }[] = [];
    const merged: { key: YamlNode; value: YamlNode }[] = [];
    const kids = raw.children;
    for (let i = 0; i < kids.length; i++) {
      const keyRaw = kids[i]!;
      const key = this.build(keyRaw);
      // A value follows its key after a ':' (flow mappings may have keys without values).
      let j = keyRaw.end;
      for (let c = s.charCodeAt(j); c === 32 || c === 9 || c === 10 || c === 13; c = s.charCodeAt(++j));
      if (s[j] === "#") while (j < s.length && s[j] !== "\n") j++;
      const next = kids[i + 1];
      let value: YamlNode;
      if (next !== undefined && s[j] === ":") {
        value = this.build(next);
        i++;
      } else {
        value = this.nullAt(keyRaw.end);
      }
      if (key.kind === "scalar" && key.style === "plain" && key.value === "<<") {
        const sources = value.kind === "seq" ? value.items : [value];
        for (const src of sources) if (src.kind === "map") merged.push(...src.entries);
        continue;
      }
      entries.push({ key, value });
    }
    // Merged keys (`<<: *base`) never override keys written in the mapping itself.
    const has = (k: string) => entries.some((x) => x.key.kind === "scalar" && x.key.value === k);
    for (const e of merged) if (e.key.kind === "scalar" && !has(e.key.value)) entries.push(e);
    return { kind: "map", entries, line: this.lineOf(start), column: this.columnOf(start), offset: start, end: Math.max(raw.end, start) };
  }
}

/** Looks up a key in a mapping. */
export function mapGet(node: YamlNode | undefined, key: string): YamlNode | undefined {
  if (node?.kind !== "map") return undefined;
  for (const e of node.entries) if (e.key.kind === "scalar" && e.key.value === key) return e.value;
  return undefined;
}

/**
 * Converts a positioned node into plain data for JSON-schema validation. `typed` resolves plain
 * scalars to numbers and booleans (as YAML 1.2 would); otherwise every scalar stays a string.
 */
export function toPlain(node: YamlNode | undefined, typed: (path: readonly (string | number)[]) => boolean, path: (string | number)[] = []): unknown {
  if (node === undefined) return null;
  switch (node.kind) {
    case "map": {
      const out: Record<string, unknown> = {};
      for (const e of node.entries) {
        const k = e.key.kind === "scalar" ? e.key.value : JSON.stringify(toPlain(e.key, () => false));
        out[k] = toPlain(e.value, typed, [...path, k]);
      }
      return out;
    }
    case "seq":
      return node.items.map((item, i) => toPlain(item, typed, [...path, i]));
    case "scalar": {
      if (node.tag === "!!null") return null;
      if (!typed(path)) return node.value;
      if (node.tag === "!!bool") return /^t/i.test(node.value);
      if (node.tag === "!!int" || node.tag === "!!float") {
        const n = Number(node.value.replace(/_/g, "").replace(/^([-+]?)\.inf$/i, "$1Infinity").replace(/^\.nan$/i, "NaN"));
        return Number.isNaN(n) && !/nan/i.test(node.value) ? node.value : n;
      }
      return node.value;
    }
  }
}

/** Maps an offset inside a scalar's value back to the file, when the text shows exactly where. */
export function valuePosition(text: string, node: YamlNode, offset: number): { line: number; column: number } {
  const fallback = { line: node.line, column: node.column };
  if (node.kind !== "scalar") return fallback;
  const value = node.value;
  if (node.style === "plain" || node.style === "single" || node.style === "double") {
    if (value.includes("\n")) return fallback;
    const shift = node.style === "plain" ? 0 : 1;
    if (text.slice(node.offset + shift, node.offset + shift + value.length) !== value) return fallback;
    return { line: node.line, column: node.column + shift + offset };
  }
  if (node.style === "literal") {
    const before = value.slice(0, offset);
    const innerLine = before.split("\n").length - 1;
    const innerCol = offset - (before.lastIndexOf("\n") + 1);
    const lines = text.split("\n");
    // Content starts on the line after the `|` indicator; blank lines keep their place.
    const first = node.line; // 1-based line of the indicator = 0-based index of the first content line
    const contentLines = value.split("\n");
    const firstText = contentLines.find((l) => l.trim() !== "");
    const firstIdx = contentLines.indexOf(firstText ?? "");
    const fileFirst = lines[first + firstIdx];
    if (firstText === undefined || fileFirst === undefined) return fallback;
    const indent = fileFirst.length - fileFirst.trimStart().length;
    const target = lines[first + innerLine];
    if (target === undefined || target.slice(indent) !== contentLines[innerLine]) return fallback;
    return { line: first + innerLine + 1, column: indent + innerCol + 1 };
  }
  return fallback;
}


/** The key node of the last step of a path (where an unknown key is written), if it exists. */
export function keyAtPath(root: YamlNode | undefined, path: readonly PropertyKey[]): YamlNode | undefined {
  if (path.length === 0) return undefined;
  const parent = nodeAtPath(root, path.slice(0, -1));
  if (parent?.kind !== "map") return undefined;
  const last = String(path[path.length - 1]);
  return parent.entries.find((e) => e.key.kind === "scalar" && e.key.value === last)?.key;
}

/** The node at a path of keys and indexes, or the deepest node found on the way. */
export function nodeAtPath(root: YamlNode | undefined, path: readonly PropertyKey[]): YamlNode | undefined {
  let node = root;
  for (const key of path) {
    if (node === undefined) return undefined;
    let next: YamlNode | undefined;
    if (node.kind === "seq" && typeof key === "number") next = node.items[key];
    else if (node.kind === "map") next = mapGet(node, String(key));
    if (next === undefined) return node;
    node = next;
  }
  return node;
}

/**
 * Tabs libyaml (and so promtool) refuses where js-yaml lets them pass: in the indentation of a
 * block-context line (blank or not, block scalar bodies included) and right after a `- `
 * sequence indicator. Tabs inside flow collections, quoted scalars and after content are fine.
 */
function tabError(text: string, root: YamlNode | undefined, starts: readonly number[]): YamlError | undefined {
  if (!text.includes("\t") || root === undefined) return undefined;
  const lines = text.split("\n");
  // 0-based line index -> "skip" (flow or quoted) or the indentation of a block scalar body.
  const special = new Map<number, "skip" | number>();
  const lineOf = (offset: number) => positionAt(starts, offset).line - 1;
  const visit = (n: YamlNode) => {
    if (n.kind === "scalar") {
      if ((n.style === "double" || n.style === "single") && n.end > n.offset) {
        for (let l = lineOf(n.offset) + 1; l <= lineOf(n.end - 1); l++) special.set(l, "skip");
      } else if (n.style === "literal" || n.style === "folded") {
        const first = lineOf(n.offset) + 1;
        const last = lineOf(Math.max(n.offset, n.end - 1));
        const explicit = /^[|>][+-]?([1-9])/.exec(text.slice(n.offset, n.offset + 3))?.[1];
        let indent = explicit === undefined ? undefined : Number(explicit);
        for (let l = first; l <= last && indent === undefined; l++) {
          const line = lines[l] ?? "";
          if (line.trim() !== "") indent = line.length - line.trimStart().length;
        }
        for (let l = first; l <= last; l++) special.set(l, indent ?? 0);
      }
      return;
    }
    const flow = text[n.offset] === "[" || text[n.offset] === "{";
    if (flow) {
      for (let l = lineOf(n.offset) + 1; l <= lineOf(Math.max(n.offset, n.end - 1)); l++) special.set(l, "skip");
      return;
    }
    if (n.kind === "seq") n.items.forEach(visit);
    else for (const e of n.entries) {
      visit(e.key);
      visit(e.value);
    }
  };
  visit(root);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (!line.includes("\t")) continue;
    const kind = special.get(i);
    if (kind === "skip") continue;
    const lead = /^( *)\t/.exec(line);
    if (lead !== null) {
      if (typeof kind === "number" && lead[1]!.length >= kind) continue;
      return { message: typeof kind === "number" ? "found a tab character where an indentation space is expected" : "found a tab character that violates indentation", line: i + 1, column: lead[1]!.length + 1 };
    }
    if (kind === undefined) {
      const seq = /^( *(?:- +)*-)\t/.exec(line);
      if (seq !== null) return { message: "found character that cannot start any token", line: i + 1, column: seq[1]!.length + 1 };
    }
  }
  return undefined;
}
