/** Bins per doubling of 1 + x: a bin spans a ratio of 2^(1/4) ≈ 1.19. */
const PER_OCTAVE = 4;
const BINS = 64;
/** Readings that make the count model usable, and its memory (an EW window of about this many readings). */
const MIN_SEEN = 300;
const WINDOW = 4000;
/** Counts of "mostly small integers": a median above this is a measured quantity (bytes, riders), not a count of events. */
const MAX_MEDIAN = 1000;
/** A count's largest remembered reading is at least three times its median (on 1 + x): 6 bins. */
const MIN_BURST_BINS = 6;

const binOf = (x: number) => Math.min(BINS - 1, Math.floor(PER_OCTAVE * Math.log2(1 + x)));
const lowEdge = (b: number) => Math.pow(2, b / PER_OCTAVE) - 1;

/** What the count model learned (a baseline's state, JSON-safe). */
export interface CountState { counting: boolean; seen: number; weight: number; total: number; bins: number[] }

/**
 * A count model for a series that has only shown non-negative whole numbers: a histogram of its
 * readings on a log scale, forgotten over about WINDOW readings (64 numbers). It answers how many
 * readings at least as large this series produced in that window (`ordinary`), extrapolating the
 * histogram's own upper tail (a power law fitted between its 1 % and 0.1 % points) beyond the
 * largest value seen, so a burst of a size this series often makes is ordinary, whatever a
 * Gaussian spread says, while a burst far beyond its tail is not.
 * It switches itself off for good at the first negative or fractional value, and answers nothing
 * while it has seen fewer than MIN_SEEN readings, for a median above MAX_MEDIAN or a series that
 * is not bursty (its largest remembered reading under about three times its median).
 * @example
 * const c = new CountModel();
 * for (let i = 0; i < 1000; i++) c.learn(i % 50 === 0 ? 60 : 5);
 * c.ordinary(60) // ≈ 80: a burst to 60 is something this series does
 */
export class CountModel {
  private counting = true;
  private seen = 0;
  private weight = 1;
  private total = 0;
  /** Float32: half the bytes of a series' budget, and weights are rescaled long before its range ends. */
  private readonly bins = new Float32Array(BINS);

  snapshot(): CountState {
    return { counting: this.counting, seen: this.seen, weight: this.weight, total: this.total, bins: Array.from(this.bins) };
  }

  restore(s: CountState): void {
    if (s.bins.length !== BINS) throw new Error(`count state has ${s.bins.length} bins, this detector ${BINS}`);
    this.counting = s.counting; this.seen = s.seen; this.weight = s.weight; this.total = s.total;
    this.bins.set(s.bins);
  }

  /** Learns a reading; `remember` false (inside an alarm's event) checks it is a count but keeps it out of the tails. */
  learn(value: number, remember = true): void {
    if (!this.counting) return;
    if (!(value >= 0) || Math.abs(value - Math.round(value)) > 1e-9) { this.counting = false; return; }
    if (!remember) return;
    this.seen++;
    // Growing weights instead of decaying every bin: O(1) per reading, rescaled now and then.
    this.weight /= 1 - 1 / WINDOW;
    if (this.weight > 1e30) {
      for (let b = 0; b < BINS; b++) this.bins[b]! /= this.weight;
      this.total /= this.weight;
      this.weight = 1;
    }
    this.bins[binOf(value)]! += this.weight;
    this.total += this.weight;
  }

  /**
   * Readings at least as large as `value` in the remembered window (its effective size times the
   * tail probability); undefined when this series is not (yet) a count the model can judge.
   */
  ordinary(value: number): number | undefined {
    if (!this.counting || this.seen < MIN_SEEN || !(this.total > 0)) return undefined;
    const bins = this.bins;
    const total = this.total;
    // Quantile bins from the top: where the upper tail passes 0.1 %, 1 %, 50 % and 90 %.
    let acc = 0;
    let q001 = -1, q01 = -1, q50 = -1, q90 = -1, top = -1;
    for (let b = BINS - 1; b >= 0; b--) {
      if (bins[b]! > 0 && top < 0) top = b;
      acc += bins[b]!;
      const p = acc / total;
      if (q001 < 0 && p >= 1e-3) q001 = b;
      if (q01 < 0 && p >= 1e-2) q01 = b;
      if (q50 < 0 && p >= 0.5) q50 = b;
      if (q90 < 0 && p >= 0.9) { q90 = b; break; }
    }
    // Bursty counts reach several times their median; a rounded measurement (a road's speed in km/h) does not.
    if (lowEdge(q50) > MAX_MEDIAN || q90 < 0 || top < q50 + MIN_BURST_BINS) return undefined;
    const n = Math.min(this.seen, WINDOW);
    const b = binOf(value);
    if (b <= top) {
      let tail = 0;
      for (let k = b; k <= top; k++) tail += bins[k]!;
      return (n * tail) / total;
    }
    // Beyond every value remembered: the tail's own power law, from the top bin's share down.
    let topShare = 0;
    for (let k = top; k < BINS; k++) topShare += bins[k]!;
    // The tail falls one decade (1 % to 0.1 %) over this many decades of 1 + x.
    const slope = 1 / ((Math.max(q001 - q01, 1) / PER_OCTAVE) * Math.LOG10E * Math.LN2);
    const beyond = Math.log10(1 + value) - Math.log10(1 + lowEdge(top));
    return (n * topShare) / total * Math.pow(10, -slope * beyond);
  }
}
