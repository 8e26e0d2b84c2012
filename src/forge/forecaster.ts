import { absorb, predictAhead, slotOf, type HoltWinters } from '../core/forecast.js';
import type { SeriesMetrics } from '../core/model-artifact.js';
import type { Rollup } from './reconstruct.js';

const DAY = 86_400_000;
/** Forecast points are 15-minute means of the rollups (96 per day). */
export const FORECAST_STEP_MS = 15 * 60_000;

const GRID = { alpha: [0.02, 0.05, 0.1, 0.2, 0.4], beta: [0, 0.005, 0.02], gamma: [0.05, 0.1, 0.2, 0.4], phi: 0.98 } as const;

/** Rollups as evenly spaced points (count-weighted means per step; NaN where none). */
export function resample(rollups: Rollup[], stepMs = FORECAST_STEP_MS): { start: number; values: number[] } {
  if (rollups.length === 0) return { start: 0, values: [] };
  const start = Math.floor(rollups[0]!.ts / stepMs) * stepMs;
  const n = Math.floor((rollups.at(-1)!.ts - start) / stepMs) + 1;
  const sum = new Float64Array(n);
  const cnt = new Float64Array(n);
  for (const r of rollups) {
    const k = Math.floor((r.ts - start) / stepMs);
    sum[k]! += r.mean * r.count;
    cnt[k]! += r.count;
  }
  return { start, values: Array.from(sum, (s, k) => (cnt[k]! > 0 ? s / cnt[k]! : Number.NaN)) };
}

/** A state initialised from the first two seasons (level: their mean; season: each slot's mean offset). */
function initial(start: number, values: number[], stepMs: number, period: number, p: { alpha: number; beta: number; gamma: number; phi: number }): HoltWinters {
  const first = values.slice(0, 2 * period);
  const known = first.filter(Number.isFinite);
  const level = known.reduce((a, b) => a + b, 0) / Math.max(1, known.length);
  const season = new Array<number>(period).fill(0);
  const m: HoltWinters = { method: 'holt_winters_additive', stepMs, period, ...p, level, trend: 0, season, at: start - stepMs, band90: 0 };
  for (let slot = 0; slot < period; slot++) {
    const xs = first.filter((v, k) => Number.isFinite(v) && slotOf(m, start + k * stepMs) === slot);
    season[slot] = xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length - level : 0;
  }
  return m;
}

/** Fits by one-step squared error over `values` (grid search); returns the state after the last value. */
export function fit(start: number, values: number[], stepMs = FORECAST_STEP_MS): { model: HoltWinters; sse: number } {
  const period = Math.round(DAY / stepMs);
  let best: { model: HoltWinters; sse: number } | undefined;
  for (const alpha of GRID.alpha) for (const beta of GRID.beta) for (const gamma of GRID.gamma) {
    const m = initial(start, values, stepMs, period, { alpha, beta, gamma, phi: GRID.phi });
    let sse = 0;
    for (let k = 0; k < values.length; k++) {
      const e = absorb(m, values[k]!);
      if (k >= period && Number.isFinite(values[k]!)) sse += e * e;
    }
    if (!best || sse < best.sse) best = { model: m, sse };
  }
  return best!;
}

const quantile = (xs: number[], q: number): number => {
  if (xs.length === 0) return 0;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
};

/** Multi-step errors forecasting `tail` from the end of a model (no update in between). */
function tailErrors(m: HoltWinters, tail: number[]): number[] {
  return tail.flatMap((v, k) => (Number.isFinite(v) ? [v - predictAhead(m, k + 1)] : []));
}

/**
 * Trains the forecast on a series' rollups and judges it on a held-back tail: the fit part's model
 * forecasts the whole tail from its end (no updates), against the seasonal-naive forecast (the same
 * slot a day earlier). The 90 % band is taken from a validation backtest inside the fit part, so the
 * tail's coverage is measured out of sample. The deployed state is refitted on everything, its band
 * from the tail's errors. Needs a day before the tail (the tail is `holdout` of the points, at most a day).
 */
export function trainForecast(rollups: Rollup[], holdout: number): { model: HoltWinters; metrics: NonNullable<SeriesMetrics['forecast']> } {
  const { start, values } = resample(rollups);
  const period = Math.round(DAY / FORECAST_STEP_MS);
  const tailLen = Math.min(period, Math.max(4, Math.round(values.length * holdout)));
  if (values.length - tailLen < period) throw new Error(`a forecast needs at least a day of 15-minute points before a held-back tail of ${tailLen} (has ${values.length}, needs ${period + tailLen})`);
  const fitValues = values.slice(0, values.length - tailLen);
  const tail = values.slice(values.length - tailLen);
  const fitted = fit(start, fitValues).model;
  // Validation band: the same backtest one tail earlier, inside the fit part (when it is long enough).
  let band90: number;
  if (fitValues.length - tailLen >= period) {
    const inner = fit(start, fitValues.slice(0, fitValues.length - tailLen)).model;
    band90 = quantile(tailErrors(inner, fitValues.slice(fitValues.length - tailLen)).map(Math.abs), 0.9);
  } else {
    const r = fit(start, fitValues);
    band90 = 1.645 * Math.sqrt(r.sse / Math.max(1, fitValues.length - period));
  }
  const errors = tailErrors(fitted, tail);
  const naive = tail.flatMap((v, k) => {
    const idx = fitValues.length + k - period;
    const past = idx >= 0 && idx < fitValues.length ? fitValues[idx]! : Number.NaN;
    return Number.isFinite(v) && Number.isFinite(past) ? [v - past] : [];
  });
  const mae = errors.reduce((a, e) => a + Math.abs(e), 0) / Math.max(1, errors.length);
  const naiveMae = naive.reduce((a, e) => a + Math.abs(e), 0) / Math.max(1, naive.length);
  const final = fit(start, values).model;
  final.band90 = quantile(errors.map(Math.abs), 0.9) || band90;
  return {
    model: final,
    metrics: {
      mae, rmse: Math.sqrt(errors.reduce((a, e) => a + e * e, 0) / Math.max(1, errors.length)), seasonal_naive_mae: naiveMae,
      skill: naiveMae > 0 ? 1 - mae / naiveMae : 0, band90, coverage90: errors.filter((e) => Math.abs(e) <= band90).length / Math.max(1, errors.length),
      tail_points: errors.length, horizon_ms: tailLen * FORECAST_STEP_MS,
    },
  };
}
