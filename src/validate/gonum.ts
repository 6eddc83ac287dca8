// Go's strconv rules for the numbers promtool parses: ParseInt/ParseUint with base 0 (prefixes
// 0x, 0o, 0b and a leading 0 for octal) and ParseFloat (±Inf past the largest float64 is a range
// error; hex needs a `p` exponent). JavaScript's Number() accepts a different set and saturates
// silently, so the verdicts ("value out of range", "invalid syntax") are computed here with BigInt.

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const UINT64_MAX = 2n ** 64n - 1n;

export type GoNumber = { ok: true; value: number } | { ok: false; error: "invalid syntax" | "value out of range" };

/** The magnitude of an unsigned base-0 integer text, or undefined when it is not one. */
function baseZero(digits: string): bigint | undefined {
  const m = /^0([xob])([0-9a-fA-F]+)$/i.exec(digits);
  if (m !== null) {
    const base = m[1]!.toLowerCase();
    const valid = base === "x" ? /^[0-9a-fA-F]+$/ : base === "o" ? /^[0-7]+$/ : /^[01]+$/;
    if (!valid.test(m[2]!)) return undefined;
    return BigInt(`0${base}${m[2]}`);
  }
  if (/^0[0-7]+$/.test(digits)) return BigInt(`0o${digits.slice(1)}`);
  if (/^(?:0|[1-9][0-9]*)$/.test(digits)) return BigInt(digits);
  return undefined;
}

/** strconv.ParseInt(s, 0, 64). */
export function parseInt64(s: string): { ok: true; value: bigint } | { ok: false; error: "invalid syntax" | "value out of range" } {
  const sign = s[0] === "-" || s[0] === "+" ? s[0] : "";
  const mag = baseZero(s.slice(sign.length));
  if (mag === undefined) return { ok: false, error: "invalid syntax" };
  const v = sign === "-" ? -mag : mag;
  return v < INT64_MIN || v > INT64_MAX ? { ok: false, error: "value out of range" } : { ok: true, value: v };
}

/** strconv.ParseUint(s, 0, 64): no sign allowed. */
export function parseUint64(s: string): { ok: true; value: bigint } | { ok: false; error: "invalid syntax" | "value out of range" } {
  const mag = baseZero(s);
  if (mag === undefined) return { ok: false, error: "invalid syntax" };
  return mag > UINT64_MAX ? { ok: false, error: "value out of range" } : { ok: true, value: mag };
}

const DECIMAL_FLOAT = /^[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?$/;

/** strconv.ParseFloat(s, 64) for the decimal forms, infinities and NaN (no hex floats: they need `p`). */
export function parseFloat64(s: string): GoNumber {
  const lower = s.toLowerCase().replace(/^[-+]/, "");
  if (lower === "inf" || lower === "infinity") return { ok: true, value: s[0] === "-" ? -Infinity : Infinity };
  if (lower === "nan") return { ok: true, value: NaN };
  if (!DECIMAL_FLOAT.test(s)) return { ok: false, error: "invalid syntax" };
  const v = Number(s.endsWith(".") ? s.slice(0, -1) : s.replace(/\.(?=[eE])/, ""));
  return Number.isFinite(v) ? { ok: true, value: v } : { ok: false, error: "value out of range" };
}

/**
 * A PromQL number token as promql/parser's number() reads it: ParseInt base 0 first, then
 * ParseFloat, and the ParseFloat error when both fail.
 */
export function promqlNumber(text: string): GoNumber {
  const i = parseInt64(text);
  if (i.ok) return { ok: true, value: Number(i.value) };
  return parseFloat64(text);
}
