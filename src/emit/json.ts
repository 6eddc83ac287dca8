// The one JSON serialiser: 2-space indent, trailing newline, numbers without float noise.

/** 0.7 * 100 is 70.00000000000001 in float64; 12 significant digits is far above any display need. */
function clean(_key: string, value: unknown): unknown {
  if (typeof value === "number" && Number.isFinite(value) && !Number.isInteger(value)) {
    return Number(value.toPrecision(12));
  }
  return value;
}

export function toJson(value: unknown): string {
  return `${JSON.stringify(value, clean, 2)}\n`;
}
