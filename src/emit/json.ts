// The one JSON serialiser: 2-space indent, trailing newline, numbers without float noise.

/**
 * 0.7 * 100 is 70.00000000000001 in float64; 12 significant digits is far above any display need.
 * A walk before stringify is several times faster than a JSON.stringify replacer.
 */
function clean(value: unknown): unknown {
  if (typeof value === "number") {
    return Number.isFinite(value) && !Number.isInteger(value) ? Number(value.toPrecision(12)) : value;
  }
  if (Array.isArray(value)) return value.map(clean);
  if (typeof value === "object" && value !== null) {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value)) out[key] = clean((value as Record<string, unknown>)[key]);
    return out;
  }
  return value;
}

export function toJson(value: unknown): string {
  return `${JSON.stringify(clean(value), null, 2)}\n`;
}
