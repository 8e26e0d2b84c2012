import { logNormalTail } from './stats.js';

const SUM = 0;
const COUNT = 1;
const MEAN = 2;
const VARIANCE = 3;
const SEEN = 4;
const RING = 5;

/**
 * The "anomaly likelihood" step (as in Numenta's HTM detector): raw surprise is averaged over a
 * short window, and that average is judged against its own long-run distribution (EW mean and
 * variance). A series that is always a bit surprising (noise) learns that; a burst of surprise
 * that this series does not usually produce is what scores.
 * Its numbers live in a slice of a Float64Array the owner shares among several (`slots(window)`
 * long from `offset`): one typed array per series instead of one object and array per number.
 * @example
 * const l = new Likelihood(new Float64Array(Likelihood.slots(5)), 0, 5, 0.001, 0.01);
 * const avg = l.push(0.2); l.evidence(avg); l.learn(avg);
 */
export class Likelihood {
  /** Slots one likelihood with this short window needs. */
  static slots(window: number): number { return RING + window; }

  constructor(
    private readonly buf: Float64Array,
    private readonly at: number,
    private readonly window: number,
    private readonly alpha: number,
    private readonly minStd: number,
  ) {}

  /** The long-run distribution learned so far: mean, variance and readings seen (a baseline's priors). */
  priors(): { mean: number; variance: number; seen: number } {
    const o = this.at;
    return { mean: this.buf[o + MEAN]!, variance: this.buf[o + VARIANCE]!, seen: this.buf[o + SEEN]! };
  }

  /** Adds a raw surprise in [0, 1] and returns the short-window average. */
  push(raw: number): number {
    const b = this.buf;
    const o = this.at;
    const count = b[o + COUNT]!;
    const slot = o + RING + (count % this.window);
    b[o + SUM] = b[o + SUM]! + raw - b[slot]!;
    b[slot] = raw;
    b[o + COUNT] = count + 1;
    return b[o + SUM]! / Math.min(count + 1, this.window);
  }

  /** −log10 of the tail probability of `avg` under the learned distribution (≥ 0). */
  evidence(avg: number): number {
    const b = this.buf;
    const o = this.at;
    if (b[o + SEEN]! < 2) return 0;
    const z = (avg - b[o + MEAN]!) / Math.max(Math.sqrt(b[o + VARIANCE]!), this.minStd);
    return z <= 0 ? 0 : -logNormalTail(z) / Math.LN10;
  }

  /** Folds `avg` into the long-run distribution (after it was judged). */
  learn(avg: number): void {
    const b = this.buf;
    const o = this.at;
    const seen = b[o + SEEN]! + 1;
    b[o + SEEN] = seen;
    const a = Math.max(this.alpha, 1 / seen);
    const d = avg - b[o + MEAN]!;
    b[o + MEAN] = b[o + MEAN]! + a * d;
    b[o + VARIANCE] = (1 - a) * (b[o + VARIANCE]! + a * d * d);
  }
}
