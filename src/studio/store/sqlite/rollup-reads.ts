import type Database from 'better-sqlite3';
import { ROLLUP_MS, type SeriesFilter, type SeriesPoint, type SeriesStats, type TimeRange } from '../store.js';
import { COARSE_MS, mergePoints, mergeStats, splitBuckets, type BucketRange, type PartialPoint, type PartialStats } from '../tiers.js';
import { seriesWhere } from './filter-sql.js';
import { COARSE_TABLE } from './sqlite-coarse.js';

type Prepare = (sql: string) => Database.Statement;

/** One tier's rows of a read: the table, its column holding the first 5-minute bucket, the range. */
interface Part { table: string; first: string; width: number; range: BucketRange }

const FINE = { table: 'rollups', first: 'r.bucket', width: ROLLUP_MS } as const;
const COARSE = { table: COARSE_TABLE, first: 'r.first_bucket', width: COARSE_MS } as const;

/**
 * The tiers a read over [from, to) takes its rows from, in time order: the coarse rows for the whole
 * 30-minute buckets when `coarse` allows, the 5-minute rows elsewhere.
 */
function partsOf(from: number, to: number, coarse: boolean): Part[] {
  const split = splitBuckets(from, to);
  if (!coarse || !split.coarse) return [{ ...FINE, range: { from: Math.floor(from / ROLLUP_MS) * ROLLUP_MS, to } }];
  const parts: Part[] = [];
  if (split.head.to > split.head.from) parts.push({ ...FINE, range: split.head });
  parts.push({ ...COARSE, range: split.coarse });
  if (split.tail && split.tail.to > split.tail.from) parts.push({ ...FINE, range: split.tail });
  return parts;
}

/** The matching series' ids in the store's answer order (node, sensor), with their columns. */
function seriesOrder(prepare: Prepare, filter: SeriesFilter): { id: number; node: string; sensor: string; kind: string; unit: string; location: string | null }[] {
  const w = seriesWhere(filter, 's');
  return prepare(`SELECT s.id, s.node, s.sensor, s.kind, s.unit, s.location FROM series s WHERE ${w.sql} ORDER BY s.node, s.sensor`)
    .all(...w.params) as { id: number; node: string; sensor: string; kind: string; unit: string; location: string | null }[];
}

/**
 * `store.series` on SQLite: buckets of the step (a whole multiple of 5 minutes, epoch-aligned) from
 * the rollups; with `tiers`, a step that is a whole multiple of the coarse tier reads its rows for the
 * range's whole 30-minute buckets (a sixth of the rows), the 5-minute rows for the cut ends.
 * @example
 * seriesFromRollups(sql, { node: 'pi-node-1', from, to, stepMs: 1_800_000 }, true)
 */
export function seriesFromRollups(prepare: Prepare, f: SeriesFilter & TimeRange & { stepMs: number }, tiers: boolean): SeriesPoint[] {
  const w = seriesWhere(f, 's');
  const step = Math.max(ROLLUP_MS, Math.round(f.stepMs / ROLLUP_MS) * ROLLUP_MS);
  const order = seriesOrder(prepare, f);
  if (order.length === 0) return [];
  const byId = new Map(order.map((s) => [s.id, s]));
  // Rows come as arrays of numbers (better-sqlite3's raw mode), the series' names from `order`:
  // building an object per row in the addon cost ~3.5x the read itself (1 440 rows for 30 days).
  const parts = partsOf(f.from, f.to, tiers && step % COARSE_MS === 0).map((p) => {
    const rows = (step === p.width
      // A step of the table's own width: its rows are the points, read in key order (grouping
      // them anyway cost two temporary B-trees).
      ? prepare(`
        SELECT r.series_id, r.bucket, r.count, r.sum, r.min, r.max
        FROM series s CROSS JOIN ${p.table} r ON r.series_id = s.id
        WHERE ${w.sql} AND r.bucket >= ? AND r.bucket < ?
        ORDER BY s.node, s.sensor, r.bucket`).raw(true).all(...w.params, p.range.from, p.range.to)
      : prepare(`
        SELECT r.series_id, r.bucket - (r.bucket % CAST(? AS INTEGER)), sum(r.count), sum(r.sum), min(r.min), max(r.max)
        FROM series s CROSS JOIN ${p.table} r ON r.series_id = s.id
        WHERE ${w.sql} AND r.bucket >= ? AND r.bucket < ?
        GROUP BY r.series_id, 2 ORDER BY s.node, s.sensor, 2`).raw(true).all(step, ...w.params, p.range.from, p.range.to)) as number[][];
    return rows.map((r): PartialPoint => {
      const s = byId.get(r[0]!)!;
      return { sid: r[0]!, node: s.node, sensor: s.sensor, kind: s.kind, ts: r[1]!, count: r[2]!, sum: r[3]!, min: r[4]!, max: r[5]! };
    });
  });
  const rank = new Map(order.map((s, i) => [s.id, i]));
  return mergePoints(parts, rank).map((p) => ({ node: p.node, sensor: p.sensor, kind: p.kind, ts: p.ts, count: p.count, mean: p.sum / p.count, min: p.min, max: p.max }));
}

/**
 * `store.stats` on SQLite: per series over the range's rollups (the coarse tier for its whole
 * 30-minute buckets with `tiers`); an extreme's time is the one of the first row in time holding it.
 */
export function statsFromRollups(prepare: Prepare, f: SeriesFilter & TimeRange, tiers: boolean): SeriesStats[] {
  const w = seriesWhere(f, 's');
  const bySeries = new Map<number, PartialStats[]>();
  for (const p of partsOf(f.from, f.to, tiers)) {
    // CROSS JOIN fixes the order: matching series first, then each one's buckets by primary key.
    const rows = prepare(`
      WITH g AS (
        SELECT r.series_id, sum(r.count) AS count, sum(r.sum) AS sum, min(r.min) AS min, max(r.max) AS max,
          min(${p.first}) AS firstTs, max(r.last_ts) AS lastTs
        FROM series s CROSS JOIN ${p.table} r ON r.series_id = s.id
        WHERE ${w.sql} AND r.bucket >= ? AND r.bucket < ? GROUP BY r.series_id)
      SELECT g.series_id AS sid, g.count, g.sum, g.min, g.max, g.firstTs, g.lastTs,
        (SELECT min_ts FROM ${p.table} x WHERE x.series_id = g.series_id AND x.bucket >= ? AND x.bucket < ? AND x.min = g.min ORDER BY x.bucket LIMIT 1) AS minTs,
        (SELECT max_ts FROM ${p.table} x WHERE x.series_id = g.series_id AND x.bucket >= ? AND x.bucket < ? AND x.max = g.max ORDER BY x.bucket LIMIT 1) AS maxTs
      FROM g`).all(...w.params, p.range.from, p.range.to, p.range.from, p.range.to, p.range.from, p.range.to) as PartialStats[];
    for (const r of rows) {
      const list = bySeries.get(r.sid);
      if (list) list.push(r);
      else bySeries.set(r.sid, [r]);
    }
  }
  if (bySeries.size === 0) return [];
  const out: SeriesStats[] = [];
  for (const s of seriesOrder(prepare, f)) {
    const parts = bySeries.get(s.id);
    if (!parts) continue;
    const g = mergeStats(parts);
    out.push({
      node: s.node, sensor: s.sensor, kind: s.kind, unit: s.unit, location: s.location, count: g.count, mean: g.sum / g.count,
      min: g.min, minTs: g.minTs, max: g.max, maxTs: g.maxTs, firstTs: g.firstTs, lastTs: g.lastTs,
    });
  }
  return out;
}
