// The promtool input series notation: the slope of a run ("0+1482x90") is written from a cache and
// with a shortcut past toPrecision, and runs are joined as they come (Runs); each must write what
// the plain formula and the former list of run objects write.
import { describe, expect, it } from "vitest";
import { Runs, slopeText } from "../../src/compile/tests/series.ts";
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

// The former writer, kept as the reference: a list of runs, each extended by the next when it
// continues it, then rendered.
type Token = { start: number; step: number; count: number; slope: string } | { gap: number };
function push(tokens: Token[], t: Token): void {
  const last = tokens[tokens.length - 1];
  if (last && "gap" in last && "gap" in t) {
    last.gap += t.gap;
    return;
  }
  if (last && !("gap" in last) && !("gap" in t)) {
    const tolerance = 1e-9 * Math.max(1, Math.abs(last.step), Math.abs(t.start));
    if (Math.abs(last.step - t.step) <= tolerance && Math.abs(last.start + last.step * last.count - t.start) <= tolerance) {
      last.count += t.count;
      return;
    }
  }
  tokens.push({ ...t });
}
const render = (tokens: readonly Token[]) =>
  tokens
    .map((t) => ("gap" in t ? (t.gap === 1 ? "_" : `_x${t.gap}`) : t.count === 1 ? num(t.start) : `${num(t.start)}${t.slope}x${t.count - 1}`))
    .join(" ");

describe("Runs", () => {
  it("writes what the list of runs wrote, on 20,000 seeded timelines of gaps, counters and gauges", () => {
    const random = seeded(21);
    const runs = new Runs();
    for (let n = 0; n < 20_000; n++) {
      const tokens: Token[] = [];
      let total = 0;
      const steps = [0, 1, 1482, 0.1, 0.2, 77.30325, 1e-10, -3];
      for (let phase = 1 + Math.floor(random() * 4); phase > 0; phase--) {
        const count = 1 + Math.floor(random() * (random() < 0.3 ? 2 : 90));
        const kind = random();
        if (kind < 0.25) {
          runs.gap(count);
          push(tokens, { gap: count });
        } else {
          const step = steps[Math.floor(random() * steps.length)]! + (random() < 0.2 ? 1e-12 : 0);
          const start = kind < 0.6 ? total : step;
          runs.line(start, step, count, slopeText(step));
          push(tokens, { start, step, count, slope: slopeText(step) });
          total += step * count;
        }
      }
      const expected = render(tokens);
      const text = runs.done();
      if (text !== expected) expect({ n, text }).toEqual({ n, text: expected });
    }
  });
});
