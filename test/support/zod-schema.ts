// Walking a zod schema's definition in tests: what lies under defaults, optionals and pipes.
import type { z } from "zod";

export type AnySchema = z.core.$ZodType;

/** A schema's definition, as plain fields (`type`, `shape`, `element`, `innerType`, ...). */
export const def = (s: AnySchema) => s._zod.def as unknown as Record<string, unknown>;

/** The definition under any wrappers that only add a default, optionality or a transform. */
export function unwrapped(schema: AnySchema): Record<string, unknown> {
  let s = schema;
  for (let i = 0; i < 20; i++) {
    const d = def(s);
    if (["default", "optional", "prefault", "nullable"].includes(d.type as string)) s = d.innerType as AnySchema;
    else if (d.type === "pipe") s = d.in as AnySchema;
    else break;
  }
  return def(s);
}
