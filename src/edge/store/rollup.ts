/** Width of a rollup window: the 5-minute aggregates DESIGN.md keeps beside the raw readings. */
export const BUCKET_MS = 5 * 60_000;

/** One series' summary over one 5-minute window. `sum` (not mean) is kept so windows merge exactly. */
export interface Rollup {
  count: number;
  min: number;
  max: number;
  sum: number;
  last: number;
  minTs: number;
  maxTs: number;
  lastTs: number;
}

/**
 * Start of the 5-minute window holding `ts`.
 * @example
 * bucketOf(Date.UTC(2026, 0, 1, 10, 7)) === Date.UTC(2026, 0, 1, 10, 5) // true
 */
export function bucketOf(ts: number): number {
  return Math.floor(ts / BUCKET_MS) * BUCKET_MS;
}

/**
 * Folds one reading into a window's rollup (a new one when `r` is undefined). The latest
 * timestamp wins `last`; on a tie the later arrival wins. The first occurrence of an extreme keeps
 * its timestamp.
 * @example
 * let r = addReading(undefined, 1000, 21.3);
 * r = addReading(r, 2000, 21.1); // { count: 2, min: 21.1, max: 21.3, sum: 42.4, last: 21.1, ... }
 */
export function addReading(r: Rollup | undefined, ts: number, value: number): Rollup {
  if (!r) return { count: 1, min: value, max: value, sum: value, last: value, minTs: ts, maxTs: ts, lastTs: ts };
  r.count++;
  r.sum += value;
  if (value < r.min) { r.min = value; r.minTs = ts; }
  if (value > r.max) { r.max = value; r.maxTs = ts; }
  if (ts >= r.lastTs) { r.last = value; r.lastTs = ts; }
  return r;
}

/**
 * Combines a stored rollup with a newer one for the same window (what is on disk with what is
 * still buffered). Same rules as {@link addReading}, with `b` counting as the later arrival.
 * @example
 * mergeRollups(stored, pending).count === stored.count + pending.count // true
 */
export function mergeRollups(a: Rollup, b: Rollup): Rollup {
  const min = b.min < a.min ? b : a;
  const max = b.max > a.max ? b : a;
  const last = b.lastTs >= a.lastTs ? b : a;
  return {
    count: a.count + b.count, sum: a.sum + b.sum,
    min: min.min, minTs: min.minTs, max: max.max, maxTs: max.maxTs, last: last.last, lastTs: last.lastTs,
  };
}
