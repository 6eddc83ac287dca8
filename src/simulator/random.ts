// Seeded randomness for the simulator: pure-rand's xoroshiro128+ (fast, and the same stream for
// the same seed on every machine), and sampling from the point masses traffic is described with.
import { uniformFloat64 } from "pure-rand/distribution/uniformFloat64";
import { xoroshiro128plus } from "pure-rand/generator/xoroshiro128plus";
import type { Masses } from "../traffic/profile.ts";

/** Uniform in [0, 1). */
export type Uniform = () => number;

export function seeded(seed: number): Uniform {
  const rng = xoroshiro128plus(seed);
  return () => uniformFloat64(rng);
}

/**
 * Evenly spread draws: the golden-ratio (Weyl) sequence frac(start + n·φ⁻¹), a low-discrepancy
 * sequence whose first n values put within O(log n) of n·p in any interval of length p. verify uses
 * it because time compression shrinks every window's counts by the compression factor: i.i.d. draws
 * would then put F times more relative noise into a 5m error ratio than the same traffic has live.
 */
export function evenly(start: number): Uniform {
  const step = (Math.sqrt(5) - 1) / 2;
  let u = start - Math.floor(start);
  return () => {
    u += step;
    if (u >= 1) u -= 1;
    return u;
  };
}

/** Draws a value of the masses with probability its share (shares need not sum to exactly 1). */
export type Sampler = (u: number) => number;

const samplers = new WeakMap<Masses, Sampler>();

export function sampler(masses: Masses): Sampler {
  const hit = samplers.get(masses);
  if (hit !== undefined) return hit;
  if (masses.length === 0) throw new Error("a distribution needs at least one mass");
  const total = masses.reduce((s, m) => s + m.share, 0);
  const values = masses.map((m) => m.value);
  const bounds: number[] = [];
  let acc = 0;
  for (const m of masses) bounds.push((acc += m.share / total));
  bounds[bounds.length - 1] = Infinity; // rounding never leaves u past the last mass
  const s: Sampler = (u) => {
    let i = 0;
    while (u >= bounds[i]!) i++;
    return values[i]!;
  };
  samplers.set(masses, s);
  return s;
}
