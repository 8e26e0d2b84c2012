/** One input point: a raw reading (count 1) or a rollup bucket (its count, min, max and sum). */
export interface SourcePoint {
  ts: number;
  count: number;
  sum: number;
  min: number;
  max: number;
}

/** A downsampled series as parallel columns, ready for a chart (uPlot takes exactly this). */
export interface SeriesColumns {
  ts: number[];
  mean: number[];
  min: number[];
  max: number[];
  count: number[];
}

/**
 * Seven significant digits: sensor values carry fewer, and the JSON stays small. By scaling, not
 * `Number(x.toPrecision(7))`, which took most of a 30-day chart's downsampling (1.5 ms for 1 240
 * buckets); an integer divided by a power of ten is the double nearest that decimal, so it prints
 * as seven digits at most. Ties may round the other way than toPrecision (within one unit of the
 * seventh digit: downsample.test.ts).
 */
export function round7(x: number): number {
  if (x === 0 || !Number.isFinite(x)) return x;
  const a = Math.abs(x);
  const k = 6 - Math.floor(Math.log10(a));
  if (k > 15 || k < -15) return Number(x.toPrecision(7)); // beyond exact powers of ten (no sensor's range)
  const r = k >= 0 ? Math.round(a * 10 ** k) / 10 ** k : Math.round(a / 10 ** -k) * 10 ** -k;
  return x < 0 ? -r : r;
}
const round = round7;

/**
 * Folds points (in any order) into at most `width` equal buckets over [from, to): each output
 * point keeps the bucket's min and max (a spike is never averaged away), its count-weighted mean
 * and count. A bucket with one input point keeps that point's own time (an anomaly marker then
 * sits on it); a bucket with several is placed at its middle. Empty buckets are left out.
 * Points outside the range are dropped.
 * @example
 * downsample([{ ts: 0, count: 1, sum: 5, min: 5, max: 5 }], 0, 3_600_000, 800).ts // [0]
 */
export function downsample(points: readonly SourcePoint[], from: number, to: number, width: number): SeriesColumns {
  const n = Math.max(1, Math.floor(width));
  const step = (to - from) / n;
  const count = new Float64Array(n);
  const sum = new Float64Array(n);
  const min = new Float64Array(n).fill(Infinity);
  const max = new Float64Array(n).fill(-Infinity);
  const only = new Float64Array(n); // the ts of a bucket's single point
  for (const p of points) {
    if (p.ts < from || p.ts >= to || p.count <= 0) continue;
    const i = Math.min(n - 1, Math.floor((p.ts - from) / step));
    count[i]! += p.count;
    sum[i]! += p.sum;
    if (p.min < min[i]!) min[i] = p.min;
    if (p.max > max[i]!) max[i] = p.max;
    only[i] = count[i] === p.count ? p.ts : NaN; // NaN once a second point lands here
  }
  const out: SeriesColumns = { ts: [], mean: [], min: [], max: [], count: [] };
  for (let i = 0; i < n; i++) {
    if (count[i] === 0) continue;
    out.ts.push(Number.isNaN(only[i]) ? Math.round(from + (i + 0.5) * step) : only[i]!);
    out.mean.push(round(sum[i]! / count[i]!));
    out.min.push(round(min[i]!));
    out.max.push(round(max[i]!));
    out.count.push(count[i]!);
  }
  return out;
}
