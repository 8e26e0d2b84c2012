import { ROLLUP_MS } from './store.js';

/**
 * Width of the coarse rollup tier both engines keep beside the 5-minute rollups: one row per series
 * and 30 minutes, recomputed from its 5-minute rows whenever one of them changes (so edge aggregates
 * replacing raw readings, and late readings, stay exact). Reads use it for the whole 30-minute
 * buckets of a range when their step is a whole multiple of it (series) or has none (stats); the
 * range's cut ends come from the 5-minute rows. Why 30 minutes: a 30-day chart at 1240 px buckets
 * by ~35 minutes, and reads 1 440 rows per series instead of 8 640.
 */
export const COARSE_MS = 30 * 60_000;

/** The coarse bucket holding a 5-minute bucket (or any time). */
export const coarseOf = (ts: number): number => Math.floor(ts / COARSE_MS) * COARSE_MS;

/** A half-open range of bucket starts, [from, to). */
export interface BucketRange { from: number; to: number }

/** Where the rows of a read come from, in time order: 5-minute rows, then coarse rows, then 5-minute rows. */
export interface TierSplit {
  /** 5-minute rows before the first whole coarse bucket (or the whole range when none fits). */
  head: BucketRange;
  /** Whole coarse buckets; absent when none fits in the range. */
  coarse?: BucketRange;
  /** 5-minute rows after the last whole coarse bucket. */
  tail?: BucketRange;
}

/**
 * Splits the 5-minute buckets a read over [from, to) covers — those starting in
 * [floor5(from), to), as every rollup read counts them — into cut ends read from the 5-minute rows
 * and whole coarse buckets between them.
 * @example
 * splitBuckets(Date.UTC(2026, 0, 1, 0, 7), Date.UTC(2026, 0, 1, 2, 1))
 * // head 00:05–00:30, coarse 00:30–02:00, tail 02:00–02:05 (the bucket starting 02:00 counts: it starts before `to`)
 */
export function splitBuckets(from: number, to: number): TierSplit {
  const lo = Math.floor(from / ROLLUP_MS) * ROLLUP_MS;
  const hi = Math.max(lo, Math.ceil(to / ROLLUP_MS) * ROLLUP_MS);
  const cLo = Math.ceil(lo / COARSE_MS) * COARSE_MS;
  const cHi = coarseOf(hi);
  if (cLo >= cHi) return { head: { from: lo, to: hi } };
  return { head: { from: lo, to: cLo }, coarse: { from: cLo, to: cHi }, tail: { from: cHi, to: hi } };
}

/** A partial group of a read: one series' `ts` bucket from one tier's rows. */
export interface PartialPoint { sid: number; node: string; sensor: string; kind: string; ts: number; count: number; sum: number; min: number; max: number }

/**
 * Adds partial groups of several tiers (given in time order) into one point per series and bucket,
 * ordered by `rank` of the series (the engine's order of node, sensor) and time. Each part comes
 * in that order already (every read sorts by node, sensor, bucket), so this is a merge of sorted
 * lists: no key strings, no sort (a 30-day chart has 1 440 points per series).
 */
export function mergePoints(parts: readonly PartialPoint[][], rank: ReadonlyMap<number, number>): PartialPoint[] {
  const nonEmpty = parts.filter((p) => p.length > 0);
  if (nonEmpty.length <= 1) return nonEmpty[0] ?? [];
  const at = new Array<number>(nonEmpty.length).fill(0);
  const out: PartialPoint[] = [];
  const order = (p: PartialPoint, q: PartialPoint) => (rank.get(p.sid) ?? 0) - (rank.get(q.sid) ?? 0) || p.ts - q.ts;
  for (;;) {
    let best = -1;
    for (let i = 0; i < nonEmpty.length; i++) {
      if (at[i]! < nonEmpty[i]!.length && (best < 0 || order(nonEmpty[i]![at[i]!]!, nonEmpty[best]![at[best]!]!) < 0)) best = i;
    }
    if (best < 0) return out;
    const p = nonEmpty[best]![at[best]!++]!;
    const last = out[out.length - 1];
    if (last && last.sid === p.sid && last.ts === p.ts) {
      last.count += p.count;
      last.sum += p.sum;
      if (p.min < last.min) last.min = p.min;
      if (p.max > last.max) last.max = p.max;
    } else out.push({ ...p });
  }
}

/** A partial statistics group: one series over one tier's rows. */
export interface PartialStats {
  sid: number;
  count: number;
  sum: number;
  min: number;
  minTs: number;
  max: number;
  maxTs: number;
  firstTs: number;
  lastTs: number;
}

/**
 * Combines one series' partial statistics of several tiers, given in time order: an extreme's time
 * comes from the first part holding it, as the 5-minute read takes the first row holding it.
 */
export function mergeStats(parts: readonly PartialStats[]): PartialStats {
  const out = { ...parts[0]! };
  for (let i = 1; i < parts.length; i++) {
    const p = parts[i]!;
    out.count += p.count;
    out.sum += p.sum;
    if (p.min < out.min) { out.min = p.min; out.minTs = p.minTs; }
    if (p.max > out.max) { out.max = p.max; out.maxTs = p.maxTs; }
    out.firstTs = Math.min(out.firstTs, p.firstTs);
    out.lastTs = Math.max(out.lastTs, p.lastTs);
  }
  return out;
}

/** One coarse bucket's share of a batch's raw 5-minute deltas, for the incremental upsert. */
export interface CoarseDelta { sid: number; bucket: number; firstBucket: number; count: number; sum: number; min: number; minTs: number; max: number; maxTs: number; last: number; lastTs: number }

/**
 * Folds raw 5-minute deltas (one per series and bucket, as planIngest makes them) into one delta per
 * series and coarse bucket, sorted by (series id, bucket): ingest's lock order. The rules are the
 * coarse rows' own — an extreme's time from the earliest bucket holding it, the last value from the
 * newest time — which for raw readings (whose times lie in their own bucket) is the earliest or
 * newest time. Merged into a coarse row with the raw upsert's rules, the result is the row a
 * recompute would make, as long as every delta was applied to its 5-minute row and the coarse
 * bucket holds no edge row (whose times may lie outside its bucket): the callers check both.
 * @example
 * coarseDeltas(plan.rawRollups, (slot) => ids[slot]) // [{ sid, bucket: coarseOf(…), firstBucket, count, … }]
 */
export function coarseDeltas(raw: readonly { slot: number; bucket: number; count: number; sum: number; min: number; minTs: number; max: number; maxTs: number; last: number; lastTs: number }[], sid: (slot: number) => number): CoarseDelta[] {
  const byKey = new Map<string, CoarseDelta>();
  for (const d of raw) {
    const s = sid(d.slot);
    const bucket = coarseOf(d.bucket);
    const key = `${s}:${bucket}`;
    const cur = byKey.get(key);
    if (!cur) {
      byKey.set(key, { sid: s, bucket, firstBucket: d.bucket, count: d.count, sum: d.sum, min: d.min, minTs: d.minTs, max: d.max, maxTs: d.maxTs, last: d.last, lastTs: d.lastTs });
      continue;
    }
    cur.firstBucket = Math.min(cur.firstBucket, d.bucket);
    cur.count += d.count;
    cur.sum += d.sum;
    if (d.min < cur.min || (d.min === cur.min && d.minTs < cur.minTs)) { cur.min = d.min; cur.minTs = d.minTs; }
    if (d.max > cur.max || (d.max === cur.max && d.maxTs < cur.maxTs)) { cur.max = d.max; cur.maxTs = d.maxTs; }
    if (d.lastTs >= cur.lastTs) { cur.last = d.last; cur.lastTs = d.lastTs; }
  }
  return [...byKey.values()].sort((a, b) => a.sid - b.sid || a.bucket - b.bucket);
}
