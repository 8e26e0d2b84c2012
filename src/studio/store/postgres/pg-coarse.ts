import type { PoolClient } from 'pg';
import { COARSE_MS, coarseOf, type CoarseDelta } from '../tiers.js';
import { float8Array, int8Array } from './binary-arrays.js';
import { named, RAW_MERGE } from './ingest-sql.js';
import { rollupTableSql } from '../rollup-ddl.js';

/**
 * The coarse rows (see ../tiers.ts) of the 5-minute rows `source` yields (alias `r`), recomputed
 * and upserted: counts and sums added, an extreme's time from the first row in time holding it, the
 * last value from the newest time (the later row on a tie) — the rules of `foldCoarse`. Rows are
 * locked in (series_id, bucket) order, after the rollups: ingest's global lock order.
 */
export const rebuildSql = (s: string, source: string): string => `
  INSERT INTO ${s}.rollups_30m AS cur (series_id, bucket, first_bucket, count, sum, min, min_ts, max, max_ts, last, last_ts)
  SELECT r.series_id, r.bucket - r.bucket % ${COARSE_MS}, min(r.bucket), sum(r.count), sum(r.sum ORDER BY r.bucket),
    min(r.min), (array_agg(r.min_ts ORDER BY r.min, r.bucket))[1],
    max(r.max), (array_agg(r.max_ts ORDER BY r.max DESC, r.bucket))[1],
    (array_agg(r.last ORDER BY r.last_ts DESC, r.bucket DESC))[1], max(r.last_ts)
  FROM ${source}
  GROUP BY 1, 2 ORDER BY 1, 2
  ON CONFLICT (series_id, bucket) DO UPDATE SET first_bucket = excluded.first_bucket, count = excluded.count, sum = excluded.sum,
    min = excluded.min, min_ts = excluded.min_ts, max = excluded.max, max_ts = excluded.max_ts, last = excluded.last, last_ts = excluded.last_ts`;

/** Coarse rows from the binary array parameters of coarseDeltaParams. */
const insertDeltas = (s: string): string => `
      INSERT INTO ${s}.rollups_30m AS cur (series_id, bucket, first_bucket, count, sum, min, min_ts, max, max_ts, last, last_ts)
      SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::bigint[], $4::bigint[], $5::float8[], $6::float8[], $7::bigint[],
        $8::float8[], $9::bigint[], $10::float8[], $11::bigint[]) AS t(sid, bucket, first_bucket, count, sum, min, min_ts, max, max_ts, last, last_ts)`;

/** The coarse tier's statements for schema `s` (quoted). */
export function coarseStatements(s: string) {
  return {
    /** Recomputes the coarse rows ($1 series ids, $2 coarse buckets; distinct pairs) from their 5-minute rows. */
    refresh: named(rebuildSql(s, `unnest($1::bigint[], $2::bigint[]) AS k(sid, b)
      JOIN ${s}.rollups r ON r.series_id = k.sid AND r.bucket >= k.b AND r.bucket < k.b + ${COARSE_MS}`)),
    /**
     * Merges a batch's raw deltas (see coarseDeltas) into their coarse rows with the raw rules; a
     * row whose 30 minutes hold an edge 5-minute row is left alone (locked, not updated), which
     * the caller sees in the row count and answers with `refresh` of the same keys.
     */
    addRaw: named(`${insertDeltas(s)}
      ORDER BY t.sid, t.bucket
      ON CONFLICT (series_id, bucket) DO UPDATE SET first_bucket = least(cur.first_bucket, excluded.first_bucket), ${RAW_MERGE}
      WHERE NOT EXISTS (SELECT 1 FROM ${s}.rollups r WHERE r.series_id = cur.series_id AND r.bucket >= cur.bucket
        AND r.bucket < cur.bucket + ${COARSE_MS} AND r.origin = 'edge')`),
    /**
     * Raw deltas of coarse buckets after the series' newest 5-minute row before the batch (see
     * rollupTops in ingest-sql.ts): no row of those 30 minutes existed, so the delta is the row.
     */
    insertRaw: named(insertDeltas(s)),
  } as const;
}

/** The `addRaw` statement's parameters, in binary (see binary-arrays.ts). */
export function coarseDeltaParams(d: readonly CoarseDelta[]): Buffer[] {
  const col = (f: (x: CoarseDelta) => number) => d.map(f);
  return [
    int8Array(col((x) => x.sid)), int8Array(col((x) => x.bucket)), int8Array(col((x) => x.firstBucket)), int8Array(col((x) => x.count)),
    float8Array(col((x) => x.sum)), float8Array(col((x) => x.min)), int8Array(col((x) => x.minTs)), float8Array(col((x) => x.max)),
    int8Array(col((x) => x.maxTs)), float8Array(col((x) => x.last)), int8Array(col((x) => x.lastTs)),
  ];
}

/** The distinct (series id, coarse bucket) pairs over 5-minute buckets, sorted, as the refresh statement's parameters. */
export function coarseKeys(rows: readonly { sid: number; bucket: number }[]): [number[], number[]] {
  const keys = new Map<string, [number, number]>();
  for (const r of rows) {
    const b = coarseOf(r.bucket);
    keys.set(`${r.sid}:${b}`, [r.sid, b]);
  }
  const sorted = [...keys.values()].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  return [sorted.map((k) => k[0]), sorted.map((k) => k[1])];
}

/**
 * Creates the coarse tier and builds it from the 5-minute rows, once: on a schema without the table
 * (new, or written by a version before the tier). Runs inside the store's schema migration (one
 * transaction under its advisory lock), so replicas opening together build it once and a failure
 * leaves no half-built table.
 */
export async function migrateCoarseTier(client: PoolClient, s: string): Promise<void> {
  const name = `${s}.rollups_30m`;
  const found = await client.query<{ t: string | null }>('SELECT to_regclass($1) AS t', [name]);
  if (found.rows[0]?.t) return;
  await client.query(rollupTableSql('postgres', 'rollups_30m', `${s}.`, false));
  await client.query(rebuildSql(s, `${s}.rollups r`));
}

/**
 * After the 5-minute rows before `before` were deleted (same transaction): drops the coarse rows
 * they wholly made and recomputes the one cut by `before` per series. Answers the rows dropped.
 */
export async function deleteCoarseBefore(client: PoolClient, s: string, before: number): Promise<number> {
  const cut = coarseOf(before);
  const dropped = (await client.query(`DELETE FROM ${s}.rollups_30m WHERE bucket < $1`, [cut])).rowCount ?? 0;
  if (cut < before) {
    await client.query(`DELETE FROM ${s}.rollups_30m c WHERE c.bucket = $1 AND NOT EXISTS (
      SELECT 1 FROM ${s}.rollups r WHERE r.series_id = c.series_id AND r.bucket >= $1 AND r.bucket < $1 + ${COARSE_MS})`, [cut]);
    await client.query(rebuildSql(s, `${s}.rollups r WHERE r.bucket >= $1 AND r.bucket < $1 + ${COARSE_MS}`), [cut]);
  }
  return dropped;
}
