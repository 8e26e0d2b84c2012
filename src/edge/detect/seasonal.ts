const DAY = 86_400_000;
/** Length of the cycle a profile learns: a day, or a week (weekends differ from weekdays). */
export const PERIOD = { day: DAY, week: 7 * DAY } as const;

/**
 * A time-of-day profile of a series: `buckets` EW means keyed by the reading's time of day,
 * read with linear interpolation between bucket centres (a smooth daily cycle is not a
 * staircase), plus a slowly adapting bias so a level change moves the whole curve at once.
 * Trusted only after `minCycles` cycles, and only as good as its residual spread says.
 * @example
 * const p = new SeasonalProfile(PERIOD.day, 96, 0.2, 0.01, 2);
 * p.learn(Date.UTC(2024, 0, 1, 12), 21.5);
 * p.expected(Date.UTC(2024, 0, 3, 12)) // 21.5 once learned
 */
export class SeasonalProfile {
  /** Float32: 7 significant digits are plenty for a typical value, and half the memory per series. */
  private readonly values: Float32Array;
  private readonly seen: Uint8Array;
  private firstTs = Number.NaN;
  private bias = 0;
  /** EW mean absolute residual of the profile (its spread). */
  dev = 0;
  private devSeen = 0;

  constructor(
    private readonly period: number,
    private readonly buckets: number,
    private readonly alpha: number,
    private readonly biasAlpha: number,
    private readonly minCycles: number,
  ) {
    this.values = new Float32Array(buckets);
    this.seen = new Uint8Array(buckets);
  }

  /** Whether the profile has seen enough days to predict `ts`. */
  ready(ts: number): boolean {
    if (!(ts - this.firstTs >= this.minCycles * this.period) || this.devSeen < 50) return false;
    const [b0, b1] = this.position(ts);
    return this.seen[b0]! > 0 && this.seen[b1]! > 0;
  }

  /** The profile's prediction for `ts` (only meaningful when `ready`). */
  expected(ts: number): number {
    const [b0, b1, w] = this.position(ts);
    return this.values[b0]! * (1 - w) + this.values[b1]! * w + this.bias;
  }

  /** Learns a reading; `rate` is the plain model's current EW rate (fast while young). */
  learn(ts: number, value: number, rate: number): void {
    if (Number.isNaN(this.firstTs)) this.firstTs = ts;
    const [b0, b1, w] = this.position(ts);
    if (this.seen[b0]! > 0 && this.seen[b1]! > 0) {
      const r = value - this.expected(ts);
      if (ts - this.firstTs >= this.period) {
        this.dev += Math.max(rate, 1 / ++this.devSeen) * (Math.abs(r) - this.dev);
        this.bias += this.biasAlpha * r;
      }
    }
    this.fit(b0, value - this.bias, 1 - w);
    this.fit(b1, value - this.bias, w);
  }

  private fit(b: number, target: number, weight: number): void {
    if (weight <= 0) return;
    if (this.seen[b] === 0) { this.values[b] = target; this.seen[b] = 1; return; }
    this.values[b]! += this.alpha * weight * (target - this.values[b]!);
    if (this.seen[b]! < 255) this.seen[b]!++;
  }

  /** The two bucket centres around `ts` and the weight of the second. */
  private position(ts: number): [number, number, number] {
    const p = this.period;
    const x = ((((ts % p) + p) % p) / p) * this.buckets - 0.5;
    const f = Math.floor(x);
    const b0 = (f + this.buckets) % this.buckets;
    return [b0, (b0 + 1) % this.buckets, x - f];
  }
}
