import type { DetectorConfig } from './config.js';
import { Likelihood } from './likelihood.js';
import { ValueRange } from './range.js';
import { PERIOD, SeasonalProfile } from './seasonal.js';
import { squash } from './stats.js';
import { StuckRun } from './stuck.js';

export type Reason = 'none' | 'spike' | 'level-shift' | 'flatline' | 'drift' | 'impossible' | 'threshold';

export interface ModelResult { score: number; reason: Reason; expected: number }

/**
 * What the detector keeps per series — a few numbers and two small profiles, O(1) per reading:
 * - the normal: level and spread (EW mean and mean absolute deviation, residuals clipped so a
 *   spike barely moves them), or a daily / weekly profile when one explains the series better;
 * - three kinds of surprise, each judged against this series' own history of that surprise (the
 *   "likelihood" step): distance from the normal, the step from the previous reading, and a rise
 *   in volatility;
 * - the range of values seen (new territory) and the run of identical values (a stuck sensor);
 * - a refractory counter, so one event raises one alarm rather than hundreds.
 * The score of a reading uses only the state before it; the reading is learned afterwards.
 */
export class SeriesModel {
  private n = 0;
  private mean = 0;
  private dev = 0;
  private last = 0;
  private stepDev = 0;
  private fastStep = 0;
  private sinceAlarm = Number.POSITIVE_INFINITY;
  private readonly daily: SeasonalProfile;
  private readonly weekly: SeasonalProfile | undefined;
  private readonly surprise: Likelihood;
  private readonly stepSurprise: Likelihood;
  private readonly volatility: Likelihood;
  private readonly range: ValueRange;
  private readonly stuck: StuckRun;

  constructor(private readonly c: DetectorConfig) {
    this.daily = new SeasonalProfile(PERIOD.day, c.profileBuckets, c.profileAlpha, c.profileBiasAlpha, c.profileMinCycles);
    this.weekly = c.weeklyBuckets > 0 ? new SeasonalProfile(PERIOD.week, c.weeklyBuckets, c.profileAlpha, c.profileBiasAlpha, c.profileMinCycles) : undefined;
    this.surprise = new Likelihood(c.shortWindow, c.likelihoodAlpha, c.likelihoodMinStd);
    this.stepSurprise = new Likelihood(c.shortWindow, c.likelihoodAlpha, c.likelihoodMinStd);
    this.volatility = new Likelihood(1, c.likelihoodAlpha, c.likelihoodMinStd);
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
    // A floor on spreads: a constant series must not turn rounding noise into infinite z.
    const floor = Math.max(Math.abs(this.mean) * 1e-3, 1e-9);
    const cycle = this.bestCycle(ts);
    const expected = cycle ? cycle.expected(ts) : this.mean;
    const z = Math.abs(value - expected) / Math.max(cycle ? cycle.dev : this.dev, floor);
    const step = Math.abs(value - this.last);
    const zStep = step / Math.max(this.stepDev, floor);
    const abrupt = zStep >= c.minZ;
    const half = c.likelihoodHalf / Math.LN2;

    // Far from the normal, for longer than this series usually is.
    const avg = this.surprise.push(squash(z, c.surpriseScale));
    let score = squash(this.surprise.evidence(avg), half);
    // Unusual for this series but small in absolute terms (a quiet sensor's noise): not an alarm.
    if (z < c.minZ) score = Math.min(score, (0.3 * z) / c.minZ);
    let reason: Reason = z >= c.spikeZ ? 'spike' : abrupt ? 'level-shift' : 'drift';

    // A jump from the previous reading that this (smooth) series does not make.
    const stepAvg = this.stepSurprise.push(squash(zStep, c.surpriseScale));
    const stepScore = zStep < c.minZ ? 0 : squash(this.stepSurprise.evidence(stepAvg), half);
    if (stepScore > score) { score = stepScore; reason = 'spike'; }

    // Volatility rising well above its usual level (a burst of noise, an oscillating fault).
    const rise = Math.log((this.fastStep + floor) / (this.stepDev + floor));
    const volAvg = this.volatility.push(squash(rise, 1));
    const volScore = rise < c.volatilityMinRise ? 0 : squash(this.volatility.evidence(volAvg), half);
    if (volScore > score) { score = volScore; reason = 'spike'; }

    // New territory: beyond every value seen (by a tolerance), however the series got there.
    const excess = this.range.excess(value);
    if (excess > 0) {
      const s = squash(excess + 0.2, 0.1);
      if (s > score) { score = s; reason = abrupt ? 'level-shift' : 'drift'; }
    }

    this.stuck.learn(value);
    const stuck = this.stuck.evidence();
    // Only a series that normally moves can be stuck.
    if (stuck > 0 && this.stepDev > 0.05 * Math.max(this.dev, floor)) {
      const s = squash(stuck + 1, 1);
      if (s > score) { score = s; reason = 'flatline'; }
    }

    if (this.n < c.probation) score = 0;
    score = this.refract(score);

    this.surprise.learn(avg);
    this.stepSurprise.learn(stepAvg);
    this.volatility.learn(volAvg);
    this.learn(ts, value);
    return { score, reason: score > 0 ? reason : 'none', expected };
  }

  /** The daily or weekly profile when it explains the series clearly better than the plain level. */
  private bestCycle(ts: number): SeasonalProfile | undefined {
    const g = this.c.seasonalGain;
    let cycle: SeasonalProfile | undefined;
    if (this.daily.ready(ts) && this.daily.dev < g * this.dev) cycle = this.daily;
    if (this.weekly?.ready(ts) && this.weekly.dev < g * (cycle ? cycle.dev : this.dev)) cycle = this.weekly;
    return cycle;
  }

  /** After an alarm, damp the next `refractory` readings: one event, one alarm. */
  private refract(score: number): number {
    this.sinceAlarm++;
    if (this.sinceAlarm < this.c.refractory) return score * 0.5 * (this.sinceAlarm / this.c.refractory);
    if (score >= this.c.alarmScore) this.sinceAlarm = 0;
    return score;
  }

  private learn(ts: number, value: number): void {
    const c = this.c;
    const young = this.n < 10;
    const a = Math.max(c.alpha, 1 / (this.n + 1));
    const clip = c.clipZ * Math.max(this.dev, 1e-12);
    const d = value - this.mean;
    const dc = young ? d : Math.max(-clip, Math.min(clip, d));
    this.mean += a * dc;
    this.dev += a * (Math.abs(dc) - this.dev);
    const step = Math.abs(value - this.last);
    this.fastStep += Math.max(c.volatilityAlpha, 1 / (this.n + 1)) * (step - this.fastStep);
    this.stepDev += a * ((young ? step : Math.min(step, c.clipZ * Math.max(this.stepDev, 1e-12))) - this.stepDev);
    this.daily.learn(ts, value, a);
    this.weekly?.learn(ts, value, a);
    this.range.learn(value, this.mean);
    this.last = value;
    this.n++;
  }
}
