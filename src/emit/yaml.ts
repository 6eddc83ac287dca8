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

// YAML 1.1 (Go's yaml.v2, which Prometheus and Alertmanager use) reads these plain words as booleans
// or null; quote them.
const RESERVED = /^(?:[yYnN~]|yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF|null|Null|NULL)$/;
// Plain scalars YAML 1.1 or 1.2 would read as numbers, sexagesimals or timestamps.
const NUMBER_LIKE = [
  /^[-+]?(?:\d[\d_]*)?(?:\.[\d_]*)?(?:[eE][-+]?\d+)?$/,
  /^[-+]?0[xob][\da-fA-F_]+$/,
  /^[-+]?\.(?:inf|Inf|INF|nan|NaN|NAN)$/,
  /^[-+]?\d[\d_]*(?::[0-5]?\d)+(?:\.\d*)?$/,
  /^\d{4}-\d\d?-\d\d?/,
];
const PLAIN_KEY = /^[A-Za-z_][A-Za-z0-9_.-]*$/;

function plainSafe(s: string): boolean {
  if (s === "" || s !== s.trim() || RESERVED.test(s)) return false;
  if (/[\u0000-\u001f\u007f]/.test(s)) return false;
  // Indicator characters cannot start a plain scalar.
  if (/^[-?:,[\]{}#&*!|>'"%@`]/.test(s) && !/^-\d/.test(s)) return false;
  if (NUMBER_LIKE.some((re) => re.test(s))) return false;
  return !s.includes(": ") && !s.includes(" #") && !s.endsWith(":");
}

function scalar(value: string | number | boolean | null): string {
  if (value === null) return "null";
  if (typeof value === "boolean") return value ? "true" : "false";
  if (typeof value === "number") return num(value);
  return plainSafe(value) ? value : JSON.stringify(value);
}

/** A literal block scalar for `s`, or undefined when the string cannot be one faithfully. */
function block(s: string, indent: string): string | undefined {
  const body = s.replace(/\n+$/, "");
  const trailing = s.length - body.length;
  const lines = body.split("\n");
  if (lines[0]!.startsWith(" ") || lines.some((l) => /[\u0000-\u0008\u000b-\u001f\u007f\r]/.test(l))) return undefined;
  const chomp = trailing === 0 ? "|-" : trailing === 1 ? "|" : "|+";
  const content = lines.map((l) => (l === "" ? "" : `${indent}${l}`)).join("\n");
  return `${chomp}\n${content}${trailing > 1 ? "\n".repeat(trailing - 1) : ""}`;
}

function isScalar(v: unknown): v is string | number | boolean | null {
  return v === null || typeof v === "string" || typeof v === "number" || typeof v === "boolean";
}

/** Writes `key: value` lines of a mapping at `indent`; the first line may follow a "- " already written. */
function mapping(obj: Record<string, unknown>, indent: string, out: string[], firstPrefix: string): void {
  let first = true;
  for (const [key, value] of Object.entries(obj)) {
    if (value === undefined) continue;
    const lead = first ? firstPrefix : indent;
    first = false;
    const k = PLAIN_KEY.test(key) && !RESERVED.test(key) ? key : JSON.stringify(key);
    if (isScalar(value)) {
      if (typeof value === "string" && (value.includes("\n") || (key === "expr" && value.length > INLINE_EXPR_MAX))) {
        const b = block(value, `${indent}  `);
        if (b !== undefined) {
          out.push(`${lead}${k}: ${b}`);
          continue;
        }
      }
      out.push(`${lead}${k}: ${scalar(value)}`);
    } else if (Array.isArray(value)) {
      if (value.length === 0) out.push(`${lead}${k}: []`);
      else {
        out.push(`${lead}${k}:`);
        sequence(value, `${indent}  `, out);
      }
    } else {
      const entries = Object.keys(value as object).filter((x) => (value as Record<string, unknown>)[x] !== undefined);
      if (entries.length === 0) out.push(`${lead}${k}: {}`);
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
      const b = typeof item === "string" && item.includes("\n") ? block(item, `${indent}  `) : undefined;
      out.push(`${indent}- ${b ?? scalar(item)}`);
    } else if (Array.isArray(item)) {
      if (item.length === 0) out.push(`${indent}- []`);
      else {
        out.push(`${indent}-`);
        sequence(item, `${indent}  `, out);
      }
    } else {
      const { [COMMENT_KEY]: comment, ...rest } = item as Record<string, unknown>;
      if (typeof comment === "string") for (const line of comment.split("\n")) out.push(`${indent}# ${line}`.trimEnd());
      mapping(rest, `${indent}  `, out, `${indent}- `);
    }
  }
}

/** YAML for plain data: a mapping at the top, 2-space indents, lists indented under their key. */
export function toYamlBody(value: Record<string, unknown>): string {
  const out: string[] = [];
  mapping(value, "", out, "");
  return `${out.join("\n")}\n`;
}

export function toYaml(value: object, source: string): string {
  return `# ${generatedHeader(source)}\n${toYamlBody(value as Record<string, unknown>)}`;
}
