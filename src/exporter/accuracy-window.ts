// Live accuracy from labelled outcomes: the share of the last N outcomes judged correct. A ring of
// bytes and a running count make each outcome O(1); the gauge reads `percent()` at scrape time.

export class AccuracyWindow {
  private readonly ring: Uint8Array;
  private next = 0;
  private filled = 0;
  private correct = 0;

  constructor(readonly size: number) {
    this.ring = new Uint8Array(size);
  }

  push(correct: boolean): void {
    const v = correct ? 1 : 0;
    if (this.filled === this.size) this.correct -= this.ring[this.next]!;
    else this.filled++;
    this.ring[this.next] = v;
    this.correct += v;
    this.next = this.next + 1 === this.size ? 0 : this.next + 1;
  }

  /** Outcomes in the window. */
  get count(): number {
    return this.filled;
  }

  /** Percent correct over the window; undefined before the first outcome. */
  percent(): number | undefined {
    return this.filled === 0 ? undefined : (100 * this.correct) / this.filled;
  }
}
