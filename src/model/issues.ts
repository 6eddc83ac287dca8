// Turns zod issues into problems that name the field path and what is expected, with a
// "did you mean" for unknown fields (usually a typo of a known one).
import type { z } from "zod";
import type { Problem } from "./problem.ts";
import { suggestion } from "./suggest.ts";

type AnySchema = z.core.$ZodType;

/** The schema's own keys at `path`, looking through defaults, optionals, pipes and arrays. */
function knownKeys(schema: AnySchema, path: readonly PropertyKey[]): string[] {
  let node: AnySchema | undefined = schema;
  const unwrap = (s: AnySchema): AnySchema => {
    let cur = s;
    for (let i = 0; i < 20; i++) {
      const def = cur._zod.def as unknown as Record<string, unknown>;
      if (def.type === "default" || def.type === "optional" || def.type === "prefault" || def.type === "nullable") {
        cur = def.innerType as AnySchema;
      } else if (def.type === "pipe") {
        cur = def.in as AnySchema;
      } else {
        return cur;
      }
    }
    return cur;
  };
  for (const key of path) {
    if (!node) return [];
    const def = unwrap(node)._zod.def as unknown as Record<string, unknown>;
    if (def.type === "object" && typeof key === "string") node = (def.shape as Record<string, AnySchema>)[key];
    else if (def.type === "array") node = def.element as AnySchema;
    else if (def.type === "record") node = def.valueType as AnySchema;
    else return [];
  }
  if (!node) return [];
  const def = unwrap(node)._zod.def as unknown as Record<string, unknown>;
  return def.type === "object" ? Object.keys(def.shape as object) : [];
}

const TYPE_NAMES: Record<string, string> = {
  object: "an object",
  array: "an array",
  string: "a string",
  number: "a number",
  boolean: "true or false",
  record: "a map of names to values",
  literal: "a fixed value",
};

function describeValue(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "an array";
  if (typeof v === "string") return `the string ${JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v)}`;
  if (typeof v === "object") return "an object";
  return `${typeof v === "number" ? "the number" : typeof v} ${String(v)}`;
}

/**
 * Messages for issues the schema has no words of its own for, so that a validation library's
 * text ("Invalid input: expected object, received undefined") never reaches a user. Passed to
 * every parse as its error map: the schema's own messages take precedence.
 */
export function fallbackMessage(issue: z.core.$ZodRawIssue): string {
  switch (issue.code) {
    case "invalid_type": {
      const expected = TYPE_NAMES[issue.expected] ?? issue.expected;
      return issue.input === undefined ? `expected ${expected}` : `expected ${expected}, got ${describeValue(issue.input)}`;
    }
    case "too_small":
      return issue.origin === "array" ? `expected at least ${issue.minimum} items` : `expected at least ${issue.minimum}`;
    case "too_big":
      return issue.origin === "array" ? `expected at most ${issue.maximum} items` : `expected at most ${issue.maximum}`;
    case "invalid_value":
      return `expected one of ${issue.values.map((v) => JSON.stringify(v)).join(", ")}`;
    case "invalid_key":
      return "invalid name in this map";
    case "invalid_element":
      return "invalid item";
    case "invalid_union":
      return "matches none of the accepted forms";
    case "invalid_format":
      return `expected ${issue.format}`;
    default:
      return "invalid value";
  }
}

export function issuesToProblems(schema: AnySchema, issues: readonly z.core.$ZodIssue[], file: string): Problem[] {
  const problems: Problem[] = [];
  // A value of the wrong type gets one message: checks that ran on it anyway (a string's length
  // against an array's minimum) add nothing.
  const key = (path: readonly PropertyKey[]) => path.map(String).join("\u0000");
  const wrongType = new Set(issues.filter((i) => i.code === "invalid_type").map((i) => key(i.path)));
  for (const issue of issues) {
    const path = issue.path;
    if (issue.code !== "invalid_type" && wrongType.has(key(path))) continue;
    if (issue.code === "invalid_key") {
      const inner = issue.issues.map((i) => i.message).join("; ");
      problems.push({ check: "model/schema", severity: "error", file, path, message: `invalid name: ${inner}` });
      continue;
    }
    if (issue.code === "unrecognized_keys") {
      const known = knownKeys(schema, path);
      for (const key of issue.keys) {
        problems.push({
          check: "model/schema",
          severity: "error",
          file,
          path: [...path, key],
          message: `unknown field "${key}"${suggestion(key, known)}`,
        });
      }
      continue;
    }
    let message = issue.message;
    if (issue.code === "invalid_type" && (issue as { input?: unknown }).input === undefined) {
      message = `missing required field: ${message}`;
    }
    problems.push({ check: "model/schema", severity: "error", file, path, message });
  }
  return problems;
}
