import type { SeriesFilter, SeriesPoint, StudioStore, TimeRange } from '../store/store.js';
import { ROLLUP_MS } from '../store/store.js';

/** A bucket whose extreme stands far outside its neighbours' (robust z-score of max or min). */
export interface StudioAnomaly {
  node: string;
  sensor: string;
  kind: string;
  /** Bucket start, epoch ms. */
  ts: number;
  /** The bucket's max (high) or min (low): the reading that stood out. */
  value: number;
  direction: 'high' | 'low';
  /** Median of the neighbours' max (or min): what the series was doing around it. */
  baseline: number;
  /** (value − baseline) / (1.4826 · MAD), robust z-score. */
  z: number;
}

export interface SpikeOptions {
  /** Buckets each side that make a bucket's neighbourhood (default 12: an hour at 5 minutes). */
  neighbours?: number;
  /** |z| at or above this is an anomaly (default 6). */
  minZ?: number;
  /** The smallest scale used, so a flat quantised series does not make every wobble infinite. */
  minScale?: number;
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

/**
 * Scores one series' buckets: each bucket's max (and min) against the median of the `neighbours`
 * buckets on either side, in units of their median absolute deviation. Rollups keep min and max,
 * so a one-reading spike inside a 5-minute mean is still visible here. Needs at least six
 * neighbours; the scale is floored at `minScale` and at 1 % of the baseline's magnitude.
 * @example
 * robustSpikes(points) // [{ ts, value: 28, baseline: 20.1, z: 41, direction: 'high', … }]
 */
export function robustSpikes(points: SeriesPoint[], o: SpikeOptions = {}): StudioAnomaly[] {
  const k = o.neighbours ?? 12;
  const minZ = o.minZ ?? 6;
  const minScale = o.minScale ?? 0.1;
  const sorted = [...points].sort((a, b) => a.ts - b.ts);
  const out: StudioAnomaly[] = [];
  for (let i = 0; i < sorted.length; i++) {
    const around = [...sorted.slice(Math.max(0, i - k), i), ...sorted.slice(i + 1, i + 1 + k)];
    if (around.length < 6) continue;
    const p = sorted[i]!;
    for (const direction of ['high', 'low'] as const) {
      const values = around.map((x) => (direction === 'high' ? x.max : x.min));
      const baseline = median(values);
      const mad = median(values.map((v) => Math.abs(v - baseline)));
      const scale = Math.max(1.4826 * mad, minScale, Math.abs(baseline) * 0.01);
      const value = direction === 'high' ? p.max : p.min;
      const z = (value - baseline) / scale;
      if (direction === 'high' ? z >= minZ : z <= -minZ) {
        out.push({ node: p.node, sensor: p.sensor, kind: p.kind, ts: p.ts, value, direction, baseline: Math.round(baseline * 100) / 100, z: Math.round(z * 10) / 10 });
      }
    }
  }
  return out;
}

/** Longest window scored at 5-minute resolution; longer ones use wider buckets. */
const MAX_BUCKETS = 2016;

/**
 * The studio's own anomalies over what it stores: every series in the filter, read as rollup
 * buckets over the range (plus an hour each side for neighbours), scored by `robustSpikes`.
 * Finds spikes the edge classified as normal (a node that had not yet learned the series).
 * @example
 * await studioAnomalies(store, { location: 'warehouse-b' }, { from: midnight, to: now })
 */
export async function studioAnomalies(store: StudioStore, filter: SeriesFilter, range: TimeRange, o: SpikeOptions = {}): Promise<StudioAnomaly[]> {
  const stepMs = Math.max(ROLLUP_MS, Math.ceil((range.to - range.from) / MAX_BUCKETS / ROLLUP_MS) * ROLLUP_MS);
  const margin = (o.neighbours ?? 12) * stepMs;
  const points = await store.series({ ...filter, from: range.from - margin, to: range.to + margin, stepMs });
  const bySeries = new Map<string, SeriesPoint[]>();
  for (const p of points) {
    const key = `${p.node}/${p.sensor}`;
    const list = bySeries.get(key);
    if (list) list.push(p);
    else bySeries.set(key, [p]);
  }
  const found: StudioAnomaly[] = [];
  for (const series of bySeries.values()) found.push(...robustSpikes(series, o).filter((a) => a.ts >= range.from - stepMs && a.ts < range.to));
  return found.sort((a, b) => b.ts - a.ts);
}

/**
 * `studioAnomalies` with a short memory: the same filter over the same 5-minute-aligned range
 * within `ttlMs` is answered from the last scoring (a dashboard and a follow-up ask the same
 * question; rollups of closed buckets rarely change within a minute). Bounded in entries.
 * @example
 * const scorer = new StudioAnomalyScorer(store); await scorer.find({ location: 'warehouse-b' }, { from, to });
 */
export class StudioAnomalyScorer {
  private readonly cache = new Map<string, { at: number; found: StudioAnomaly[] }>();

  constructor(private readonly store: StudioStore, private readonly ttlMs = 60_000, private readonly maxEntries = 64, private readonly clock: () => number = Date.now) {}

  async find(filter: SeriesFilter, range: TimeRange, o: SpikeOptions = {}): Promise<StudioAnomaly[]> {
    const aligned = { from: Math.floor(range.from / ROLLUP_MS) * ROLLUP_MS, to: Math.ceil(range.to / ROLLUP_MS) * ROLLUP_MS };
    const key = JSON.stringify([filter, aligned, o]);
    const now = this.clock();
    const hit = this.cache.get(key);
    if (hit && now - hit.at < this.ttlMs) return hit.found.filter((a) => a.ts >= range.from - ROLLUP_MS && a.ts < range.to);
    const found = await studioAnomalies(this.store, filter, aligned, o);
    this.cache.delete(key);
    this.cache.set(key, { at: now, found });
    while (this.cache.size > this.maxEntries) this.cache.delete(this.cache.keys().next().value as string);
    return found.filter((a) => a.ts >= range.from - ROLLUP_MS && a.ts < range.to);
  }
}
