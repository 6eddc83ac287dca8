// Go's strconv verdicts on the numbers promtool parses, as src/validate/gonum.ts computes them
// (the same cases run through the real promtool in the differential corpus).
import { describe, expect, it } from "vitest";
import { parseInt64, promqlNumber } from "../../src/validate/gonum.ts";
import { resolvePlain } from "../../src/validate/yaml.ts";

describe("Go numbers", () => {
  it.each([
    ["1e400", "value out of range"],
    ["1.7976931348623159e308", "value out of range"],
    ["0xffffffffffffffffffffffff", "invalid syntax"],
    ["0x8000000000000000", "invalid syntax"],
    [`1${"0".repeat(400)}`, "value out of range"],
  ])("PromQL rejects %s: %s", (text, error) => {
    expect(promqlNumber(text)).toEqual({ ok: false, error });
  });

  it.each([
    ["0777", 511],
    ["08", 8],
    ["0x7fffffffffffffff", 9223372036854775807],
    ["1e-400", 0],
    ["1.e5", 100000],
    [".5e3", 500],
    ["Inf", Infinity],
  ])("PromQL reads %s as %d", (text, value) => {
    expect(promqlNumber(text)).toEqual({ ok: true, value });
  });

  it("keeps int64's bounds exactly", () => {
    expect(parseInt64("-9223372036854775808").ok).toBe(true);
    expect(parseInt64("9223372036854775808")).toEqual({ ok: false, error: "value out of range" });
  });

  it.each([
    ["9223372036854775808", "!!int"],
    ["99999999999999999999", "!!float"],
    ["1e400", "!!str"],
    ["1_000", "!!int"],
    ["0o17", "!!int"],
    ["08", "!!float"],
    [".inf", "!!float"],
    ["1.2.3", "!!str"],
  ])("yaml.v3 resolves %s as %s", (text, tag) => {
    expect(resolvePlain(text)).toBe(tag);
  });
});
