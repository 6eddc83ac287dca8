// The one YAML writer, for the plain data abwatch emits (maps, lists, strings, numbers, booleans).
// Written here rather than with js-yaml for three reasons: it is several times faster on the large
// test files, it writes what reviewers want to read (PromQL longer than a line as a block scalar,
// durations unquoted), and `comment` fields become YAML comments above the item they describe.
// Anything ambiguous is double-quoted; round-trips through a YAML parser are tested.
import { generatedHeader } from "../model/conventions.ts";
import { num } from "../compile/promql.ts";

/** A sequence item's `comment` field is written as `# …` lines above the item. */
export const COMMENT_KEY = "comment";

/** PromQL longer than this goes in a block scalar, so a reviewer reads it unquoted and unescaped. */
const INLINE_EXPR_MAX = 80;

// YAML 1.1 (Go's yaml.v2, which Prometheus and Alertmanager use) reads these plain words as booleans,
// null or the merge key; quote them.
const RESERVED = /^(?:[yYnN~=]|<<|yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF|null|Null|NULL)$/;
// Characters a YAML reader refuses raw (control characters, non-characters, unpaired surrogates)
// or reads as line breaks (NEL, LS, PS: YAML 1.1 folds them): written as escapes in double quotes.
const UNPRINTABLE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\ufeff\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const UNPRINTABLE_ALL = new RegExp(UNPRINTABLE.source, "g");
const escape = (c: string) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`;

/** A double-quoted YAML scalar: JSON's escapes are YAML's, plus escapes for what JSON leaves raw. */
export function quote(s: string): string {
  const json = JSON.stringify(s);
  return UNPRINTABLE.test(json) ? json.replace(UNPRINTABLE_ALL, escape) : json;
}
// Plain scalars YAML 1.1 or 1.2 would read as numbers, sexagesimals or timestamps: decimals and
// floats, hex/octal/binary, infinities and NaN, sexagesimals (1:20), and anything that starts like a
// date. One expression with five alternatives, so a string is tested in one pass.
const NUMBER_LIKE = new RegExp(
  "^(?:" +
    [
      /[-+]?(?:\d[\d_]*)?(?:\.[\d_]*)?(?:[eE][-+]?\d+)?$/,
      /[-+]?0[xob][\da-fA-F_]+$/,
      /[-+]?\.(?:inf|Inf|INF|nan|NaN|NAN)$/,
      /[-+]?\d[\d_]*(?::[0-5]?\d)+(?:\.\d*)?$/,
      /\d{4}-\d\d?-\d\d?/,
    ]
      .map((re) => re.source)
      .join("|") +
    ")",
);
// Characters that cannot start a plain scalar (YAML's indicators).
const INDICATORS = "-?:,[]{}#&*!|>'\"%@`";
const PLAIN_KEY = /^[A-Za-z_][A-Za-z0-9_.-]*$/;

// Most strings abwatch writes are single words, names, selectors or durations: no space, colon,
// "#" or control character, starting with a letter. These are plain unless reserved.
const SIMPLE = /^[A-Za-z_/][\w./=(){}<>+*,;@$!%&|'"\[\]~^-]*$/;

// Anything in a string that rules out a plain scalar, wherever it is: control characters,
// unprintables, line breaks, ": " and " #".
const NEVER_PLAIN = new RegExp(`[\\u0000-\\u001f\\u0085]|: | #|${UNPRINTABLE.source}`);

/** Whether `s` can be written as a plain (unquoted) scalar and read back as the same string. */
export function plainSafe(s: string): boolean {
  if (SIMPLE.test(s)) return s.length > 5 || !RESERVED.test(s);
  if (s === "" || NEVER_PLAIN.test(s) || s.endsWith(":")) return false;
  const first = s.charCodeAt(0);
  const last = s.charCodeAt(s.length - 1);
  if (first === 32 || last === 32) return false; // leading or trailing space
  // Indicator characters cannot start a plain scalar ("-" can, before a digit: a negative number,
  // caught next).
  if (INDICATORS.includes(s[0]!)) {
    const second = s.charCodeAt(1);
    if (!(first === 45 && second >= 48 && second <= 57)) return false;
  }
  // Numbers, sexagesimals and timestamps start with a digit, a sign or a dot.
  if ((first >= 48 && first <= 57) || first === 43 || first === 45 || first === 46) {
    if (NUMBER_LIKE.test(s)) return false;
  }
  return s.length > 5 || !RESERVED.test(s);
}

// Keys are few and repeat in every file: each is classified once. Bounded all the same.
const renderedKeys = new Map<string, string>();
function remembered(cache: Map<string, string>, s: string, render: (s: string) => string): string {
  let r = cache.get(s);
  if (r === undefined) {
    r = render(s);
    if (cache.size >= 100_000) cache.clear();
    cache.set(s, r);
  }
  return r;
}
const stringScalar = (s: string) => (plainSafe(s) ? s : quote(s));
const renderKey = (k: string) => (PLAIN_KEY.test(k) && !RESERVED.test(k) ? k : quote(k));

/** A mapping key as written before its ": ". */
export const keyText = (k: string) => remembered(renderedKeys, k, renderKey);

function scalar(value: string | number | boolean | null): string {
  if (value === null) return "null";
  if (typeof value === "boolean") return value ? "true" : "false";
  if (typeof value === "number") return num(value);
  return stringScalar(value);
}

/**
 * A scalar mapping value as written after `key: `, in a mapping at `indent`: PromQL longer than a
 * line and any string with a line break as a block scalar where one can hold it faithfully.
 */
export function valueText(key: string, value: string | number | boolean | null, indent: string): string {
  if (typeof value === "string" && (value.includes("\n") || (key === "expr" && value.length > INLINE_EXPR_MAX))) {
    const b = block(value, `${indent}  `);
    if (b !== undefined) return b;
  }
  return scalar(value);
}

/** A scalar sequence item as written after `- `, in a sequence at `indent`. */
export function itemText(item: string | number | boolean | null, indent: string): string {
  const b = typeof item === "string" && item.includes("\n") ? block(item, `${indent}  `) : undefined;
  return b ?? scalar(item);
}

/** A sequence item's comment as the `# …` lines written above it (at `indent`), each ending in a line break. */
export function commentLines(comment: string, indent: string): string {
  let out = "";
  for (const line of comment.split("\n")) out += `${`${indent}# ${commentText(line)}`.trimEnd()}\n`;
  return out;
}

function hasDefined(obj: Record<string, unknown>): boolean {
  for (const k in obj) if (obj[k] !== undefined) return true;
  return false;
}

/** A literal block scalar for `s`, or undefined when the string cannot be one faithfully. */
function block(s: string, indent: string): string | undefined {
  const body = s.replace(/\n+$/, "");
  const trailing = s.length - body.length;
  // Nothing a block cannot hold raw (CR and NEL among them): one test over the whole text.
  if (UNPRINTABLE.test(body)) return undefined;
  const lines = body.split("\n");
  // The first line with content sets the block's indentation: it must not start with a space or a
  // tab, and no line of spaces may come before it (YAML would misread the indentation).
  const first = lines.findIndex((l) => l.trim() !== "");
  if (first < 0 || /^[ \t]/.test(lines[first]!) || lines.slice(0, first).some((l) => l !== "")) return undefined;
  const chomp = trailing === 0 ? "|-" : trailing === 1 ? "|" : "|+";
  const content = lines.map((l) => (l === "" ? "" : `${indent}${l}`)).join("\n");
  return `${chomp}\n${content}${trailing > 1 ? "\n".repeat(trailing - 1) : ""}`;
}

function isScalar(v: unknown): v is string | number | boolean | null {
  return v === null || typeof v === "string" || typeof v === "number" || typeof v === "boolean";
}

/**
 * Writes `key: value` lines of a mapping at `indent`; the first line may follow a "- " already
 * written. `skip` is a key left out (a sequence item's comment, written above it).
 */
function mapping(obj: Record<string, unknown>, indent: string, out: string[], firstPrefix: string, skip?: string): void {
  let first = true;
  for (const key in obj) {
    const value = obj[key];
    if (value === undefined || key === skip) continue;
    const lead = first ? firstPrefix : indent;
    first = false;
    const k = keyText(key);
    if (isScalar(value)) {
      out.push(`${lead}${k}: ${valueText(key, value, indent)}`);
    } else if (Array.isArray(value)) {
      if (value.length === 0) out.push(`${lead}${k}: []`);
      else {
        out.push(`${lead}${k}:`);
        sequence(value, `${indent}  `, out);
      }
    } else {
      if (!hasDefined(value as Record<string, unknown>)) out.push(`${lead}${k}: {}`);
      else {
        out.push(`${lead}${k}:`);
        mapping(value as Record<string, unknown>, `${indent}  `, out, `${indent}  `);
      }
    }
  }
  if (first) out.push(`${firstPrefix}{}`);
}

function sequence(items: readonly unknown[], indent: string, out: string[]): void {
  for (const item of items) {
    if (isScalar(item)) {
      out.push(`${indent}- ${itemText(item, indent)}`);
    } else if (Array.isArray(item)) {
      if (item.length === 0) out.push(`${indent}- []`);
      else {
        out.push(`${indent}-`);
        sequence(item, `${indent}  `, out);
      }
    } else {
      const comment = (item as Record<string, unknown>)[COMMENT_KEY];
      if (typeof comment === "string") out.push(commentLines(comment, indent).slice(0, -1));
      mapping(item as Record<string, unknown>, `${indent}  `, out, `${indent}- `, COMMENT_KEY);
    }
  }
}

/** Text for a `# …` comment line: anything that could end the line is written as an escape. */
function commentText(line: string): string {
  // UNPRINTABLE holds CR and NEL, the two that end a line besides LF (split on already).
  return line.replace(UNPRINTABLE_ALL, escape);
}

/** YAML for plain data: a mapping at the top, 2-space indents, lists indented under their key. */
export function toYamlBody(value: object): string {
  const out: string[] = [];
  mapping(value as Record<string, unknown>, "", out, "");
  return `${out.join("\n")}\n`;
}

/** The "do not edit" header line of a YAML file. */
export function yamlHeader(source: string): string {
  return `# ${commentText(generatedHeader(source))}\n`;
}

export function toYaml(value: object, source: string): string {
  return yamlHeader(source) + toYamlBody(value);
}
