// Turns traffic (per-minute rates and distributions) into individual requests, tick by tick, and
// records them into an exporter. Live mode calls it on a timer with the real elapsed time; virtual
// mode with fixed steps of virtual time. Both record exactly what they count as sent.
import type { ExperimentMetrics, RequestRecord } from "../exporter/metrics.ts";
import type { Traffic } from "../traffic/profile.ts";
import { sampler, seeded, type Uniform } from "./random.ts";

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

export class RequestGenerator {
  private readonly random: Uniform;
  /** Fractional requests owed to each arm, carried to the next tick so long-run counts are exact. */
  private readonly carry = new Map<string, number>();

  constructor(seed: number) {
    this.random = seeded(seed);
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
    const random = this.random;
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
      for (let i = 0; i < n; i++) {
        // A fixed order of draws per request keeps a seed's stream stable.
        const r: RequestRecord = { arm, latencySeconds: latency(random()), ok: random() >= t.errorRatio };
        if (withScore) r.score = score(random());
        if (withConfidence) r.confidence = confidence(random());
        if (random() < labelled) r.correct = random() < t.correctRatio;
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
