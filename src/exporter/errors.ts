// Bad input to the exporter: names the field path and what is expected, so a service's logs say
// exactly which value of which record was refused. Nothing of a refused call is recorded.

/** A short, readable rendering of a refused value. */
function show(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value);
  if (typeof value === "number" || typeof value === "boolean" || typeof value === "bigint") return String(value);
  if (value === undefined) return "nothing";
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  return typeof value === "object" ? "an object" : typeof value;
}

export class ExporterInputError extends Error {
  override readonly name = "ExporterInputError";
  /** Where the bad value is: `latencySeconds`, `records[3].score`, `experiment.arms`. */
  readonly path: string;
  /** What the field must hold. */
  readonly expected: string;
  readonly received: unknown;

  /** Without `received`, the message names no value (a missing field, a conflict). */
  constructor(path: string, expected: string, ...received: [] | [unknown]) {
    super(`${path}: expected ${expected}${received.length > 0 ? `, got ${show(received[0])}` : ""}`);
    this.path = path;
    this.expected = expected;
    this.received = received[0];
  }
}
