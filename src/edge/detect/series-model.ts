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
  private readonly diffLikelihood: Likelihood;
  private readonly longLikelihood: Likelihood;
  private readonly range: ValueRange;
  private readonly stuck: StuckRun;
  private diffDev = 0;
  private last = 0;
  private sinceAlarm = Number.POSITIVE_INFINITY;
  private readonly preds: Float64Array;
  private readonly errs: Float64Array;

  constructor(private readonly c: DetectorConfig) {
    this.profile = new SeasonalProfile(c.profileBuckets, c.profileAlpha, c.profileBiasAlpha, c.profileMinDays);
    this.likelihood = new Likelihood(c.shortWindow, c.likelihoodAlpha, c.likelihoodMinStd);
    this.longLikelihood = new Likelihood(c.longWindow, c.likelihoodAlpha, c.likelihoodMinStd);
    this.diffLikelihood = new Likelihood(c.shortWindow, c.likelihoodAlpha, c.likelihoodMinStd);
    this.range = new ValueRange(c.rangeTolerance, c.rangeForget);
    this.stuck = new StuckRun(c.stuckMinRun, c.stuckFactor, c.rangeForget);
    this.preds = new Float64Array(c.bank.length);
    this.errs = new Float64Array(c.bank.length + 1);
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
    let z = Math.abs(value - expected) / (seasonal ? Math.max(this.profile.dev, floor) : spread);
    if (c.bank.length > 0) {
      let best = seasonal ? this.profile.dev : Number.POSITIVE_INFINITY;
      let zBest = seasonal ? z : 0;
      let zMax = z;
      for (let k = 0; k < this.preds.length; k++) {
        const e = Math.max(this.errs[k]!, floor);
        const zk = Math.abs(value - this.preds[k]!) / e;
        if (e < best) { best = e; zBest = zk; }
        if (zk > zMax) zMax = zk;
      }
      z = c.bankMode === 'best' ? zBest : c.bankMode === 'max' ? zMax : Math.min(zMax, zBest);
    }

    const raw = squash(z, c.surpriseScale);
    const avg = this.likelihood.push(raw);
    const evidence = this.likelihood.evidence(avg);
    let score = squash(evidence, c.likelihoodHalf / Math.LN2);
    let reason: Reason = seasonal ? 'drift' : 'level-shift';
    // Unusual for this series but small in absolute terms (a quiet sensor's noise): not an alarm.
    if (z < c.minZ) score = Math.min(score, 0.3 * z / c.minZ);
    const lavg = this.longLikelihood.push(raw);
    if (c.longWindow > 1) {
      const ls = squash(this.longLikelihood.evidence(lavg), c.likelihoodHalf / Math.LN2) * c.longWeight;
      if (ls > score) { score = ls; reason = 'drift'; }
    }
    const zd = Math.abs(value - this.last) / Math.max(this.diffDev, floor);
    const davg = this.diffLikelihood.push(squash(zd, c.surpriseScale));
    if (c.diffChannel) {
      let ds = squash(this.diffLikelihood.evidence(davg), c.likelihoodHalf / Math.LN2);
      if (zd < c.minZ) ds = Math.min(ds, 0.3 * zd / c.minZ);
      if (ds > score) { score = ds; reason = 'spike'; }
    }
    const excess = c.rangeTolerance < 0 ? 0 : this.range.excess(value);
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
    this.longLikelihood.learn(lavg);
    this.diffLikelihood.learn(davg);
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
    const dd = Math.abs(value - this.last);
    this.diffDev += a * ((this.n < 10 ? dd : Math.min(dd, c.clipZ * Math.max(this.diffDev, 1e-12))) - this.diffDev);
    this.profile.learn(ts, value, a);
    const ea = Math.max(c.bankErrAlpha, 1 / (this.n + 1));
    for (let k = 0; k < this.preds.length; k++) {
      const r = value - this.preds[k]!;
      const e = this.errs[k]!;
      const rc = this.n < 10 ? r : Math.max(-c.clipZ * e, Math.min(c.clipZ * e, r));
      if (this.n > 0) this.errs[k] = e + ea * (Math.abs(rc) - e);
      this.preds[k] = this.n === 0 ? value : this.preds[k]! + Math.max(c.bank[k]!, 1 / (this.n + 1)) * r;
    }
    this.range.learn(value, this.mean);
    this.last = value;
    this.n++;
  }
}
