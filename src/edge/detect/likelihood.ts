import { logNormalTail } from './stats.js';

/**
 * The "anomaly likelihood" step (as in Numenta's HTM detector): raw surprise is averaged over a
 * short window, and that average is judged against its own long-run distribution (EW mean and
 * variance). A series that is always a bit surprising (noise) learns that; a burst of surprise
 * that this series does not usually produce is what scores.
 * @example
 * const l = new Likelihood(5, 0.001, 0.01);
 * const avg = l.push(0.2); l.evidence(avg); l.learn(avg);
 */
export class Likelihood {
  private readonly ring: Float64Array;
  private sum = 0;
  private count = 0;
  private mean = 0;
  private variance = 0;
  private seen = 0;

  constructor(window: number, private readonly alpha: number, private readonly minStd: number) {
    this.ring = new Float64Array(window);
  }

  /** Adds a raw surprise in [0, 1] and returns the short-window average. */
  push(raw: number): number {
    const slot = this.count % this.ring.length;
    this.sum += raw - this.ring[slot]!;
    this.ring[slot] = raw;
    this.count++;
    return this.sum / Math.min(this.count, this.ring.length);
  }

  /** −log10 of the tail probability of `avg` under the learned distribution (≥ 0). */
  evidence(avg: number): number {
    if (this.seen < 2) return 0;
    const z = (avg - this.mean) / Math.max(Math.sqrt(this.variance), this.minStd);
    return z <= 0 ? 0 : -logNormalTail(z) / Math.LN10;
  }

  /** Folds `avg` into the long-run distribution (after it was judged). */
  learn(avg: number): void {
    const a = Math.max(this.alpha, 1 / ++this.seen);
    const d = avg - this.mean;
    this.mean += a * d;
    this.variance = (1 - a) * (this.variance + a * d * d);
  }
}
