import { ROLLUP_MS, type SeriesFilter, type TimeRange } from '../store.js';
import { COARSE_MS, splitBuckets } from '../tiers.js';
import { param, seriesWhere } from './filter-sql.js';

const SERIES_COLUMNS = 's.node, s.sensor, s.kind, s.unit, s.location';

/** A range bound as the integer the bigint columns compare with (see postgres-store.ts). */
const ms = (bound: number): number => Math.ceil(bound);
const floorBucket = (ts: number): number => Math.floor(ts / ROLLUP_MS) * ROLLUP_MS;

/**
 * The rows a read over [from, to) takes, as SQL: with `coarse` and a whole 30-minute bucket in the
 * range, the 5-minute rows of its cut ends and the coarse rows between them (UNION ALL, columns
 * series_id, bucket, first, count, sum, min, min_ts, max, max_ts, last_ts); else undefined.
 */
function tieredRows(s: string, from: number, to: number, params: unknown[]): string | undefined {
  const split = splitBuckets(from, to);
  if (!split.coarse) return undefined;
  const cols = 'series_id, bucket, count, sum, min, min_ts, max, max_ts, last_ts';
  const fine = (a: number, b: number) =>
    `SELECT ${cols}, bucket AS first FROM ${s}.rollups WHERE bucket >= ${param(params, a)} AND bucket < ${param(params, b)}`;
  return [
    fine(split.head.from, split.head.to),
    `SELECT ${cols}, first_bucket AS first FROM ${s}.rollups_30m WHERE bucket >= ${param(params, split.coarse.from)} AND bucket < ${param(params, split.coarse.to)}`,
    fine(split.tail!.from, split.tail!.to),
  ].join(' UNION ALL ');
}

/**
 * SQL and parameters of `store.series` on PostgreSQL: epoch-aligned buckets of the step (a whole
 * multiple of 5 minutes); with `tiers`, a step that is a whole multiple of the coarse tier reads its
 * rows for the range's whole 30-minute buckets.
 */
export function seriesSql(s: string, f: SeriesFilter & TimeRange & { stepMs: number }, tiers: boolean): { sql: string; params: unknown[] } {
  const step = Math.max(ROLLUP_MS, Math.round(f.stepMs / ROLLUP_MS) * ROLLUP_MS);
  const params: unknown[] = [step];
  const where = seriesWhere(f, 's', params);
  const tiered = tiers && step % COARSE_MS === 0 ? tieredRows(s, f.from, f.to, params) : undefined;
  const rows = tiered ? `(${tiered}) r`
    : `${s}.rollups r`;
  const range = tiered ? '' : ` AND r.bucket >= ${param(params, floorBucket(f.from))} AND r.bucket < ${param(params, ms(f.to))}`;
  // Grouping by s.id (the primary key) lets the select list use the series' other columns.
  return { params, sql: `
    SELECT s.node, s.sensor, s.kind, r.bucket - (r.bucket % $1::bigint) AS ts, sum(r.count)::bigint AS count,
      sum(r.sum) / sum(r.count)::float8 AS mean, min(r.min) AS min, max(r.max) AS max
    FROM ${rows} JOIN ${s}.series s ON s.id = r.series_id
    WHERE ${where}${range}
    GROUP BY s.id, 4 ORDER BY s.node, s.sensor, 4` };
}

/**
 * SQL and parameters of `store.stats` on PostgreSQL. Extremes' times come from the first row in
 * time holding the extreme; with `tiers`, the range's whole 30-minute buckets are read from the
 * coarse tier, whose rows carry the time of their first 5-minute row holding it.
 */
export function statsSql(s: string, f: SeriesFilter & TimeRange, tiers: boolean): { sql: string; params: unknown[] } {
  const params: unknown[] = [];
  const where = seriesWhere(f, 's', params);
  const tiered = tiers ? tieredRows(s, f.from, f.to, params) : undefined;
  if (tiered) {
    return { params, sql: `
      WITH g AS (
        SELECT r.series_id, sum(r.count)::bigint AS count, sum(r.sum) / sum(r.count)::float8 AS mean,
          min(r.min) AS min, max(r.max) AS max, min(r.first) AS first_ts, max(r.last_ts) AS last_ts,
          (array_agg(r.min_ts ORDER BY r.min, r.bucket))[1] AS min_ts, (array_agg(r.max_ts ORDER BY r.max DESC, r.bucket))[1] AS max_ts
        FROM (${tiered}) r JOIN ${s}.series s ON s.id = r.series_id
        WHERE ${where} GROUP BY r.series_id)
      SELECT ${SERIES_COLUMNS}, g.count, g.mean, g.min, g.max, g.first_ts AS "firstTs", g.last_ts AS "lastTs",
        g.min_ts AS "minTs", g.max_ts AS "maxTs"
      FROM g JOIN ${s}.series s ON s.id = g.series_id ORDER BY s.node, s.sensor` };
  }
  const from = param(params, floorBucket(f.from));
  const to = param(params, ms(f.to));
  return { params, sql: `
    WITH g AS (
      SELECT r.series_id, sum(r.count)::bigint AS count, sum(r.sum) / sum(r.count)::float8 AS mean,
        min(r.min) AS min, max(r.max) AS max, min(r.bucket) AS first_ts, max(r.last_ts) AS last_ts
      FROM ${s}.rollups r JOIN ${s}.series s ON s.id = r.series_id
      WHERE ${where} AND r.bucket >= ${from} AND r.bucket < ${to} GROUP BY r.series_id)
    SELECT ${SERIES_COLUMNS}, g.count, g.mean, g.min, g.max, g.first_ts AS "firstTs", g.last_ts AS "lastTs",
      (SELECT x.min_ts FROM ${s}.rollups x WHERE x.series_id = g.series_id AND x.bucket >= ${from} AND x.bucket < ${to}
        AND x.min = g.min ORDER BY x.bucket LIMIT 1) AS "minTs",
      (SELECT x.max_ts FROM ${s}.rollups x WHERE x.series_id = g.series_id AND x.bucket >= ${from} AND x.bucket < ${to}
        AND x.max = g.max ORDER BY x.bucket LIMIT 1) AS "maxTs"
    FROM g JOIN ${s}.series s ON s.id = g.series_id ORDER BY s.node, s.sensor` };
}
