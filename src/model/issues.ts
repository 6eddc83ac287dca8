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

export function issuesToProblems(schema: AnySchema, issues: readonly z.core.$ZodIssue[], file: string): Problem[] {
  const problems: Problem[] = [];
  for (const issue of issues) {
    const path = issue.path;
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
