/**
 * Truth over a generated world, computed from the generator's own samples (never from the store
 * or the agent): latest values, statistics over windows, extremes with their times, the value at a
 * point in time. Windows are [from, to) in epoch ms, like the store's.
 */
import { MIN, type Sample, type SeriesSpec } from './generator.js';

export interface Series {
  spec: SeriesSpec;
  samples: Sample[];
}

export interface SeriesSelector {
  node?: string;
  location?: string;
  kind?: string;
  sensor?: string;
}

export interface WindowStats {
  count: number;
  /** Mean of every sample in the window (all series pooled). */
  mean: number;
  /** Mean of each series' own mean (what "average of the locations" gives). */
  meanOfMeans: number;
  min: number;
  minTs: number;
  max: number;
  maxTs: number;
}

export function select(series: Series[], f: SeriesSelector): Series[] {
  return series.filter((s) => (!f.node || s.spec.node === f.node) && (!f.location || s.spec.location === f.location)
    && (!f.kind || s.spec.kind === f.kind) && (!f.sensor || s.spec.sensor === f.sensor));
}

function one(series: Series[], f: SeriesSelector): Series[] {
  const found = select(series, f);
  if (found.length === 0) throw new Error(`no series for ${JSON.stringify(f)}`);
  return found;
}

/** Statistics of the matching series over [from, to). */
export function stats(series: Series[], f: SeriesSelector, from: number, to: number): WindowStats {
  let count = 0, sum = 0, min = Infinity, minTs = 0, max = -Infinity, maxTs = 0;
  const means: number[] = [];
  for (const s of one(series, f)) {
    let n = 0, total = 0;
    for (const p of s.samples) {
      if (p.ts < from || p.ts >= to) continue;
      n++; total += p.value;
      if (p.value < min) { min = p.value; minTs = p.ts; }
      if (p.value > max) { max = p.value; maxTs = p.ts; }
    }
    if (n) means.push(total / n);
    count += n; sum += total;
  }
  if (!count) throw new Error(`no samples for ${JSON.stringify(f)} in window`);
  return { count, mean: sum / count, meanOfMeans: means.reduce((a, b) => a + b, 0) / means.length, min, minTs, max, maxTs };
}

/** The last sample of each matching series. */
export function latest(series: Series[], f: SeriesSelector): (Sample & { spec: SeriesSpec })[] {
  return one(series, f).map((s) => ({ ...s.samples.at(-1)!, spec: s.spec }));
}

/** The last value of the one matching series (throws when the selector matches several). */
export function latestValue(series: Series[], f: SeriesSelector): number {
  const l = latest(series, f);
  if (l.length !== 1) throw new Error(`${l.length} series for ${JSON.stringify(f)}`);
  return l[0]!.value;
}

/** The sample taken at exactly `ts` (one series). */
export function valueAt(series: Series[], f: SeriesSelector, ts: number): number {
  const [s, ...rest] = one(series, f);
  if (rest.length) throw new Error(`several series for ${JSON.stringify(f)}`);
  const p = s!.samples.find((x) => x.ts === ts);
  if (!p) throw new Error(`no sample at ${new Date(ts).toISOString()}`);
  return p.value;
}

/** Min and max of the 5-minute bucket holding `ts`: what an answer from rollups can truthfully say about that minute. */
export function bucketAround(series: Series[], f: SeriesSelector, ts: number): WindowStats {
  const start = Math.floor(ts / (5 * MIN)) * 5 * MIN;
  return stats(series, f, start, start + 5 * MIN);
}

/** Local-time instant: `dayOffset` days from `now`'s day, at h:m. */
export function localAt(now: number, dayOffset: number, h: number, m = 0): number {
  const d = new Date(now);
  return new Date(d.getFullYear(), d.getMonth(), d.getDate() + dayOffset, h, m, 0, 0).getTime();
}
