// The YAML writer decides for every string whether it can go unquoted. It runs on every string
// abwatch writes, so it tests number-like strings with one expression and indicators by character;
// here it is held to the decision it replaced, on seeded random strings of what matters to YAML.
import { describe, expect, it } from "vitest";
import { plainSafe } from "../../src/emit/yaml.ts";
import { seeded } from "../../src/simulator/random.ts";

// The former decision (five number expressions tried one by one), kept verbatim as the reference.
const RESERVED = /^(?:[yYnN~=]|<<|yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF|null|Null|NULL)$/;
const UNPRINTABLE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\ufeff\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const NUMBER_LIKE = [
  /^[-+]?(?:\d[\d_]*)?(?:\.[\d_]*)?(?:[eE][-+]?\d+)?$/,
  /^[-+]?0[xob][\da-fA-F_]+$/,
  /^[-+]?\.(?:inf|Inf|INF|nan|NaN|NAN)$/,
  /^[-+]?\d[\d_]*(?::[0-5]?\d)+(?:\.\d*)?$/,
  /^\d{4}-\d\d?-\d\d?/,
];
const SIMPLE = /^[A-Za-z_/][\w./=(){}<>+*,;@$!%&|'"\[\]~^-]*$/;
const NEVER_PLAIN = new RegExp(`[\\u0000-\\u001f\\u0085]|: | #|${UNPRINTABLE.source}`);
function reference(s: string): boolean {
  if (SIMPLE.test(s)) return s.length > 5 || !RESERVED.test(s);
  if (s === "" || NEVER_PLAIN.test(s) || s.endsWith(":")) return false;
  const first = s.charCodeAt(0);
  const last = s.charCodeAt(s.length - 1);
  if (first === 32 || last === 32) return false;
  if (/^[-?:,[\]{}#&*!|>'"%@`]/.test(s) && !/^-\d/.test(s)) return false;
  if ((first >= 48 && first <= 57) || first === 43 || first === 45 || first === 46) {
    if (NUMBER_LIKE.some((re) => re.test(s))) return false;
  }
  return s.length > 5 || !RESERVED.test(s);
}

const PIECES = [
  "a", "Z", "_", "/", ".", "-", "+", "0", "1", "9", "e", "x", ":", " ", "#", ": ", " #", "\n", "\t", "\r", "\u0000", "\u001f",
  "\u007f", "\u0085", "\u009f", "\u00a0", "é", "—", "\u2028", "\u2029", "\ufeff", "\ufffe", "\uffff", "\ud800", "\udc00",
  "\ud83d\ude00", "?", ",", "[", "]", "{", "}", "&", "*", "!", "|", ">", "'", '"', "%", "@", "`", "~", "=", "<<", "yes", "No",
  "on", "null", "true", ".inf", "0x1F", "1_000", "12:30", "2026-01-01", "1e3", "0+1729x90", "_x5", 'le="+Inf"', "{{ $value }}",
];

describe("plainSafe", () => {
  it("decides as the regular expressions it replaced, on 100,000 seeded random strings", () => {
    const random = seeded(8);
    const pick = () => PIECES[Math.floor(random() * PIECES.length)]!;
    let plain = 0;
    for (let n = 0; n < 100_000; n++) {
      let s = "";
      const parts = Math.floor(random() * 6);
      for (let i = 0; i < parts; i++) s += pick();
      const expected = reference(s);
      if (plainSafe(s) !== expected) expect({ s, plain: plainSafe(s) }).toEqual({ s, plain: expected });
      if (expected) plain++;
    }
    // Both outcomes are exercised many times over.
    expect(plain).toBeGreaterThan(10_000);
    expect(plain).toBeLessThan(90_000);
  });
});
