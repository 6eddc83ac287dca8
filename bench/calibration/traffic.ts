// Simulated traffic for the calibration: seeded, so every run of the benchmark draws the same
// experiments. Counts are exact binomial draws (d3-random's sampler over a Mersenne Twister from
// @stdlib), never a normal approximation: the tails are what a false-alarm rate is made of.
// (@stdlib/random-base-binomial 0.2.2 was tried first and is biased: Binomial(100, 0.7) came out
// with mean 69.5 and variance 19.5; test/calibration/traffic.test.ts guards against that.)
import mt19937 from "@stdlib/random-base-mt19937";
import { randomBinomial } from "d3-random";
import type { Counter } from "./prometheus.ts";

export type Binomial = (n: number, p: number) => number;

/** A seeded binomial sampler; the seed is derived from a name, so each scenario has its own stream. */
export function sampler(name: string): Binomial {
  let h = 2166136261;
  for (const ch of name) h = Math.imul(h ^ ch.charCodeAt(0), 16777619) >>> 0;
  // The generator's `normalized` ([0, 1), 53 random bits) exists at run time; its typings omit it.
  const uniform = (mt19937.factory({ seed: h || 1 }) as unknown as { normalized: () => number }).normalized;
  const byParameters = new Map<string, () => number>();
  return (n, p) => {
    if (n <= 0 || p <= 0) return 0;
    if (p >= 1) return n;
    const key = `${n} ${p}`;
    let draw = byParameters.get(key);
    if (draw === undefined) byParameters.set(key, (draw = randomBinomial.source(uniform)(n, p)));
    return draw();
  };
}

/**
 * Cumulative counts sampled every `every` minutes (1: every scrape; 60: whole hours only, enough for
 * rules that read the counters at whole hours and much cheaper).
 */
export class SampledCounter implements Counter {
  readonly mayReset = false;
  readonly last: number;
  constructor(
    private readonly values: Float64Array,
    private readonly every: number,
  ) {
    this.last = (values.length - 1) * every;
  }

  at(m: number): number {
    if (m % this.every !== 0) throw new Error(`counter sampled every ${this.every} minutes has no sample at minute ${m}`);
    return this.values[m / this.every]!;
  }
}

/** Per-interval increments → a counter starting at 0. */
export function cumulative(increments: Float64Array, every: number): SampledCounter {
  const v = new Float64Array(increments.length + 1);
  for (let i = 0; i < increments.length; i++) v[i + 1] = v[i]! + increments[i]!;
  return new SampledCounter(v, every);
}

/**
 * Requests split between arms: `perMinute` requests a minute, each assigned to arm i with
 * probability shares[i] (multinomial, as successive binomials).
 */
export function splitRequests(draw: Binomial, shares: readonly number[], perMinute: number, minutes: number, every: number): SampledCounter[] {
  const steps = minutes / every;
  const inc = shares.map(() => new Float64Array(steps));
  for (let i = 0; i < steps; i++) {
    let rest = perMinute * every;
    let mass = 1;
    for (let a = 0; a < shares.length; a++) {
      const x = a === shares.length - 1 ? rest : draw(rest, Math.min(1, shares[a]! / mass));
      inc[a]![i] = x;
      rest -= x;
      mass -= shares[a]!;
    }
  }
  return inc.map((x) => cumulative(x, every));
}

/** Labelled predictions of one arm: `perMinute` a minute, each correct with probability `accuracy`. */
export function labelled(draw: Binomial, accuracy: number, perMinute: number, minutes: number, every: number): { correct: SampledCounter; incorrect: SampledCounter } {
  const steps = minutes / every;
  const n = perMinute * every;
  const correct = new Float64Array(steps);
  const incorrect = new Float64Array(steps);
  for (let i = 0; i < steps; i++) {
    const c = draw(n, accuracy);
    correct[i] = c;
    incorrect[i] = n - c;
  }
  return { correct: cumulative(correct, every), incorrect: cumulative(incorrect, every) };
}

/** A counter growing by `perMinute` every minute: requests when only labelled predictions are random. */
export class SteadyCounter implements Counter {
  readonly mayReset = false;
  constructor(
    private readonly perMinute: number,
    readonly last: number,
  ) {}

  at(m: number): number {
    return m * this.perMinute;
  }
}
