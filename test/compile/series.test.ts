// The promtool input series notation: the slope of a run ("0+1482x90") is written from a cache and
// with a shortcut past toPrecision; both must write what the plain formula writes.
import { describe, expect, it } from "vitest";
import { slopeText } from "../../src/compile/tests/series.ts";
import { num } from "../../src/compile/promql.ts";
import { seeded } from "../../src/simulator/random.ts";

/** The formula the shortcut stands for: the step rounded to 12 significant digits, signed. */
function reference(step: number): string {
  const rounded = Number(step.toPrecision(12));
  return `${rounded < 0 ? "-" : "+"}${num(Math.abs(rounded))}`;
}

describe("slopeText", () => {
  it("writes what the rounding formula writes, on 200,000 seeded values of every magnitude", () => {
    const random = seeded(12);
    let shortcut = 0;
    for (let n = 0; n < 200_000; n++) {
      const magnitude = 10 ** Math.floor(random() * 40 - 20);
      const sign = random() < 0.3 ? -1 : 1;
      // Round numbers, sums with float noise, short decimals and long ones.
      const kind = n % 4;
      const v =
        kind === 0
          ? sign * Math.round(random() * 10_000) * magnitude
          : kind === 1
            ? sign * (0.1 * Math.floor(random() * 100) + 0.2) * magnitude
            : kind === 2
              ? sign * Number((random() * 1000).toFixed(Math.floor(random() * 6)))
              : sign * random() * magnitude;
      if (String(Math.abs(v)).length <= 12) shortcut++;
      const expected = reference(v);
      if (slopeText(v) !== expected) expect({ v, text: slopeText(v) }).toEqual({ v, text: expected });
    }
    for (const v of [0, -0, 1, -1, 1e21, 1e-7, 123456789012, 1234567890123, 0.1 + 0.2, 1482, 1410.75, 77.30325]) expect(slopeText(v)).toBe(reference(v));
    // Both paths are exercised.
    expect(shortcut).toBeGreaterThan(20_000);
    expect(shortcut).toBeLessThan(180_000);
  });
});
