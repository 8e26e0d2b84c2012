/**
 * Stuck-sensor evidence: the current run of identical readings against the longest run this
 * series normally shows (decaying slowly). A sensor that reports round values or idles at 0
 * repeats values all the time; only a run far longer than its own habit counts.
 * @example
 * const s = new StuckRun(30, 3, 1e-4);
 * for (let i = 0; i < 100; i++) s.learn(i % 7); // varies: longest run 1
 * for (let i = 0; i < 40; i++) s.learn(5);
 * s.evidence() // > 0: 40 identical readings vs a habit of 1
 */
export class StuckRun {
  private last = Number.NaN;
  private run = 0;
  private longest = 0;

  constructor(private readonly minRun: number, private readonly factor: number, private readonly forget: number) {}

  /** The current run and the longest run this series normally shows. */
  snapshot(): { last: number | null; run: number; longest: number } {
    return { last: Number.isNaN(this.last) ? null : this.last, run: this.run, longest: this.longest };
  }

  /** Takes a state back; `fresh` keeps only the habit (the next value starts a run). */
  restore(s: { last: number | null; run: number; longest: number }, fresh: boolean): void {
    this.longest = s.longest;
    this.run = fresh ? 0 : s.run;
    this.last = fresh || s.last === null ? Number.NaN : s.last;
  }

  /** Run length of the value just learned. */
  get length(): number { return this.run; }

  /** log2 of how many times the needed run length the current run is (0 below it). */
  evidence(): number {
    const need = Math.max(this.minRun, this.factor * this.longest);
    return this.run < need ? 0 : 1 + Math.log2(this.run / need);
  }

  learn(value: number): void {
    if (value === this.last) this.run++;
    else {
      // The run that just ended becomes part of the habit.
      this.longest = Math.max(this.longest * Math.pow(1 - this.forget, this.run), this.run);
      this.run = 1;
      this.last = value;
    }
  }
}
