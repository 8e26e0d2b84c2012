/**
 * Additive seasonal Holt-Winters with a damped trend, over evenly spaced points (the studio's
 * rollups). Shared by the trainer (which fits it) and the studio (which advances a trained state
 * through the points stored since and forecasts from it for one request).
 */
export interface HoltWinters {
  method: 'holt_winters_additive';
  /** Spacing of the points, ms, and points per season (a day: 86 400 000 / stepMs). */
  stepMs: number;
  period: number;
  alpha: number;
  beta: number;
  gamma: number;
  /** Trend damping per step (1: none). */
  phi: number;
  level: number;
  trend: number;
  /** Seasonal offsets by slot of the season (slot = time of season / stepMs). */
  season: number[];
  /** Time of the last point absorbed (a step boundary), epoch ms. */
  at: number;
  /** Half-width of the band holding 90 % of the held-back errors, in the series' unit. */
  band90: number;
}

export const slotOf = (m: Pick<HoltWinters, 'stepMs' | 'period'>, ts: number): number => {
  const span = m.stepMs * m.period;
  return Math.floor((((ts % span) + span) % span) / m.stepMs);
};

/** What the state expects `h` ≥ 1 steps after its last point. */
export function predictAhead(m: HoltWinters, h: number): number {
  // Sum of phi^1..phi^h (h when phi = 1).
  const damp = m.phi === 1 ? h : (m.phi * (1 - m.phi ** h)) / (1 - m.phi);
  return m.level + damp * m.trend + m.season[slotOf(m, m.at + h * m.stepMs)]!;
}

/** Absorbs the point one step after `m.at` (a copy is not made: the state moves). A missing point (NaN) is taken as the forecast. */
export function absorb(m: HoltWinters, value: number): number {
  const ts = m.at + m.stepMs;
  const slot = slotOf(m, ts);
  const expected = m.level + m.phi * m.trend + m.season[slot]!;
  const y = Number.isFinite(value) ? value : expected;
  const prevLevel = m.level;
  m.level = m.alpha * (y - m.season[slot]!) + (1 - m.alpha) * (prevLevel + m.phi * m.trend);
  m.trend = m.beta * (m.level - prevLevel) + (1 - m.beta) * m.phi * m.trend;
  m.season[slot] = m.gamma * (y - m.level) + (1 - m.gamma) * m.season[slot]!;
  m.at = ts;
  return y - expected;
}

/**
 * A copy of the state moved on through `points` (any order, any spacing): each step after the
 * state's last point takes the mean of the points inside it; steps with none are forecast. Points
 * at or before the state's time are ignored. At most `maxSteps` are taken (bounded work).
 */
export function advance(m: HoltWinters, points: { ts: number; value: number }[], until: number, maxSteps = 20_000): HoltWinters {
  const s: HoltWinters = { ...m, season: [...m.season] };
  const sums = new Map<number, { sum: number; n: number }>();
  for (const p of points) {
    if (!(p.ts > s.at) || !Number.isFinite(p.value)) continue;
    const k = Math.ceil((p.ts - s.at) / s.stepMs);
    const e = sums.get(k);
    if (e) { e.sum += p.value; e.n++; } else sums.set(k, { sum: p.value, n: 1 });
  }
  const steps = Math.min(maxSteps, Math.floor((until - s.at) / s.stepMs));
  for (let k = 1; k <= steps; k++) {
    const e = sums.get(k);
    absorb(s, e ? e.sum / e.n : Number.NaN);
  }
  return s;
}

/** The forecast at `ts` (after the state's last point) with its 90 % band. */
export function forecastAt(m: HoltWinters, ts: number): { ts: number; value: number; low: number; high: number } {
  const h = Math.max(1, Math.round((ts - m.at) / m.stepMs));
  const value = predictAhead(m, h);
  return { ts, value, low: value - m.band90, high: value + m.band90 };
}
