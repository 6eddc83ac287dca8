// The parts of Prometheus 2.42's rule evaluation the calibration model needs, written out so that
// thousands of simulated 30-day experiments run in seconds: increase() with its extrapolation
// (promql/functions.go extrapolatedRate), a range that includes its left edge (2.x; 3.0 made it
// open), a subquery's steps aligned to multiples of its step, and an alert's `for` state. A test
// (test/calibration/model.test.ts) runs promtool on the same inputs and checks the same numbers and
// the same firing minute.

/** A counter scraped every minute, sample m at m·60 s, as cumulative values. */
export interface Counter {
  /** The sample at minute m (0 ≤ m ≤ last). */
  at(m: number): number;
  /** The last minute with a sample. */
  readonly last: number;
  /** False when the counter never drops (simulated traffic): skips the scan for resets. */
  readonly mayReset: boolean;
}

/**
 * increase(counter[range]) evaluated at `t` seconds, or undefined when the range holds fewer than
 * two samples (Prometheus then returns no series).
 */
export function increase(c: Counter, t: number, range: number): number | undefined {
  const first = Math.max(0, Math.ceil((t - range) / 60));
  const last = Math.min(c.last, Math.floor(t / 60));
  if (last - first < 1) return undefined;
  let result = c.at(last) - c.at(first);
  // Counter resets: add the value before each drop.
  if (c.mayReset) for (let m = first + 1; m <= last; m++) if (c.at(m) < c.at(m - 1)) result += c.at(m - 1);
  let toStart = first * 60 - (t - range);
  const toEnd = t - last * 60;
  const sampled = (last - first) * 60;
  const average = sampled / (last - first);
  if (result > 0 && c.at(first) >= 0) toStart = Math.min(toStart, sampled * (c.at(first) / result));
  const threshold = average * 1.1;
  const interval = sampled + (toStart < threshold ? toStart : average / 2) + (toEnd < threshold ? toEnd : average / 2);
  return result * (interval / sampled);
}

/**
 * The steps of a subquery `[range:step]` evaluated at `t`: the multiples of `step` (since the epoch)
 * from the first at or after t − range up to t, as the first and last multiple's index.
 */
export function subquerySteps(t: number, range: number, step: number): { first: number; last: number } {
  return { first: Math.ceil((t - range) / step), last: Math.floor(t / step) };
}

/** One alert instance's `for` state across evaluations: pending, then firing once `for` has passed. */
export class AlertState {
  private activeAt: number | undefined;
  private firing = false;
  /** Times it turned firing. */
  readonly firedAt: number[] = [];

  constructor(private readonly forSeconds: number) {}

  /** Evaluation at `t` with the condition's result (true: the expression returned a series). */
  step(t: number, active: boolean): void {
    if (!active) {
      this.activeAt = undefined;
      this.firing = false;
      return;
    }
    this.activeAt ??= t;
    if (!this.firing && t - this.activeAt >= this.forSeconds) {
      this.firing = true;
      this.firedAt.push(t);
    }
  }

  get state(): "inactive" | "pending" | "firing" {
    return this.activeAt === undefined ? "inactive" : this.firing ? "firing" : "pending";
  }
}
