const DAY = 86_400_000;

/** A profile's learned state, as a baseline carries it (JSON: never-visited buckets are null). */
export interface ProfileState { values: (number | null)[]; firstTs: number | null; bias: number; dev: number; devSeen: number }
/** Length of the cycle a profile learns: a day, or a week (weekends differ from weekdays). */
export const PERIOD = { day: DAY, week: 7 * DAY } as const;

/**
 * A time-of-day profile of a series: `buckets` EW means keyed by the reading's time of day,
 * read with linear interpolation between bucket centres (a smooth daily cycle is not a
 * staircase), plus a slowly adapting bias so a level change moves the whole curve at once.
 * Trusted only after `minCycles` cycles, and only as good as its residual spread says.
 * Buckets never learned hold NaN, so the profile needs no second array to know them.
 * @example
 * const p = new SeasonalProfile(PERIOD.day, new Float32Array(96).fill(NaN), 0.2, 0.01, 2);
 * p.learn(Date.UTC(2024, 0, 1, 12), 21.5);
 * p.expected(Date.UTC(2024, 0, 3, 12)) // 21.5 once learned
 */
export class SeasonalProfile {
  private readonly buckets: number;
  private firstTs = Number.NaN;
  private bias = 0;
  /** EW mean absolute residual of the profile (its spread). */
  dev = 0;
  private devSeen = 0;

  // Where the last `locate` put a time: the two bucket centres around it and the second's weight.
  private b0 = 0;
  private b1 = 0;
  private w = 0;

  /**
   * @param values one slot per bucket, filled with NaN (Float32: 7 significant digits are plenty
   *   for a typical value, at half the memory); often a slice of one array holding every profile.
   */
  constructor(
    private readonly period: number,
    private readonly values: Float32Array,
    private readonly alpha: number,
    private readonly biasAlpha: number,
    private readonly minCycles: number,
  ) {
    this.buckets = values.length;
  }

  /** What the profile learned: bucket values (null: never visited), first time seen, bias and spread. */
  snapshot(): ProfileState {
    return { values: Array.from(this.values, (v) => (Number.isNaN(v) ? null : v)), firstTs: Number.isNaN(this.firstTs) ? null : this.firstTs, bias: this.bias, dev: this.dev, devSeen: this.devSeen };
  }

  /** Takes a learned state back (its bucket count must match this profile's). */
  restore(s: ProfileState): void {
    if (s.values.length !== this.buckets) throw new Error(`profile state has ${s.values.length} buckets, this profile ${this.buckets}`);
    s.values.forEach((v, i) => { this.values[i] = v ?? Number.NaN; });
    this.firstTs = s.firstTs ?? Number.NaN;
    this.bias = s.bias;
    this.dev = s.dev;
    this.devSeen = s.devSeen;
  }

  /** Whether the profile has seen enough days to predict `ts`. */
  ready(ts: number): boolean {
    if (!(ts - this.firstTs >= this.minCycles * this.period) || this.devSeen < 50) return false;
    this.locate(ts);
    return !Number.isNaN(this.values[this.b0]!) && !Number.isNaN(this.values[this.b1]!);
  }

  /** The profile's prediction for `ts` (only meaningful when `ready`). */
  expected(ts: number): number {
    this.locate(ts);
    return this.values[this.b0]! * (1 - this.w) + this.values[this.b1]! * this.w + this.bias;
  }

  /** Learns a reading; `rate` is the plain model's current EW rate (fast while young). */
  learn(ts: number, value: number, rate: number): void {
    if (Number.isNaN(this.firstTs)) this.firstTs = ts;
    this.locate(ts);
    const { b0, b1, w } = this;
    if (!Number.isNaN(this.values[b0]!) && !Number.isNaN(this.values[b1]!)) {
      const r = value - (this.values[b0]! * (1 - w) + this.values[b1]! * w + this.bias);
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
    if (Number.isNaN(this.values[b]!)) { this.values[b] = target; return; }
    this.values[b]! += this.alpha * weight * (target - this.values[b]!);
  }

  /** The two bucket centres around `ts` and the weight of the second (no allocation per call). */
  private locate(ts: number): void {
    const p = this.period;
    const x = ((((ts % p) + p) % p) / p) * this.buckets - 0.5;
    const f = Math.floor(x);
    this.b0 = (f + this.buckets) % this.buckets;
    this.b1 = (this.b0 + 1) % this.buckets;
    this.w = x - f;
  }
}
