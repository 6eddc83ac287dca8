// Live mode: drives an exporter in real time at a given request rate. The sink and the traffic are
// looked up on every tick, so the caller can switch healthy → fault → healthy or swap the exporter
// (a restart resets every counter) while it runs. A tick never throws: failures are counted.
import { ExporterInputError } from "../exporter/errors.ts";
import type { ExperimentMetrics } from "../exporter/metrics.ts";
import type { Traffic } from "../traffic/profile.ts";
import { RequestGenerator, copySent, type Sampling, type Sent } from "./generator.ts";

export interface DriveOptions {
  /** Looked up on every tick: the caller may swap it (an exporter restart resets every counter). */
  sink: () => ExperimentMetrics;
  /** Looked up on every tick: the caller switches healthy → fault → healthy. */
  traffic: () => Traffic;
  /** Requests per second across all arms, split by the traffic's per-arm requests. */
  rps: number;
  seed: number;
  /** Milliseconds between ticks (default 100). */
  tickMs?: number;
  /** "random" (default) or "even": see RequestGenerator. */
  sampling?: Sampling;
}

export interface SentCounts {
  /** Per arm, since drive() started. */
  total: Sent;
  /** Per arm, since the sink last changed: what that exporter's counters must show. */
  sink: Sent;
  ticks: number;
  /** Ticks that threw (the exporter refused a batch, a traffic function failed): nothing of them was counted. */
  failures: number;
  lastFailure?: string;
}

export interface Driver {
  /** Stops the timer; no request is sent after it resolves. */
  stop(): Promise<void>;
  sent(): SentCounts;
}

export const DEFAULT_TICK_MS = 100;
/** After a stall (a paused process, a long GC), at most this much time is caught up at once. */
export const MAX_CATCH_UP_MS = 1_000;
export const MAX_RPS = 1_000_000;

export function drive(options: DriveOptions): Driver {
  const { rps, seed } = options;
  const tickMs = options.tickMs ?? DEFAULT_TICK_MS;
  if (typeof rps !== "number" || !(rps >= 0 && rps <= MAX_RPS)) throw new ExporterInputError("rps", `requests per second, from 0 to ${MAX_RPS}`, rps);
  if (!Number.isSafeInteger(seed)) throw new ExporterInputError("seed", "an integer", seed);
  if (!Number.isInteger(tickMs) || tickMs < 10 || tickMs > 10_000) throw new ExporterInputError("tickMs", "milliseconds, an integer from 10 to 10000", tickMs);

  const generator = new RequestGenerator(seed, options.sampling ?? "random");
  const total: Sent = {};
  let sinceSink: Sent = {};
  let sink: ExperimentMetrics | undefined;
  let ticks = 0;
  let failures = 0;
  let lastFailure: string | undefined;
  let last = performance.now();

  const tick = () => {
    const now = performance.now();
    const seconds = Math.min(now - last, MAX_CATCH_UP_MS) / 1000;
    last = now;
    try {
      const current = options.sink();
      if (current !== sink) {
        sink = current;
        sinceSink = {};
      }
      // The generator counts a batch only once the exporter has accepted it.
      generator.tick(current, options.traffic(), rps, seconds, [total, sinceSink]);
      ticks++;
    } catch (e) {
      failures++;
      lastFailure = e instanceof Error ? e.message : String(e);
    }
  };
  const timer = setInterval(tick, tickMs);

  return {
    stop: async () => clearInterval(timer),
    sent: () => ({
      total: copySent(total),
      sink: copySent(sinceSink),
      ticks,
      failures,
      ...(lastFailure !== undefined ? { lastFailure } : {}),
    }),
  };
}
