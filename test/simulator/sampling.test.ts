// Even sampling (what verify uses under time compression): every short window holds the profile's
// shares to within a request or two, where independent draws scatter widely. Both modes keep the
// long-run shares.
import { describe, expect, it } from "vitest";
import { createExperimentMetrics } from "../../src/index.ts";
import { loadExperiments } from "../../src/load/index.ts";
import { metricContract } from "../../src/model/contract.ts";
import { RequestGenerator, type Sampling, type Sent } from "../../src/simulator/index.ts";
import { evenly } from "../../src/simulator/random.ts";
import { healthyTraffic } from "../../src/traffic/profile.ts";
import { REPO } from "../support/cli.ts";

const spec = (await loadExperiments("experiments", REPO)).experiments.map((e) => e.experiment).find((e) => e.id === "baseline-vs-enhanced")!;

/** Errors of the control arm in each of `windows` windows of `perWindow` requests in total. */
function errorsPerWindow(sampling: Sampling, windows: number, perWindow: number): number[] {
  const gen = new RequestGenerator(7, sampling);
  const sink = createExperimentMetrics(spec);
  const traffic = healthyTraffic(spec, metricContract(spec));
  const out: number[] = [];
  for (let i = 0; i < windows; i++) {
    const tally: Sent = {};
    gen.tick(sink, traffic, perWindow, 1, [tally]);
    out.push(tally.baseline!.errors);
  }
  return out;
}

describe("sampling", () => {
  it("evenly spreads draws: any n of them hit an interval of length p within 2 of n·p", () => {
    const u = evenly(0.3);
    const draws = Array.from({ length: 5000 }, () => u());
    for (const p of [0.012, 0.1, 0.5]) {
      for (let start = 0; start + 250 <= draws.length; start += 250) {
        const hits = draws.slice(start, start + 250).filter((x) => x < p).length;
        expect(Math.abs(hits - 250 * p)).toBeLessThanOrEqual(2);
      }
    }
  });

  it("even: every window of 1000 requests has the control's 1.2 % errors to within 2; random scatters more", () => {
    const even = errorsPerWindow("even", 40, 1000);
    const expected = 1000 * spec.arms[0]!.weight * 0.012;
    for (const e of even) expect(Math.abs(e - expected)).toBeLessThanOrEqual(2);
    const random = errorsPerWindow("random", 40, 1000);
    expect(Math.max(...random.map((e) => Math.abs(e - expected)))).toBeGreaterThan(2);
    // Both keep the long-run share.
    for (const w of [even, random]) expect(w.reduce((s, e) => s + e, 0) / (40 * expected)).toBeCloseTo(1, 1);
  });
});
