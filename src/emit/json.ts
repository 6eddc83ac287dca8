// The one JSON serialiser: 2-space indent, trailing newline. Compilers write computed numbers
// through num() (0.07 * 100 is 7.000000000000001 in float64), so no float noise reaches it and no
// pass over the text is needed; test/compile/dashboard.test.ts checks a dashboard of such numbers.

export function toJson(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}
