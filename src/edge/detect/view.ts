import type { DetectorConfig } from './config.js';
import { Likelihood } from './likelihood.js';
import { PERIOD, SeasonalProfile, type ProfileState } from './seasonal.js';
import { squash } from './stats.js';

/** What one view thinks of a reading, before it learns it. */
export interface Assessment {
  expected: number;
  /** Distance from the expected value and step from the previous reading, in spreads. */
  z: number;
  zStep: number;
  /** Evidence (−log10 tail probability) of the three kinds of surprise, and the averages behind them. */
  eDist: number;
  eStep: number;
  eVol: number;
  avgDist: number;
  avgStep: number;
  avgVol: number;
  floor: number;
}

/** What a view learned (a baseline's state, JSON-safe): level, spreads, step sizes, profiles, surprise histories. */
export interface ViewState {
  n: number; mean: number; dev: number; last: number; stepDev: number; fastStep: number; resDev: number;
  daily: ProfileState | null; weekly: ProfileState | null;
  /** The three surprise histories' numbers (see `Likelihood`), in order. */
  likelihood: number[];
}

/**
 * One view of a series: the normal it expects — level and spread (EW mean and mean absolute
 * deviation, residuals clipped so a spike barely moves them), or a daily / weekly profile when one
 * explains the series better — and three kinds of surprise, each judged against this view's own
 * history of that surprise (the "likelihood" step): distance from the normal, the step from the
 * previous reading, and a rise in volatility.
 * A *follower* (the log view) keeps no profiles: it is given the plain view's expectation (on its
 * scale) and learns only its own spreads and surprise histories, about 1 KB instead of 2.5.
 * @example
 * const plain = new View(config), log = new View(config, true);
 * const a = plain.assess(ts, v), l = log.assess(ts, Math.log1p(v), Math.log1p(a.expected));
 * plain.learn(ts, v, a); log.learn(ts, Math.log1p(v), l);
 */
export class View {
  n = 0;
  mean = 0;
  dev = 0;
  last = 0;
  stepDev = 0;
  private fastStep = 0;
  private readonly daily: SeasonalProfile | undefined;
  private readonly weekly: SeasonalProfile | undefined;
  /** A follower's spread of its value around the expectation it is given. */
  private resDev = 0;
  private readonly surprise: Likelihood;
  private readonly stepSurprise: Likelihood;
  private readonly volatility: Likelihood;
  private readonly likelihoodState: Float64Array;

  /** @param follower a view with no profiles of its own, judging against the expectation it is given. */
  constructor(private readonly c: DetectorConfig, private readonly follower = false) {
    if (!follower) {
      // One buffer for both profiles: a typed array's own overhead is as large as a small profile.
      const slots = new Float32Array(c.profileBuckets + c.weeklyBuckets).fill(Number.NaN);
      this.daily = new SeasonalProfile(PERIOD.day, slots.subarray(0, c.profileBuckets), c.profileAlpha, c.profileBiasAlpha, c.profileMinCycles);
      this.weekly = c.weeklyBuckets > 0 ? new SeasonalProfile(PERIOD.week, slots.subarray(c.profileBuckets), c.profileAlpha, c.profileBiasAlpha, c.profileMinCycles) : undefined;
    }
    const w = Likelihood.slots(c.shortWindow);
    const state = this.likelihoodState = new Float64Array(2 * w + Likelihood.slots(1));
    this.surprise = new Likelihood(state, 0, c.shortWindow, c.likelihoodAlpha, c.likelihoodMinStd);
    this.stepSurprise = new Likelihood(state, w, c.shortWindow, c.likelihoodAlpha, c.likelihoodMinStd);
    this.volatility = new Likelihood(state, 2 * w, 1, c.likelihoodAlpha, c.likelihoodMinStd);
  }

  snapshot(): ViewState {
    return {
      n: this.n, mean: this.mean, dev: this.dev, last: this.last, stepDev: this.stepDev, fastStep: this.fastStep, resDev: this.resDev,
      daily: this.daily?.snapshot() ?? null, weekly: this.weekly?.snapshot() ?? null, likelihood: Array.from(this.likelihoodState),
    };
  }

  /** Takes a learned state back; a state from another configuration (other buckets or window) is refused. */
  restore(s: ViewState): void {
    if (s.likelihood.length !== this.likelihoodState.length) throw new Error(`view state has ${s.likelihood.length} surprise slots, this detector ${this.likelihoodState.length}`);
    if (Boolean(s.daily) !== Boolean(this.daily) || Boolean(s.weekly) !== Boolean(this.weekly)) throw new Error('view state has other profiles than this detector');
    this.n = s.n; this.mean = s.mean; this.dev = s.dev; this.last = s.last; this.stepDev = s.stepDev; this.fastStep = s.fastStep; this.resDev = s.resDev;
    this.likelihoodState.set(s.likelihood);
    if (s.daily) this.daily!.restore(s.daily);
    if (s.weekly) this.weekly!.restore(s.weekly);
  }

  /** The surprise histories' learned distributions: distance, step and volatility (a baseline's priors). */
  priors(): { distance: ReturnType<Likelihood['priors']>; step: ReturnType<Likelihood['priors']>; volatility: ReturnType<Likelihood['priors']> } {
    return { distance: this.surprise.priors(), step: this.stepSurprise.priors(), volatility: this.volatility.priors() };
  }

  /** Judges `value` against what this view learned so far (call `learn` with it afterwards). */
  assess(ts: number, value: number, given?: number): Assessment {
    const c = this.c;
    // A floor on spreads: a constant series must not turn rounding noise into infinite z.
    const floor = Math.max(Math.abs(this.mean) * 1e-3, 1e-9);
    const cycle = given === undefined ? this.bestCycle(ts) : undefined;
    const expected = given ?? (cycle ? cycle.expected(ts) : this.mean);
    const spread = given !== undefined ? this.resDev : cycle ? cycle.dev : this.dev;
    const z = Math.abs(value - expected) / Math.max(spread, floor);
    const zStep = Math.abs(value - this.last) / Math.max(this.stepDev, floor);
    const avgDist = this.surprise.push(squash(z, c.surpriseScale));
    const avgStep = this.stepSurprise.push(squash(zStep, c.surpriseScale));
    const rise = Math.log((this.fastStep + floor) / (this.stepDev + floor));
    const avgVol = this.volatility.push(squash(rise, 1));
    return {
      expected, z, zStep, floor, avgDist, avgStep, avgVol,
      eDist: this.surprise.evidence(avgDist),
      eStep: zStep < c.minZ ? 0 : this.stepSurprise.evidence(avgStep),
      eVol: rise < c.volatilityMinRise ? 0 : this.volatility.evidence(avgVol),
    };
  }

  learn(ts: number, value: number, a: Assessment | undefined): void {
    if (a) {
      this.surprise.learn(a.avgDist);
      this.stepSurprise.learn(a.avgStep);
      this.volatility.learn(a.avgVol);
    }
    const c = this.c;
    if (this.n === 0) { this.mean = value; this.last = value; }
    const young = this.n < 10;
    const rate = Math.max(c.alpha, 1 / (this.n + 1));
    if (this.follower && a) {
      const r = Math.abs(value - a.expected);
      this.resDev += rate * ((young ? r : Math.min(r, c.clipZ * Math.max(this.resDev, 1e-12))) - this.resDev);
    }
    const clip = c.clipZ * Math.max(this.dev, 1e-12);
    const d = value - this.mean;
    const dc = young ? d : Math.max(-clip, Math.min(clip, d));
    this.mean += rate * dc;
    this.dev += rate * (Math.abs(dc) - this.dev);
    const step = Math.abs(value - this.last);
    this.fastStep += Math.max(c.volatilityAlpha, 1 / (this.n + 1)) * (step - this.fastStep);
    this.stepDev += rate * ((young ? step : Math.min(step, c.clipZ * Math.max(this.stepDev, 1e-12))) - this.stepDev);
    this.daily?.learn(ts, value, rate);
    this.weekly?.learn(ts, value, rate);
    this.last = value;
    this.n++;
  }

  /** The daily or weekly profile when it explains the series clearly better than the plain level. */
  private bestCycle(ts: number): SeasonalProfile | undefined {
    const g = this.c.seasonalGain;
    let cycle: SeasonalProfile | undefined;
    if (this.daily?.ready(ts) && this.daily.dev < g * this.dev) cycle = this.daily;
    if (this.weekly?.ready(ts) && this.weekly.dev < g * (cycle ? cycle.dev : this.dev)) cycle = this.weekly;
    return cycle;
  }
}
