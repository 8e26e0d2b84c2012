import type { Rollup } from '../core/training.js';

export type { Rollup } from '../core/training.js';

export const ROLLUP_MS = 5 * 60_000;

/** Expected range of n standard normal draws (d2 of quality control), by n; interpolated in log n. */
const RANGE_TABLE: [number, number][] = [[2, 1.128], [3, 1.693], [4, 2.059], [5, 2.326], [10, 3.078], [20, 3.735], [50, 4.498], [100, 5.015], [300, 5.755], [1000, 6.483], [10000, 7.94]];

export function expectedRange(n: number): number {
  if (n < 2) return 0;
  for (let i = 1; i < RANGE_TABLE.length; i++) {
    const [n1, d1] = RANGE_TABLE[i]!;
    if (n <= n1) {
      const [n0, d0] = RANGE_TABLE[i - 1]!;
      return d0 + ((Math.log(n) - Math.log(n0)) / (Math.log(n1) - Math.log(n0))) * (d1 - d0);
    }
  }
  return RANGE_TABLE.at(-1)![1];
}

const median = (xs: number[]): number => {
  if (xs.length === 0) return Number.NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
};

/**
 * The node's sampling interval now, as the rollups imply it: the window over the median count of
 * the most recent 24 windows with 2 or more readings (a history replayed more sparsely before
 * does not count), else one reading per window.
 */
export function sampleInterval(rollups: Rollup[], windowMs = ROLLUP_MS): number {
  const m = median(rollups.filter((r) => r.count >= 2).slice(-24).map((r) => r.count));
  return Number.isFinite(m) ? Math.max(100, Math.round(windowMs / m)) : windowMs;
}

/** Within-window noise (1 σ) of each rollup from its range and count; a rollup of one reading gets the series' median. */
export function windowNoise(rollups: Rollup[]): number[] {
  const own = rollups.map((r) => (r.count >= 2 ? (r.max - r.min) / expectedRange(r.count) : Number.NaN));
  const typical = median(own.filter(Number.isFinite));
  return own.map((s) => (Number.isFinite(s) ? s : Number.isFinite(typical) ? typical : 0));
}

/** Deterministic uniform [0, 1) from a seed (mulberry32) and standard normal draws from it. */
export function normalDraws(seed: number): () => number {
  let a = seed >>> 0;
  const u = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return () => Math.sqrt(-2 * Math.log(1 - u())) * Math.cos(2 * Math.PI * u());
}

export const seedOf = (key: string): number => {
  let h = 2166136261;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 16777619);
  return h >>> 0;
};

/**
 * Readings as the node would have taken them, rebuilt from rollups: one every `intervalMs` inside
 * each rollup that has data (gaps stay gaps), the value interpolated between neighbouring rollups'
 * means (at their centres) plus Gaussian noise of the window's own spread, clamped to its min and
 * max. An assumption, said in the README: within a window the noise is independent and normal.
 * Calls `each` in time order rather than building an array (a fortnight at 1 s is 1.2 M readings).
 * @example
 * replay(rollups, 5000, 42, (ts, v) => detector.score(key, ts, v));
 */
export function replay(rollups: Rollup[], intervalMs: number, seed: number, each: (ts: number, value: number) => void, windowMs = ROLLUP_MS): number {
  const noise = windowNoise(rollups);
  const draw = normalDraws(seed);
  let n = 0;
  for (let i = 0; i < rollups.length; i++) {
    const r = rollups[i]!;
    const centre = r.ts + windowMs / 2;
    const prev = i > 0 && rollups[i - 1]!.ts === r.ts - windowMs ? rollups[i - 1]! : undefined;
    const next = i + 1 < rollups.length && rollups[i + 1]!.ts === r.ts + windowMs ? rollups[i + 1]! : undefined;
    for (let t = r.ts; t < r.ts + windowMs; t += intervalMs) {
      const other = t < centre ? prev : next;
      const w = other ? Math.abs(t - centre) / windowMs : 0;
      const base = other ? r.mean + w * (other.mean - r.mean) : r.mean;
      const v = r.count >= 2 ? Math.min(r.max, Math.max(r.min, base + noise[i]! * draw())) : r.mean;
      each(t, v);
      n++;
    }
  }
  return n;
}
