import type { DetectorConfig } from './config.js';
import { Likelihood } from './likelihood.js';
import { ValueRange } from './range.js';
import { SeasonalProfile } from './seasonal.js';
import { squash } from './stats.js';
import { StuckRun } from './stuck.js';

export type Reason = 'none' | 'spike' | 'level-shift' | 'flatline' | 'drift' | 'impossible' | 'threshold';

export interface ModelResult { score: number; reason: Reason; expected: number }

/**
 * What the detector keeps per series — a few numbers and a small daily profile, O(1) per reading:
 * - level and spread (EW mean and mean absolute deviation, residuals clipped): the plain normal;
 * - a time-of-day profile, used when it explains the series better than the plain level;
 * - the likelihood of the recent surprise against this series' own history of surprise;
 * - the range of values seen (new territory), and the run of identical values (stuck sensor);
 * - a refractory counter, so one event raises one alarm rather than hundreds.
 */
export class SeriesModel {
  private n = 0;
  private mean = 0;
  private dev = 0;
  private readonly profile: SeasonalProfile;
  private readonly likelihood: Likelihood;
  private readonly range: ValueRange;
  private readonly stuck: StuckRun;
  private diffDev = 0;
  private last = 0;
  private sinceAlarm = Number.POSITIVE_INFINITY;

  constructor(private readonly c: DetectorConfig) {
    this.profile = new SeasonalProfile(c.profileBuckets, c.profileAlpha, c.profileBiasAlpha, c.profileMinDays);
    this.likelihood = new Likelihood(c.shortWindow, c.likelihoodAlpha, c.likelihoodMinStd);
    this.range = new ValueRange(c.rangeTolerance, c.rangeForget);
    this.stuck = new StuckRun(c.stuckMinRun, c.stuckFactor, c.rangeForget);
  }

  /** Scores one value using only what came before it, then learns from it. */
  update(ts: number, value: number): ModelResult {
    const c = this.c;
    if (this.n === 0) {
      this.mean = value;
      this.last = value;
      this.learn(ts, value);
      return { score: 0, reason: 'none', expected: value };
    }
    const floor = Math.max(Math.abs(this.mean) * 1e-3, 1e-9);
    const spread = Math.max(this.dev, floor);
    const seasonal = this.profile.ready(ts) && this.profile.dev < c.seasonalGain * this.dev;
    const expected = seasonal ? this.profile.expected(ts) : this.mean;
    const z = Math.abs(value - expected) / (seasonal ? Math.max(this.profile.dev, floor) : spread);

    const avg = this.likelihood.push(squash(z, c.surpriseScale));
    const evidence = this.likelihood.evidence(avg);
    let score = squash(evidence, c.likelihoodHalf / Math.LN2);
    let reason: Reason = seasonal ? 'drift' : 'level-shift';
    // Unusual for this series but small in absolute terms (a quiet sensor's noise): not an alarm.
    if (z < c.minZ) score = Math.min(score, 0.3 * z / c.minZ);
    const excess = this.range.excess(value);
    if (excess > 0) {
      const s = squash(excess + 0.2, 0.1);
      if (s > score) { score = s; reason = 'level-shift'; }
    }
    this.stuck.learn(value);
    const stuck = this.stuck.evidence();
    if (stuck > 0 && this.diffDev > spread * 0.05) {
      const s = squash(stuck + 1, 1);
      if (s > score) { score = s; reason = 'flatline'; }
    }
    if (this.n < c.probation) score = 0;

    this.sinceAlarm++;
    if (this.sinceAlarm < c.refractory) score *= 0.5 * (this.sinceAlarm / c.refractory);
    else if (score >= c.alarmScore) this.sinceAlarm = 0;

    this.likelihood.learn(avg);
    this.learn(ts, value);
    return { score, reason: score > 0 ? reason : 'none', expected };
  }

  private learn(ts: number, value: number): void {
    const c = this.c;
    const a = Math.max(c.alpha, 1 / (this.n + 1));
    const clip = c.clipZ * Math.max(this.dev, 1e-12);
    const d = value - this.mean;
    const dc = this.n < 10 ? d : Math.max(-clip, Math.min(clip, d));
    this.mean += a * dc;
    this.dev += a * (Math.abs(dc) - this.dev);
    this.diffDev += a * (Math.abs(value - this.last) - this.diffDev);
    this.profile.learn(ts, value, a);
    this.range.learn(value, this.mean);
    this.last = value;
    this.n++;
  }
}
