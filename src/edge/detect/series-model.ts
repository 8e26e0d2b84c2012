import type { DetectorConfig } from './config.js';
import { CountModel, type CountState } from './counts.js';
import { ValueRange } from './range.js';
import { squash } from './stats.js';
import { StuckRun } from './stuck.js';
import { View, type Assessment, type ViewState } from './view.js';

export type Reason = 'none' | 'spike' | 'level-shift' | 'flatline' | 'drift' | 'impossible' | 'threshold';

export interface ModelResult { score: number; reason: Reason; expected: number }

/** Everything a series model learned, JSON-safe: what a trained baseline carries to a node. */
export interface SeriesState {
  n: number;
  raw: ViewState;
  log: ViewState | null;
  logScale: number;
  range: { lo: number | null; hi: number | null };
  stuck: { last: number | null; run: number; longest: number };
  /** Readings since the last alarm (null: none yet). */
  sinceAlarm: number | null;
  /** Readings kept for the log view's start (null once it started or was ruled out). */
  warm: number[] | null;
  /** The count model (absent in states from before it). */
  counts?: CountState;
}

/** Readings that fix the log view's scale before it starts (all within the probation). */
const LOG_WARMUP = 20;

/**
 * What the detector keeps per series, O(1) per reading, past only:
 * - two views of the series voting (see `View`): its values as they come, and — for a series
 *   that has only shown non-negative values — the same values on a log scale, where a count's
 *   burst or a cost's jump is judged as a ratio; each kind of surprise is the weighted mean of the
 *   two views' evidence, so a burst that is ordinary for a bursty series in either view is damped;
 * - the range of values seen (new territory) and the run of identical values (a stuck sensor);
 * - a refractory period, so one event raises one alarm rather than hundreds.
 * The score of a reading uses only the state before it; the reading is learned afterwards.
 */
export class SeriesModel {
  private n = 0;
  private sinceAlarm = Number.POSITIVE_INFINITY;
  private readonly raw: View;
  private log: View | undefined;
  private logScale = 0;
  private warm: number[] | undefined = [];
  private readonly range: ValueRange;
  private readonly stuck: StuckRun;
  private readonly counts = new CountModel();
  /** Restored from a baseline: the first reading after it sets the step reference instead of being judged as a step. */
  private resumed = false;

  constructor(private readonly c: DetectorConfig) {
    this.raw = new View(c);
    this.range = new ValueRange(c.rangeTolerance, c.rangeForget);
    this.stuck = new StuckRun(c.stuckMinRun, c.stuckFactor, c.rangeForget);
  }

  /** What this model learned (see `SeriesState`). */
  snapshot(): SeriesState {
    return {
      n: this.n, raw: this.raw.snapshot(), log: this.log?.snapshot() ?? null, logScale: this.logScale,
      range: this.range.snapshot(), stuck: this.stuck.snapshot(),
      sinceAlarm: Number.isFinite(this.sinceAlarm) ? this.sinceAlarm : null, warm: this.warm ? [...this.warm] : null,
      counts: this.counts.snapshot(),
    };
  }

  /**
   * A model that goes on from a learned state. `fresh` (a baseline trained elsewhere, deployed to a
   * node): no refractory and no stuck run carried over, and the first reading's step is measured
   * from itself (the training's last value may be hours old). Without it the model continues
   * exactly where the snapshot was taken. Throws when the state does not fit this configuration.
   */
  static restore(c: DetectorConfig, s: SeriesState, fresh = true): SeriesModel {
    const m = new SeriesModel(c);
    m.n = s.n;
    m.raw.restore(s.raw);
    if (s.log) {
      const log = new View(c, true);
      log.restore(s.log);
      m.log = log;
    }
    m.logScale = s.logScale;
    m.range.restore(s.range);
    m.stuck.restore(s.stuck, fresh);
    m.sinceAlarm = fresh || s.sinceAlarm === null ? Number.POSITIVE_INFINITY : s.sinceAlarm;
    m.warm = s.warm ? [...s.warm] : undefined;
    if (s.counts) m.counts.restore(s.counts);
    m.resumed = fresh;
    return m;
  }

  /** Scores one value using only what came before it, then learns from it. */
  update(ts: number, value: number): ModelResult {
    const c = this.c;
    if (this.resumed) {
      this.resumed = false;
      this.raw.last = value;
      if (this.log) this.log.last = this.toLog(value);
    }
    if (this.n === 0) {
      this.learn(ts, value, 0, undefined, undefined);
      return { score: 0, reason: 'none', expected: value };
    }
    const a = this.raw.assess(ts, value);
    const y = this.log ? this.toLog(value) : 0;
    const l = this.log?.assess(ts, y, this.toLog(a.expected));
    // The two views vote: the weighted mean of their evidence (no closure here: it is per reading).
    const w = l ? c.logWeight : 0;
    const u = 1 - w;
    const half = c.likelihoodHalf / Math.LN2;
    const abrupt = a.zStep >= c.minZ;

    // Far from the normal, for longer than this series usually is.
    let score = squash(u * a.eDist + w * (l?.eDist ?? 0), half);
    // Unusual for this series but small in absolute terms (a quiet sensor's noise): not an alarm.
    if (a.z < c.minZ) score = Math.min(score, (0.3 * a.z) / c.minZ);
    let reason: Reason = a.z >= c.spikeZ ? 'spike' : abrupt ? 'level-shift' : 'drift';
    // A jump from the previous reading that this (smooth) series does not make.
    const stepScore = squash(u * a.eStep + w * (l?.eStep ?? 0), half);
    if (stepScore > score) { score = stepScore; reason = 'spike'; }
    // Volatility rising well above its usual level (a burst of noise, an oscillating fault).
    const volScore = squash(u * a.eVol + w * (l?.eVol ?? 0), half);
    if (volScore > score) { score = volScore; reason = 'spike'; }

    // New territory: beyond every value seen (by a tolerance), however the series got there.
    const excess = this.range.excess(value);
    if (excess > 0) {
      // A count's record that its own tail makes ordinary (a burst of a size it reaches now and then): damped.
      const seen = c.countOrdinary > 0 && value > a.expected ? this.counts.ordinary(value) : undefined;
      const damp = seen !== undefined && seen > c.countOrdinary ? c.countOrdinary / seen : 1;
      const s = damp * squash(excess + 0.2, 0.1);
      if (s > score) { score = s; reason = abrupt ? 'level-shift' : 'drift'; }
    }

    this.stuck.learn(value);
    const stuck = this.stuck.evidence();
    // Only a series that normally moves can be stuck.
    if (stuck > 0 && this.raw.stepDev > 0.05 * Math.max(this.raw.dev, a.floor)) {
      const s = squash(stuck + 1, 1);
      if (s > score) { score = s; reason = 'flatline'; }
    }

    if (this.n < c.probation) score = 0;
    score = this.refract(score);
    this.learn(ts, value, y, a, l);
    return { score, reason: score > 0 ? reason : 'none', expected: a.expected };
  }

  private toLog(value: number): number { return Math.asinh(Math.max(0, value) / this.logScale); }

  /** Learns a reading into every part; `y` is its log-view value (when there is a log view). */
  private learn(ts: number, value: number, y: number, a: Assessment | undefined, l: Assessment | undefined): void {
    this.raw.learn(ts, value, a);
    this.log?.learn(ts, y, l);
    this.range.learn(value, this.raw.mean);
    // An alarm's event is not what this series ordinarily does: kept out of the count model's tails.
    this.counts.learn(value, this.sinceAlarm >= this.c.refractory);
    this.n++;
    if (this.warm) this.warmUp(ts, value, a?.expected ?? value);
  }

  /**
   * The log view starts once LOG_WARMUP readings fix its scale (their mean: below it the view is
   * near linear, so zeros and small counts are not blown up) and only for a non-negative series;
   * the warm-up readings are replayed into it. A negative value later is clamped to 0 there.
   */
  private warmUp(ts: number, value: number, expected: number): void {
    const warm = this.warm!;
    warm.push(ts, value, expected);
    if (warm.length < 3 * LOG_WARMUP) return;
    this.warm = undefined;
    if (this.c.logWeight <= 0) return;
    let sum = 0;
    for (let i = 1; i < warm.length; i += 3) {
      if (warm[i]! < 0) return;
      sum += warm[i]!;
    }
    this.logScale = sum / LOG_WARMUP + 1e-9;
    const log = new View(this.c, true);
    for (let i = 0; i < warm.length; i += 3) {
      const y = this.toLog(warm[i + 1]!);
      log.learn(warm[i]!, y, i > 0 ? log.assess(warm[i]!, y, this.toLog(warm[i + 2]!)) : undefined);
    }
    this.log = log;
  }

  /** After an alarm, damp the next `refractory` readings: one event, one alarm. */
  private refract(score: number): number {
    const c = this.c;
    this.sinceAlarm++;
    if (this.sinceAlarm < c.refractory) return score * 0.5 * (this.sinceAlarm / c.refractory);
    if (score >= c.alarmScore) this.sinceAlarm = 0;
    return score;
  }
}
