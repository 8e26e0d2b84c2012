/**
 * The range of values a series has shown, forgotten slowly towards its level. A value beyond it
 * by more than `tolerance` of its width is new territory (as in Numenta's "spatial anomaly"):
 * a level shift or drift into values never seen is caught on its first reading.
 * @example
 * const r = new ValueRange(0.05, 1e-4);
 * r.learn(10, 10); r.learn(20, 15);
 * r.excess(30) // 0.95: (30 − 20 − 0.5) / 10
 */
export class ValueRange {
  private lo = Number.POSITIVE_INFINITY;
  private hi = Number.NEGATIVE_INFINITY;

  constructor(private readonly tolerance: number, private readonly forget: number) {}

  /** The range as learned so far (a baseline's state). */
  snapshot(): { lo: number | null; hi: number | null } {
    return { lo: Number.isFinite(this.lo) ? this.lo : null, hi: Number.isFinite(this.hi) ? this.hi : null };
  }

  restore(s: { lo: number | null; hi: number | null }): void {
    this.lo = s.lo ?? Number.POSITIVE_INFINITY;
    this.hi = s.hi ?? Number.NEGATIVE_INFINITY;
  }

  /** How far `value` lies beyond the tolerated range, in range widths (0 inside it). */
  excess(value: number): number {
    const width = this.hi - this.lo;
    if (!(width > 0)) return 0;
    const margin = this.tolerance * width;
    const out = value > this.hi + margin ? value - this.hi - margin : value < this.lo - margin ? this.lo - margin - value : 0;
    return out / width;
  }

  learn(value: number, level: number): void {
    if (value > this.hi) this.hi = value;
    else this.hi -= this.forget * (this.hi - level);
    if (value < this.lo) this.lo = value;
    else this.lo += this.forget * (level - this.lo);
  }
}
