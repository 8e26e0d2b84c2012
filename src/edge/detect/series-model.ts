import type { DetectorConfig } from './config.js';

export type Reason = 'none' | 'spike' | 'level-shift' | 'flatline' | 'drift' | 'impossible' | 'threshold';

const DAY = 86_400_000;

/**
 * What the detector keeps per series — a few numbers and a small daily profile, O(1) per reading:
 * - level and spread (EW mean and mean absolute deviation): the plain normal;
 * - a time-of-day profile (`profileBuckets` EW means) and the spread of values around it: the
 *   seasonal normal, used once two days are learned and when it explains the series better;
 * - surprise (how far a value is from the normal, in spreads) mapped to [0, 1), averaged over a
 *   short window, and judged against its own long-run mean and variance (the "likelihood" step:
 *   a value is anomalous when it is surprising *for this series*);
 * - the run of identical values (stuck sensors) and a refractory counter (one alarm per event).
 */
export class SeriesModel {
  n = 0;
  private firstTs = 0;
  private mean = 0;
  private dev = 0;
  private readonly profile: Float64Array;
  private readonly profileSeen: Uint32Array;
  private seasonalDev = 0;
  private readonly recent: Float64Array;
  private recentSum = 0;
  private likeMean = 0;
  private likeVar = 0;
  private lastValue = Number.NaN;
  private sameRun = 0;
  private diffDev = 0;
  private sinceAlarm = Number.POSITIVE_INFINITY;

  constructor(private readonly c: DetectorConfig) {
    this.recent = new Float64Array(c.shortWindow);
    this.profile = new Float64Array(c.profileBuckets);
    this.profileSeen = new Uint32Array(c.profileBuckets);
  }

  /** Scores one value using only what came before it, then learns from it. */
  update(ts: number, value: number): { score: number; reason: Reason; expected: number } {
    const c = this.c;
    if (this.n === 0) {
      this.mean = value;
      this.lastValue = value;
      this.firstTs = ts;
      this.learnProfile(ts, value, false);
      this.n = 1;
      return { score: 0, reason: 'none', expected: value };
    }
    const bucket = this.bucketOf(ts);
    const spread = Math.max(this.dev, Math.abs(this.mean) * 1e-3, 1e-9);
    const seasonalReady = ts - this.firstTs > 2 * DAY && this.profileSeen[bucket]! >= 2 && this.seasonalDev < c.seasonalGain * this.dev;
    const expected = seasonalReady ? this.profile[bucket]! : this.mean;
    const z = Math.abs(value - expected) / (seasonalReady ? Math.max(this.seasonalDev, spread * 0.05) : spread);
    const surprise = 1 - Math.exp(-z / c.surpriseScale);

    const slot = this.n % c.shortWindow;
    this.recentSum += surprise - this.recent[slot]!;
    this.recent[slot] = surprise;
    const avg = this.recentSum / Math.min(this.n, c.shortWindow);
    const zLike = (avg - this.likeMean) / Math.sqrt(Math.max(this.likeVar, 1e-8));
    let score = this.n < c.probation ? 0 : squash(zLike);
    // Unusual for this series but small in absolute terms (a quiet sensor's noise): not an alarm.
    if (z < c.minZ) score = Math.min(score, 0.3 * z / c.minZ);
    // A single extreme reading is reported on that reading, not a few readings later.
    if (this.n >= c.probation && z >= c.spikeZ) score = Math.max(score, squash(z / 2));
    let reason: Reason = z >= c.spikeZ ? 'spike' : seasonalReady ? 'drift' : 'level-shift';

    const diff = Math.abs(value - this.lastValue);
    this.sameRun = diff === 0 ? this.sameRun + 1 : 0;
    if (this.n >= c.probation && this.sameRun >= c.flatlineRun && this.diffDev > spread * 0.05) {
      score = Math.max(score, squash(4 + Math.log2(this.sameRun / c.flatlineRun)));
      reason = 'flatline';
    }

    this.sinceAlarm++;
    if (this.sinceAlarm < c.refractory) score *= 0.5 * (this.sinceAlarm / c.refractory);
    else if (score >= c.alarmScore) this.sinceAlarm = 0;

    this.learn(ts, value, avg, diff, seasonalReady);
    return { score, reason: score > 0 ? reason : 'none', expected };
  }

  private learn(ts: number, value: number, avg: number, diff: number, seasonalReady: boolean): void {
    const c = this.c;
    const a = Math.max(c.alpha, 1 / (this.n + 1));
    const d = value - this.mean;
    this.mean += a * d;
    this.dev += a * (Math.abs(d) - this.dev);
    this.diffDev += a * (diff - this.diffDev);
    this.learnProfile(ts, value, seasonalReady || ts - this.firstTs > 2 * DAY, a);
    const la = Math.max(c.alphaLikelihood, 1 / (this.n + 1));
    const dl = avg - this.likeMean;
    this.likeMean += la * dl;
    this.likeVar = (1 - la) * (this.likeVar + la * dl * dl);
    this.lastValue = value;
    this.n++;
  }

  private learnProfile(ts: number, value: number, trackResidual: boolean, a = 1): void {
    const b = this.bucketOf(ts);
    if (this.profileSeen[b] === 0) this.profile[b] = value;
    else {
      const r = value - this.profile[b]!;
      if (trackResidual) this.seasonalDev += a * (Math.abs(r) - this.seasonalDev);
      else this.seasonalDev = this.dev;
      this.profile[b]! += this.c.profileAlpha * r;
    }
    this.profileSeen[b]!++;
  }

  private bucketOf(ts: number): number {
    return Math.floor((((ts % DAY) + DAY) % DAY) / DAY * this.c.profileBuckets);
  }
}

/** Maps evidence z ≥ 0 to [0, 1): never saturates, so stronger evidence always ranks higher. */
function squash(z: number): number {
  return z <= 0 ? 0 : 1 - Math.exp(-z / 4);
}
