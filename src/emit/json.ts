// The one JSON serialiser: 2-space indent, trailing newline, numbers without float noise.

/**
 * 0.7 * 100 is 70.00000000000001 in float64. A number with 12 or more decimals is noise at any
 * display precision, so it is rounded to 12 significant digits in the text: one regex pass over the
 * output costs a fraction of walking the object before stringifying it.
 */
const NOISY_NUMBER = /(?<![\w.])-?\d+\.\d{12,}(?:e[-+]?\d+)?(?![\w.])/g;

export function toJson(value: unknown): string {
  const text = JSON.stringify(value, null, 2);
  // Most documents have no such number: a plain scan is much cheaper than the full pattern.
  const clean = /\.\d{12}/.test(text) ? text.replace(NOISY_NUMBER, (n) => String(Number(Number(n).toPrecision(12)))) : text;
  return `${clean}\n`;
}
