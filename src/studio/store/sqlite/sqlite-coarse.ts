import type Database from 'better-sqlite3';
import { COARSE_MS, coarseOf, foldCoarse, type CoarseRow, type RollupRow } from '../tiers.js';

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

const FINE_COLUMNS = 'bucket, count, sum, min, min_ts, max, max_ts, last, last_ts';

/**
 * Keeps the coarse tier equal to its 5-minute rows in SQLite: each coarse row the ingest or the
 * retention touched is recomputed from its (at most six) 5-minute rows, in the caller's transaction.
 * @example
 * const coarse = new SqliteCoarse(db);
 * coarse.refresh([[seriesId, coarseOf(bucket)]]); // after upserting that 5-minute bucket
 */
export class SqliteCoarse {
  private readonly fine;
  private readonly put;
  private readonly drop;
  private readonly straddling;
  private readonly dropBefore;

  constructor(db: Database.Database) {
    this.fine = db.prepare(`SELECT ${FINE_COLUMNS} FROM rollups WHERE series_id = ? AND bucket >= ? AND bucket < ? ORDER BY bucket`);
    this.put = db.prepare(`INSERT OR REPLACE INTO ${COARSE_TABLE} (series_id, bucket, first_bucket, ${FINE_COLUMNS.replace('bucket, ', '')})
      VALUES (@sid, @bucket, @first_bucket, @count, @sum, @min, @min_ts, @max, @max_ts, @last, @last_ts)`);
    this.drop = db.prepare(`DELETE FROM ${COARSE_TABLE} WHERE series_id = ? AND bucket = ?`);
    this.straddling = db.prepare(`SELECT series_id FROM ${COARSE_TABLE} WHERE bucket = ?`).pluck();
    this.dropBefore = db.prepare(`DELETE FROM ${COARSE_TABLE} WHERE bucket < ?`);
  }

  /** Recomputes the coarse rows (series id, coarse bucket) from their 5-minute rows; a row with none left goes. */
  refresh(keys: Iterable<readonly [sid: number, bucket: number]>): void {
    for (const [sid, bucket] of keys) {
      const row = foldCoarse(bucket, this.fine.all(sid, bucket, bucket + COARSE_MS) as RollupRow[]);
      if (row) this.put.run({ ...row, sid });
      else this.drop.run(sid, bucket);
    }
  }

  /**
   * After the 5-minute rows before `before` were deleted: drops the coarse rows they wholly made and
   * recomputes the ones cut by `before`. Answers the coarse rows dropped.
   */
  deleteBefore(before: number): number {
    const cut = coarseOf(before);
    const dropped = this.dropBefore.run(cut).changes;
    if (cut < before) this.refresh((this.straddling.all(cut) as number[]).map((sid) => [sid, cut] as const));
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
  let built = 0;
  db.transaction(() => {
    db.exec(COARSE_DDL);
    const put = db.prepare(`INSERT INTO ${COARSE_TABLE} (series_id, bucket, first_bucket, ${FINE_COLUMNS.replace('bucket, ', '')})
      VALUES (@sid, @bucket, @first_bucket, @count, @sum, @min, @min_ts, @max, @max_ts, @last, @last_ts)`);
    const fine = db.prepare(`SELECT ${FINE_COLUMNS} FROM rollups WHERE series_id = ? ORDER BY bucket`);
    // Series by series: better-sqlite3 runs no statement while another one iterates.
    for (const sid of db.prepare('SELECT DISTINCT series_id FROM rollups').pluck().all() as number[]) {
      let rows: RollupRow[] = [];
      const emit = () => {
        const row: CoarseRow | undefined = rows.length ? foldCoarse(coarseOf(rows[0]!.bucket), rows) : undefined;
        if (row) { put.run({ ...row, sid }); built++; }
        rows = [];
      };
      for (const r of fine.all(sid) as RollupRow[]) {
        if (rows.length && coarseOf(rows[0]!.bucket) !== coarseOf(r.bucket)) emit();
        rows.push(r);
      }
      emit();
    }
  })();
  return built;
}
