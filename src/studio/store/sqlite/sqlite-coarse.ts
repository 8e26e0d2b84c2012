import type Database from 'better-sqlite3';
import { COARSE_MS, coarseOf } from '../tiers.js';

/** The coarse tier's table (see ../tiers.ts): one row per series and 30 minutes. */
export const COARSE_TABLE = 'rollups_30m';

const COARSE_DDL = `CREATE TABLE ${COARSE_TABLE} (
  series_id INTEGER NOT NULL,
  bucket INTEGER NOT NULL,
  first_bucket INTEGER NOT NULL,
  count INTEGER NOT NULL,
  sum REAL NOT NULL,
  min REAL NOT NULL,
  min_ts INTEGER NOT NULL,
  max REAL NOT NULL,
  max_ts INTEGER NOT NULL,
  last REAL NOT NULL,
  last_ts INTEGER NOT NULL,
  PRIMARY KEY (series_id, bucket)
) WITHOUT ROWID;
CREATE INDEX ${COARSE_TABLE}_bucket ON ${COARSE_TABLE}(bucket);`;

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
 * Keeps the coarse tier equal to its 5-minute rows in SQLite: the coarse rows the ingest or the
 * retention touched are recomputed from their (at most six) 5-minute rows in one statement, in the
 * caller's transaction.
 * @example
 * const coarse = new SqliteCoarse(db);
 * coarse.refresh([[seriesId, coarseOf(bucket)]]); // after upserting that 5-minute bucket
 */
export class SqliteCoarse {
  private readonly rebuild;
  private readonly rebuildAt;
  private readonly dropEmptyAt;
  private readonly dropBefore;

  constructor(db: Database.Database) {
    this.rebuild = db.prepare(rebuildSql('SELECT value ->> 0 AS sid, value ->> 1 AS b FROM json_each(?)'));
    this.rebuildAt = db.prepare(rebuildSql(`SELECT series_id AS sid, bucket AS b FROM ${COARSE_TABLE} WHERE bucket = ?`));
    this.dropEmptyAt = db.prepare(`DELETE FROM ${COARSE_TABLE} WHERE bucket = ? AND NOT EXISTS (
      SELECT 1 FROM rollups r WHERE r.series_id = ${COARSE_TABLE}.series_id AND r.bucket >= ${COARSE_TABLE}.bucket AND r.bucket < ${COARSE_TABLE}.bucket + ${COARSE_MS})`);
    this.dropBefore = db.prepare(`DELETE FROM ${COARSE_TABLE} WHERE bucket < ?`);
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
