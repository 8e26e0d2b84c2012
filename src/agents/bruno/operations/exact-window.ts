import { ROLLUP_MS, type ReadingRow, type SeriesFilter, type SeriesStats, type StudioStore } from '../../../studio/store/store.js';

/** Raw readings read for the two partial buckets at a window's edges, at most (all series together). */
export const EDGE_READINGS_MAX = 100_000;

/** Statistics over a window and the window they are really over. */
export interface WindowStats {
  stats: SeriesStats[];
  /** The window the figures cover: the one asked for, unless an edge bucket had no raw readings. */
  from: number;
  to: number;
  /** True when the figures cover exactly the window asked for. */
  exact: boolean;
}

type Acc = Omit<SeriesStats, 'mean'> & { sum: number };
const keyOf = (r: { node: string; sensor: string }) => `${r.node}\u0000${r.sensor}`;

function fold(into: Map<string, Acc>, s: Omit<SeriesStats, 'mean'> & { sum: number }): void {
  const cur = into.get(keyOf(s));
  if (!cur) { into.set(keyOf(s), { ...s }); return; }
  cur.count += s.count;
  cur.sum += s.sum;
  // Equal extremes: the earlier time, as the store's own statistics give.
  if (s.min < cur.min || (s.min === cur.min && s.minTs < cur.minTs)) { cur.min = s.min; cur.minTs = s.minTs; }
  if (s.max > cur.max || (s.max === cur.max && s.maxTs < cur.maxTs)) { cur.max = s.max; cur.maxTs = s.maxTs; }
  cur.firstTs = Math.min(cur.firstTs, s.firstTs);
  cur.lastTs = Math.max(cur.lastTs, s.lastTs);
  if (s.location !== null) cur.location = s.location;
}

const fromStats = (s: SeriesStats) => ({ ...s, sum: s.mean * s.count });

function fromReadings(rows: ReadingRow[]): Acc[] {
  const out = new Map<string, Acc>();
  for (const r of rows) {
    fold(out, { node: r.node, sensor: r.sensor, kind: r.kind, unit: r.unit, location: r.location, count: 1, sum: r.value, min: r.value, minTs: r.ts, max: r.value, maxTs: r.ts, firstTs: r.ts, lastTs: r.ts });
  }
  return [...out.values()];
}

/**
 * One partial 5-minute bucket [start, start + 5 min) of which only [from, to) is asked: the raw
 * readings in [from, to) when every series' raw readings account for every reading its rollup
 * counts; when a series' bucket came as an edge aggregate (no raw readings), every series gives its
 * whole bucket, and the window the answer states grows to that bucket.
 */
async function partialBucket(store: StudioStore, filter: SeriesFilter, start: number, from: number, to: number): Promise<{ parts: Acc[]; whole: boolean }> {
  const end = start + ROLLUP_MS;
  const [raw, buckets] = await Promise.all([
    store.readings({ ...filter, from: start, to: end, limit: EDGE_READINGS_MAX }),
    store.stats({ ...filter, from: start, to: end }),
  ]);
  if (!buckets.length) return { parts: [], whole: false };
  // Too many raw readings to read: whole buckets, and the stated window says so.
  if (raw.length >= EDGE_READINGS_MAX) return { parts: buckets.map(fromStats), whole: true };
  const rawCount = new Map<string, number>();
  for (const r of raw) rawCount.set(keyOf(r), (rawCount.get(keyOf(r)) ?? 0) + 1);
  const complete = new Set(buckets.filter((b) => rawCount.get(keyOf(b)) === b.count).map(keyOf));
  // One series known only as a summary makes the stated window the whole bucket, so every series takes the whole bucket.
  if (buckets.some((b) => !complete.has(keyOf(b)))) return { parts: buckets.map(fromStats), whole: true };
  return { parts: fromReadings(raw.filter((r) => r.ts >= from && r.ts < to)), whole: false };
}

/**
 * Per-series statistics over exactly [from, to): whole 5-minute rollups inside the window, raw
 * readings for the partial buckets at its edges (the store's rollups alone would start the window
 * at the bucket before `from` and end it after `to`: counts too high, extremes' times outside).
 * Where an edge bucket holds no raw readings (an edge aggregate), that whole bucket is used and the
 * returned window says so.
 * @example
 * const w = await exactWindowStats(store, { kind: 'temperature' }, now - 3 * HOUR, now);
 * w.exact // true when every edge bucket had its raw readings
 */
export async function exactWindowStats(store: StudioStore, filter: SeriesFilter, from: number, to: number): Promise<WindowStats> {
  if (!(to > from)) return { stats: [], from, to, exact: true };
  const first = Math.ceil(from / ROLLUP_MS) * ROLLUP_MS;
  const last = Math.floor(to / ROLLUP_MS) * ROLLUP_MS;
  const acc = new Map<string, Acc>();
  let usedFrom = from, usedTo = to;
  if (first > last) {
    // The whole window lies inside one bucket.
    const p = await partialBucket(store, filter, last, from, to);
    p.parts.forEach((s) => fold(acc, s));
    if (p.whole) { usedFrom = last; usedTo = last + ROLLUP_MS; }
  } else {
    const [middle, head, tail] = await Promise.all([
      first < last ? store.stats({ ...filter, from: first, to: last }) : Promise.resolve([]),
      from < first ? partialBucket(store, filter, first - ROLLUP_MS, from, first) : Promise.resolve({ parts: [], whole: false }),
      last < to ? partialBucket(store, filter, last, last, to) : Promise.resolve({ parts: [], whole: false }),
    ]);
    middle.map(fromStats).forEach((s) => fold(acc, s));
    head.parts.forEach((s) => fold(acc, s));
    tail.parts.forEach((s) => fold(acc, s));
    if (head.whole) usedFrom = first - ROLLUP_MS;
    if (tail.whole) usedTo = last + ROLLUP_MS;
  }
  const stats = [...acc.values()].filter((a) => a.count > 0).map(({ sum, ...a }) => ({ ...a, mean: sum / a.count }))
    .sort((a, b) => (a.node < b.node ? -1 : a.node > b.node ? 1 : a.sensor < b.sensor ? -1 : a.sensor > b.sensor ? 1 : 0));
  return { stats, from: usedFrom, to: usedTo, exact: usedFrom === from && usedTo === to };
}
