import { ROLLUP_MS, type SeriesFilter, type SeriesInfo, type StudioStore, type TimeRange } from '../store/store.js';
import { COARSE_MS } from '../store/tiers.js';
import { downsample, type SeriesColumns, type SourcePoint } from './downsample.js';

/** Bounds of one chart request; every one is chosen, reported and documented. */
export interface ChartLimits {
  /** Raw readings read for one request before it falls back to 5-minute rollups. */
  rawLimit: number;
  /** Series in one answer; more matching ones are left out and `truncated` says so. */
  maxSeries: number;
}

export const DEFAULT_CHART_LIMITS: ChartLimits = { rawLimit: 50_000, maxSeries: 200 };

export interface ChartRequest extends SeriesFilter, TimeRange {
  /** Points wanted per series: the chart's width in pixels. */
  width: number;
}

export interface ChartSeries {
  node: string;
  sensor: string;
  kind: string;
  unit: string;
  location: string | null;
  /** `raw`: built from raw readings (and edge aggregates where only those exist); else the rollup width used, ms. */
  source: 'raw' | number;
  points: SeriesColumns;
}

export interface ChartAnswer {
  from: number;
  to: number;
  width: number;
  /** Width of one output bucket, ms. */
  step_ms: number;
  /** More series matched than `maxSeries`; the first ones (by node, sensor) are answered. */
  truncated: boolean;
  series: ChartSeries[];
}

const key = (node: string, sensor: string): string => `${node}\u0000${sensor}`;

/**
 * Every matching series over the range, downsampled on the server to `width` buckets with min and
 * max per bucket (so a spike survives at any zoom), from the store's public API only. Buckets
 * narrower than the store's 5-minute rollups are built from raw readings, where an edge aggregate
 * holds more readings than the raw table (normal readings stay on the node) its remainder fills in;
 * wider buckets come from the rollups alone, grouped by the store to the largest whole multiple of
 * 5 minutes that fits in one bucket — of 30 minutes (the store's coarse tier) once a bucket is that wide.
 * @example
 * const chart = await chartSeries(store, { node: 'pi-node-1', sensor: 'dht22-temperature', from, to, width: 800 });
 */
export async function chartSeries(store: StudioStore, req: ChartRequest, limits: ChartLimits = DEFAULT_CHART_LIMITS): Promise<ChartAnswer> {
  const { width, from, to } = req;
  const filter: SeriesFilter = pick(req);
  const step = (to - from) / width;
  const matching = (await store.latest(filter)).filter((s) => s.firstSeen < to && s.lastTs >= from - ROLLUP_MS);
  const chosen = matching.slice(0, limits.maxSeries);
  const wanted = new Set(chosen.map((s) => key(s.node, s.sensor)));
  const base = { from, to, width, step_ms: step, truncated: matching.length > chosen.length };
  if (!chosen.length) return { ...base, series: [] };
  // One series asked by name: narrow the store's scan to it even when the filter was looser.
  const scan: SeriesFilter = chosen.length === 1 ? { ...filter, node: chosen[0]!.node, sensor: chosen[0]!.sensor } : filter;

  let sources: Map<string, SourcePoint[]> | undefined;
  if (step < ROLLUP_MS) sources = await rawWithAggregates(store, scan, from, to, limits.rawLimit);
  // A bucket of 30 minutes or more reads whole multiples of the store's coarse tier (a sixth of the rows).
  const grain = step >= COARSE_MS ? COARSE_MS : ROLLUP_MS;
  const source: 'raw' | number = sources ? 'raw' : Math.max(ROLLUP_MS, Math.floor(step / grain) * grain);
  sources ??= await rollups(store, scan, from, to, source as number);
  return {
    ...base,
    series: chosen.filter((s) => wanted.has(key(s.node, s.sensor))).map((s: SeriesInfo) => ({
      node: s.node, sensor: s.sensor, kind: s.kind, unit: s.unit, location: s.location, source,
      points: downsample(sources.get(key(s.node, s.sensor)) ?? [], from, to, width),
    })),
  };
}

/** Rollup buckets of `stepMs` as points; a bucket that began before `from` is placed at `from`. */
async function rollups(store: StudioStore, filter: SeriesFilter, from: number, to: number, stepMs: number): Promise<Map<string, SourcePoint[]>> {
  const out = new Map<string, SourcePoint[]>();
  for (const p of await store.series({ ...filter, from, to, stepMs })) {
    const k = key(p.node, p.sensor);
    let list = out.get(k);
    if (!list) out.set(k, (list = []));
    list.push({ ts: Math.max(p.ts, from), count: p.count, sum: p.mean * p.count, min: p.min, max: p.max });
  }
  return out;
}

/**
 * Raw readings, plus for each 5-minute bucket whose rollup counted more readings than the raw
 * table holds (an edge aggregate), the remainder as one point with the bucket's extremes.
 * Undefined when the range holds more than `limit` raw readings: the caller uses rollups instead.
 */
async function rawWithAggregates(store: StudioStore, filter: SeriesFilter, from: number, to: number, limit: number): Promise<Map<string, SourcePoint[]> | undefined> {
  // Raw readings over whole rollup buckets, so each bucket's raw count compares with its rollup's
  // (a bucket the range cuts would otherwise look like one an edge aggregate filled).
  const wideFrom = Math.floor(from / ROLLUP_MS) * ROLLUP_MS;
  const wideTo = Math.ceil(to / ROLLUP_MS) * ROLLUP_MS;
  const [raw, buckets] = await Promise.all([
    store.readings({ ...filter, from: wideFrom, to: wideTo, limit: limit + 1 }),
    store.series({ ...filter, from, to, stepMs: ROLLUP_MS }),
  ]);
  if (raw.length > limit) return undefined;
  const out = new Map<string, SourcePoint[]>();
  const add = (k: string, p: SourcePoint) => {
    let list = out.get(k);
    if (!list) out.set(k, (list = []));
    list.push(p);
  };
  const rawIn = new Map<string, { count: number; sum: number }>(); // per series and rollup bucket
  for (const r of raw) {
    const k = key(r.node, r.sensor);
    if (r.ts >= from && r.ts < to) add(k, { ts: r.ts, count: 1, sum: r.value, min: r.value, max: r.value });
    const b = `${k}\u0000${Math.floor(r.ts / ROLLUP_MS) * ROLLUP_MS}`;
    const seen = rawIn.get(b) ?? { count: 0, sum: 0 };
    seen.count++;
    seen.sum += r.value;
    rawIn.set(b, seen);
  }
  for (const p of buckets) {
    const k = key(p.node, p.sensor);
    const seen = rawIn.get(`${k}\u0000${p.ts}`) ?? { count: 0, sum: 0 };
    const rest = p.count - seen.count;
    if (rest > 0) add(k, { ts: Math.min(Math.max(p.ts, from), to - 1), count: rest, sum: p.mean * p.count - seen.sum, min: p.min, max: p.max });
  }
  return out;
}

function pick(f: SeriesFilter): SeriesFilter {
  const out: SeriesFilter = {};
  for (const k of ['node', 'sensor', 'kind', 'location'] as const) if (f[k]) out[k] = f[k];
  return out;
}
