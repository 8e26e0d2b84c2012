import type { Pool, PoolClient } from 'pg';
import type { Severity } from '../../../core/severity.js';
import { decodePoints, encodePoints, mergePoints, pointsSince, SEALED, HEAD } from '../blocks.js';
import { levelOf } from '../columns.js';
import { readBlocks, type SeriesBlockRef } from '../read-blocks.js';
import type { ReadingRow, SeriesFilter, TimeRange } from '../store.js';
import { param, seriesWhere } from './filter-sql.js';
import { blockColumns, insertBlocks, pushBlock } from './heads.js';
import { ingestStatements } from './ingest-sql.js';

/** A range bound as the integer the bigint columns compare with (see postgres-store's `ms`). */
const ms = (bound: number): number => Math.ceil(bound);

/**
 * The `readings` query on PostgreSQL: block references from the series index, then the blobs a
 * round at a time (one `= ANY` query per round), decoded and merged by readBlocks.
 * @example
 * const rows = await readingsFromBlocks(pool, '"bruno"', { sensor: 't1', from, to, limit: 100 });
 */
export async function readingsFromBlocks(pool: Pool, s: string, f: SeriesFilter & TimeRange & { limit?: number }): Promise<ReadingRow[]> {
  const params: unknown[] = [];
  const where = seriesWhere(f, 's', params);
  const { rows } = await pool.query<SeriesBlockRef>(`
    SELECT b.id, b.t_min AS "tMin", b.t_max AS "tMax", b.count, s.node, s.sensor, s.kind, s.unit, s.location
    FROM ${s}.series s JOIN ${s}.blocks b ON b.series_id = s.id
    WHERE ${where} AND b.t_max >= ${param(params, ms(f.from))} AND b.t_min < ${param(params, ms(f.to))}`, params);
  rows.sort((a, b) => a.tMin - b.tMin || a.id - b.id);
  return readBlocks(rows, async (round) => {
    const blobs = await pool.query<{ id: number; data: Buffer; ids: Buffer | null }>(`SELECT id, data, ids FROM ${s}.blocks WHERE id = ANY($1::bigint[])`, [round.map((r) => r.id)]);
    const byId = new Map(blobs.rows.map((b) => [b.id, b]));
    // A block merged away since the refs were read has no row now: its readings are in a newer block the refs missed, rare and harmless for a query.
    return round.map((ref) => { const b = byId.get(ref.id); return b ? decodePoints(b.data, ref.tMin, b.ids) : { ts: [], values: [] }; });
  }, f, Math.floor(f.limit ?? 10_000));
}

/**
 * Deletes readings older than `cutoff`: whole blocks, then the old part of blocks straddling it,
 * rewritten under their series row locks (ingest's lock order) so a concurrent merge cannot bring
 * trimmed readings back. Answers readings removed.
 */
export async function deleteReadingsBefore(pool: Pool, s: string, cutoff: number): Promise<number> {
  const sql = ingestStatements(s);
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const gone = await client.query<{ n: number }>(`WITH d AS (DELETE FROM ${s}.blocks WHERE t_max < $1 RETURNING count) SELECT coalesce(sum(count), 0)::bigint AS n FROM d`, [cutoff]);
    let removed = gone.rows[0]?.n ?? 0;
    const series = await client.query<{ series_id: number }>(`SELECT DISTINCT series_id FROM ${s}.blocks WHERE t_max >= $1 AND t_min < $1`, [cutoff]);
    if (series.rows.length) {
      await client.query({ ...sql.lockSeries, values: [series.rows.map((r) => r.series_id)] });
      const rows = await client.query<{ id: number; level: number; t_min: number; data: Buffer; ids: Buffer | null }>(
        `SELECT id, level, t_min, data, ids FROM ${s}.blocks WHERE t_max >= $1 AND t_min < $1`, [cutoff]);
      for (const row of rows.rows) {
        const all = decodePoints(row.data, row.t_min, row.ids);
        const kept = pointsSince(all, cutoff);
        removed += all.ts.length - kept.ts.length;
        const b = encodePoints(kept, { deflate: row.level > HEAD });
        await client.query(`UPDATE ${s}.blocks SET t_min = $1, t_max = $2, count = $3, data = $4, ids = $5 WHERE id = $6`, [b.tMin, b.tMax, b.count, b.data, b.ids, row.id]);
      }
      await client.query({ ...sql.recountHeads, values: [series.rows.map((r) => r.series_id)] });
    }
    await client.query('COMMIT');
    return removed;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}

/** Series with two or more fresh head blocks: what an idle flush merges. */
export async function seriesWithFreshHeads(pool: Pool, s: string): Promise<number[]> {
  const { rows } = await pool.query<{ series_id: number }>(`SELECT series_id FROM ${s}.blocks WHERE level = ${HEAD} AND level < 2 GROUP BY series_id HAVING count(*) >= 2`);
  return rows.map((r) => r.series_id);
}

interface OldRow { ts: number; value: number; severity: Severity | null; score: number | null; rid: string | null }

/**
 * Moves the raw readings of a schema written before blocks (one `readings` row per reading) into
 * sealed blocks, a series at a time, then drops the old table. Runs inside the schema migration's
 * transaction and advisory lock, so replicas starting together migrate once.
 */
export async function migrateReadingsTable(client: PoolClient, s: string): Promise<number> {
  const exists = await client.query(`SELECT 1 FROM information_schema.tables WHERE table_schema = $1 AND table_name = 'readings'`, [s.replace(/"/g, '')]);
  if (!exists.rows.length) return 0;
  const sql = ingestStatements(s);
  let moved = 0;
  const series = await client.query<{ series_id: number }>(`SELECT DISTINCT series_id FROM ${s}.readings`);
  for (const { series_id: id } of series.rows) {
    const { rows } = await client.query<OldRow>(`SELECT ts, value, severity, score, rid FROM ${s}.readings WHERE series_id = $1 ORDER BY ts`, [id]);
    const marked = rows.some((r) => r.severity !== null || r.score !== null);
    const out = blockColumns();
    for (const { block, level } of mergePoints([{
      ts: rows.map((r) => r.ts), values: rows.map((r) => r.value),
      ...(marked ? { levels: rows.map((r) => levelOf(r.severity ?? undefined)), scores: rows.map((r) => r.score ?? NaN) } : {}),
      ...(rows.some((r) => r.rid !== null) ? { ids: rows.map((r) => r.rid) } : {}),
    }], true)) pushBlock(out, id, level === SEALED ? SEALED : level, block);
    await insertBlocks(client, sql, out);
    moved += rows.length;
  }
  await client.query(`DROP TABLE ${s}.readings`);
  return moved;
}
