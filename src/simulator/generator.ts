// Turns traffic (per-minute rates and distributions) into individual requests, tick by tick, and
// records them into an exporter. Live mode calls it on a timer with the real elapsed time; virtual
// mode with fixed steps of virtual time. Both record exactly what they count as sent.
import type { ExperimentMetrics, RequestRecord } from "../exporter/metrics.ts";
import type { Traffic } from "../traffic/profile.ts";
import { evenly, sampler, seeded, type Uniform } from "./random.ts";

/** What was sent to an arm (and accepted by the exporter). */
export interface ArmSent {
  requests: number;
  /** Requests with ok: false. */
  errors: number;
  /** Labelled outcomes. */
  correct: number;
  incorrect: number;
  /** Sum of the latencies sent, seconds (the histogram's _sum). */
  latencySeconds: number;
  /** Requests that carried a score / a confidence. */
  scores: number;
  confidences: number;
}

export type Sent = Record<string, ArmSent>;

export const emptyArmSent = (): ArmSent => ({ requests: 0, errors: 0, correct: 0, incorrect: 0, latencySeconds: 0, scores: 0, confidences: 0 });

export function copySent(s: Sent): Sent {
  return Object.fromEntries(Object.entries(s).map(([arm, a]) => [arm, { ...a }]));
}

/**
 * random: independent seeded draws, as live traffic varies. even: each arm's latencies, scores,
 * confidences, errors and outcomes follow their shares as closely as possible in every window
 * (see `evenly`), for time-compressed runs.
 */
export type Sampling = "random" | "even";

/** The draws behind one request, in a fixed order so a seed's stream stays stable. */
const DRAWS = ["latency", "ok", "score", "confidence", "labelled", "correct"] as const;

export class RequestGenerator {
  private readonly random: Uniform;
  /** Per arm and draw, the even sequences (sampling "even" only). */
  private readonly streams = new Map<string, Record<(typeof DRAWS)[number], Uniform>>();
  /** Fractional requests owed to each arm, carried to the next tick so long-run counts are exact. */
  private readonly carry = new Map<string, number>();

  constructor(
    seed: number,
    private readonly sampling: Sampling = "random",
  ) {
    this.random = seeded(seed);
  }

  /** The uniform draws of one arm: the shared seeded stream, or the arm's own even sequences. */
  private draws(arm: string): Record<(typeof DRAWS)[number], Uniform> {
    let d = this.streams.get(arm);
    if (d === undefined) {
      const r = this.random;
      d = Object.fromEntries(DRAWS.map((k) => [k, this.sampling === "even" ? evenly(r()) : r])) as Record<(typeof DRAWS)[number], Uniform>;
      this.streams.set(arm, d);
    }
    return d;
  }

  /**
   * Sends `seconds` of `traffic` at `rps` requests per second in total, split across the arms by
   * their per-minute requests, into `sink`; adds what was recorded to each of `tallies`.
   */
  tick(sink: ExperimentMetrics, traffic: Traffic, rps: number, seconds: number, tallies: readonly Sent[]): void {
    if (!traffic.up) {
      this.carry.clear(); // nothing is owed across an outage
      return;
    }
    const { contract } = sink;
    const arms = sink.experiment.arms.map((a) => a.name);
    const total = arms.reduce((s, arm) => s + (traffic.arms[arm]?.requests ?? 0), 0);
    const batch: RequestRecord[] = [];
    const withScore = contract.names.predictionScore !== undefined;
    const withConfidence = contract.names.confidence !== undefined;
    for (const arm of arms) {
      const t = traffic.arms[arm];
      if (!t) continue;
      const due = (this.carry.get(arm) ?? 0) + (total > 0 ? (rps * seconds * t.requests) / total : 0);
      const n = Math.floor(due);
      this.carry.set(arm, due - n);
      if (n === 0) continue;
      const latency = sampler(t.latency);
      const score = sampler(t.score);
      const confidence = sampler(t.confidence);
      const labelled = t.requests > 0 ? Math.min(1, t.evaluated / t.requests) : 0;
      const d = this.draws(arm);
      for (let i = 0; i < n; i++) {
        // A fixed order of draws per request keeps a seed's stream stable.
        const r: RequestRecord = { arm, latencySeconds: latency(d.latency()), ok: d.ok() >= t.errorRatio };
        if (withScore) r.score = score(d.score());
        if (withConfidence) r.confidence = confidence(d.confidence());
        if (d.labelled() < labelled) r.correct = d.correct() < t.correctRatio;
        batch.push(r);
      }
    }
    if (batch.length > 0) sink.recordBatch(batch);
    for (const r of batch) {
      for (const tally of tallies) {
        const a = (tally[r.arm] ??= emptyArmSent());
        a.requests++;
        if (!r.ok) a.errors++;
        if (r.correct === true) a.correct++;
        else if (r.correct === false) a.incorrect++;
        a.latencySeconds += r.latencySeconds;
        if (r.score !== undefined) a.scores++;
        if (r.confidence !== undefined) a.confidences++;
      }
    }
    for (const arm of arms) {
      const t = traffic.arms[arm];
      // A fault may push accuracy past the gauge's range (critical - 10 below 0): it still reads as failed.
      if (t) sink.setAccuracy(arm, Math.min(100, Math.max(0, t.accuracy)));
    }
    if (contract.features.business) sink.setBusinessImpact(traffic.business);
  }
}
