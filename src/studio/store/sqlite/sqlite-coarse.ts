import type Database from 'better-sqlite3';
import { COARSE_MS, coarseOf, type CoarseDelta } from '../tiers.js';
import { rollupTableSql } from '../rollup-ddl.js';

/** The coarse tier's table (see ../tiers.ts): one row per series and 30 minutes. */
export const COARSE_TABLE = 'rollups_30m' as const;

const COARSE_DDL = rollupTableSql('sqlite', COARSE_TABLE, '', false);

/**
 * How raw readings merge into an existing rollup row (the upsert's `excluded`): counts and sums
 * added, an equal extreme keeps the earlier time, the newer-or-equal time gives the last value. The
 * same for 5-minute rows and, incrementally, for the coarse tier.
 */
export const RAW_MERGE = `
        count = count + excluded.count, sum = sum + excluded.sum,
        min_ts = CASE WHEN excluded.min < min OR (excluded.min = min AND excluded.min_ts < min_ts) THEN excluded.min_ts ELSE min_ts END,
        min = min(min, excluded.min),
        max_ts = CASE WHEN excluded.max > max OR (excluded.max = max AND excluded.max_ts < max_ts) THEN excluded.max_ts ELSE max_ts END,
        max = max(max, excluded.max),
        last = CASE WHEN excluded.last_ts >= last_ts THEN excluded.last ELSE last END,
        last_ts = max(last_ts, excluded.last_ts)`;

/**
 * Recomputes, in one statement, the coarse rows of the (series id `sid`, coarse bucket `b`) pairs
 * `keys` yields, from their 5-minute rows: counts and sums added, an extreme's time from the first
 * row in time holding it, the last value from the newest time (the later row on a tie).
 */
const rebuildSql = (keys: string): string => `
  INSERT OR REPLACE INTO ${COARSE_TABLE} (series_id, bucket, first_bucket, count, sum, min, min_ts, max, max_ts, last, last_ts)
  SELECT k.sid, k.b, min(r.bucket), sum(r.count), sum(r.sum),
    min(r.min), (SELECT x.min_ts FROM rollups x WHERE x.series_id = k.sid AND x.bucket >= k.b AND x.bucket < k.b + ${COARSE_MS} ORDER BY x.min, x.bucket LIMIT 1),
    max(r.max), (SELECT x.max_ts FROM rollups x WHERE x.series_id = k.sid AND x.bucket >= k.b AND x.bucket < k.b + ${COARSE_MS} ORDER BY x.max DESC, x.bucket LIMIT 1),
    (SELECT x.last FROM rollups x WHERE x.series_id = k.sid AND x.bucket >= k.b AND x.bucket < k.b + ${COARSE_MS} ORDER BY x.last_ts DESC, x.bucket DESC LIMIT 1),
    max(r.last_ts)
  FROM (${keys}) k CROSS JOIN rollups r ON r.series_id = k.sid AND r.bucket >= k.b AND r.bucket < k.b + ${COARSE_MS}
  GROUP BY k.sid, k.b`;

/**
 * Keeps the coarse tier equal to its 5-minute rows in SQLite, in the caller's transaction: a batch
 * of raw readings each applied to its 5-minute row is merged in (see coarseDeltas), a row at a
 * time; otherwise, and for rows whose 30 minutes hold an edge row, the coarse rows touched are
 * recomputed from their (at most six) 5-minute rows in one statement, as retention does.
 * @example
 * const coarse = new SqliteCoarse(db);
 * coarse.refresh([[seriesId, coarseOf(bucket)]]); // after upserting that 5-minute bucket
 */
export class SqliteCoarse {
  private readonly rebuild;
  private readonly rebuildAt;
  private readonly dropEmptyAt;
  private readonly dropBefore;
  private readonly addRaw;

  constructor(db: Database.Database) {
    this.rebuild = db.prepare(rebuildSql('SELECT value ->> 0 AS sid, value ->> 1 AS b FROM json_each(?)'));
    this.rebuildAt = db.prepare(rebuildSql(`SELECT series_id AS sid, bucket AS b FROM ${COARSE_TABLE} WHERE bucket = ?`));
    this.dropEmptyAt = db.prepare(`DELETE FROM ${COARSE_TABLE} WHERE bucket = ? AND NOT EXISTS (
      SELECT 1 FROM rollups r WHERE r.series_id = ${COARSE_TABLE}.series_id AND r.bucket >= ${COARSE_TABLE}.bucket AND r.bucket < ${COARSE_TABLE}.bucket + ${COARSE_MS})`);
    this.dropBefore = db.prepare(`DELETE FROM ${COARSE_TABLE} WHERE bucket < ?`);
    this.addRaw = db.prepare(`
      INSERT INTO ${COARSE_TABLE} (series_id, bucket, first_bucket, count, sum, min, min_ts, max, max_ts, last, last_ts)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT (series_id, bucket) DO UPDATE SET first_bucket = min(first_bucket, excluded.first_bucket), ${RAW_MERGE}
      WHERE NOT EXISTS (SELECT 1 FROM rollups r WHERE r.series_id = ${COARSE_TABLE}.series_id AND r.bucket >= ${COARSE_TABLE}.bucket
        AND r.bucket < ${COARSE_TABLE}.bucket + ${COARSE_MS} AND r.origin = 'edge')`);
  }

  /**
   * After a batch's 5-minute upserts: merges `raw` (its raw deltas, when every one was applied and
   * the batch had no edge aggregate) or else recomputes `keys`, the coarse rows it touched. A merge
   * refused by a row holding an edge row is answered by the recompute too.
   */
  update(raw: readonly CoarseDelta[] | undefined, keys: () => (readonly [number, number])[]): void {
    if (raw) {
      let changed = 0;
      for (const d of raw) changed += this.addRaw.run(d.sid, d.bucket, d.firstBucket, d.count, d.sum, d.min, d.minTs, d.max, d.maxTs, d.last, d.lastTs).changes;
      if (changed === raw.length) return;
    }
    this.refresh(keys());
  }

  /** Recomputes the coarse rows (series id, coarse bucket) from their 5-minute rows, which ingest never deletes. */
  refresh(keys: readonly (readonly [sid: number, bucket: number])[]): void {
    if (keys.length) this.rebuild.run(JSON.stringify(keys));
  }

  /**
   * After the 5-minute rows before `before` were deleted: drops the coarse rows they wholly made and
   * recomputes the ones cut by `before` (dropping those left without rows). Answers the coarse rows dropped.
   */
  deleteBefore(before: number): number {
    const cut = coarseOf(before);
    const dropped = this.dropBefore.run(cut).changes;
    if (cut < before) {
      this.dropEmptyAt.run(cut);
      this.rebuildAt.run(cut);
    }
    return dropped;
  }
}

/**
 * Creates the coarse tier and builds it from the 5-minute rows, once: on a file without the table
 * (new, or written by a version before the tier), in one transaction with the table's creation, so a
 * crash half-way leaves no table and the next open builds it again. Answers the coarse rows built.
 * @example
 * migrateCoarseTier(db); // after SQLITE_SCHEMA
 */
export function migrateCoarseTier(db: Database.Database): number {
  if (db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(COARSE_TABLE)) return 0;
  return db.transaction(() => {
    db.exec(COARSE_DDL);
    return db.prepare(rebuildSql(`SELECT DISTINCT series_id AS sid, bucket - bucket % ${COARSE_MS} AS b FROM rollups`)).run().changes;
  })();
}
