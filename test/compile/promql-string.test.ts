// promString quotes most values directly and leaves the rest to JSON.stringify: on any string it
// must give exactly JSON.stringify's literal (whose escapes PromQL and MetricsQL read back).
import { describe, expect, it } from "vitest";
import { promString } from "../../src/compile/promql.ts";
import { seeded } from "../../src/simulator/random.ts";

const PIECES = ["a", "Z", "0", "-", "_", ".", " ", '"', "\\", "\n", "\t", "\u0000", "\u001f", "\u007f", "é", "—", "\u2028", "\ud83d\ude00", "\ud800", "\udc00", "{{", "$1", "+Inf"];

describe("promString", () => {
  it("is JSON.stringify on 100,000 seeded random strings", () => {
    const random = seeded(5);
    let direct = 0;
    for (let n = 0; n < 100_000; n++) {
      let s = "";
      for (let i = Math.floor(random() * 6); i > 0; i--) s += PIECES[Math.floor(random() * PIECES.length)];
      if (promString(s) !== JSON.stringify(s)) expect({ s, literal: promString(s) }).toEqual({ s, literal: JSON.stringify(s) });
      if (JSON.stringify(s) === `"${s}"`) direct++;
    }
    expect(direct).toBeGreaterThan(10_000);
  });
});
