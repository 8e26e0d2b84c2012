import type Database from 'better-sqlite3';
import { SMALL_BLOCK } from './compaction.js';

/**
 * Tables of the local reading store. Raw readings live in `blocks`, one row per series per flush
 * (compressed, see block.ts), so a row's ~40 bytes of SQLite overhead are shared by every reading
 * in it. `t_max` is indexed globally (retention and the disk bound drop by age) and per series
 * (queries); small blocks have a partial index for compaction.ts. Counters live in `meta` so they survive restarts without scanning `blocks`.
 */
const DDL = `
  CREATE TABLE IF NOT EXISTS series (
    id INTEGER PRIMARY KEY, node TEXT NOT NULL, sensor TEXT NOT NULL, kind TEXT NOT NULL,
    unit TEXT NOT NULL, location TEXT NOT NULL, UNIQUE (node, sensor, kind, unit, location));
  CREATE TABLE IF NOT EXISTS blocks (
    id INTEGER PRIMARY KEY, series_id INTEGER NOT NULL, t_min INTEGER NOT NULL, t_max INTEGER NOT NULL,
    n INTEGER NOT NULL, data BLOB NOT NULL);
  CREATE INDEX IF NOT EXISTS blocks_age ON blocks (t_max);
  CREATE INDEX IF NOT EXISTS blocks_series ON blocks (series_id, t_max);
  CREATE INDEX IF NOT EXISTS blocks_small ON blocks (series_id) WHERE n < ${SMALL_BLOCK};
  CREATE TABLE IF NOT EXISTS aggregates (
    series_id INTEGER NOT NULL, bucket INTEGER NOT NULL, count INTEGER NOT NULL, min REAL NOT NULL,
    max REAL NOT NULL, sum REAL NOT NULL, last REAL NOT NULL, min_ts INTEGER NOT NULL,
    max_ts INTEGER NOT NULL, last_ts INTEGER NOT NULL, PRIMARY KEY (series_id, bucket)) WITHOUT ROWID;
  CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL) WITHOUT ROWID;`;

/** Counters kept in `meta`. */
export type MetaKey = 'raw_readings' | 'blocks' | 'dropped_for_space' | 'dropped_for_retention' | 'journal_through';

export interface BlockRow {
  t_min: number;
  data: Buffer;
}

/**
 * Opens the schema on a fresh or existing database and prepares every statement the store uses.
 * `auto_vacuum` only takes effect before the first table exists, hence it comes first.
 * @example
 * const sql = openSchema(new Database(path));
 * sql.insertBlock.run(seriesId, tMin, tMax, n, data);
 */
export function openSchema(db: Database.Database) {
  db.pragma('auto_vacuum = INCREMENTAL');
  db.pragma('journal_mode = WAL');
  // FULL: a flush is on disk when it commits, so the intake may then forget the journal rows it
  // covers (a power cut after NORMAL's commit could roll the flush back with the rows gone).
  // Flushes are thousands of readings each, so the fsync is cheap per reading.
  db.pragma('synchronous = FULL');
  db.pragma('journal_size_limit = 1048576');
  // 1 MiB of page cache instead of SQLite's 2 MiB default: blocks are written once and read rarely,
  // and on a long-running node the cache fills to its bound, so it is resident memory.
  db.pragma('cache_size = -1024');
  db.exec(DDL);
  return {
    insertBlock: db.prepare('INSERT INTO blocks (series_id, t_min, t_max, n, data) VALUES (?, ?, ?, ?, ?)'),
    seriesBlocks: db.prepare('SELECT t_min, data FROM blocks WHERE series_id = ? AND t_max >= ? AND t_min < ? ORDER BY t_max'),
    latestBlocks: db.prepare('SELECT t_min, data FROM blocks WHERE series_id = ? ORDER BY t_max DESC LIMIT ?'),
    expiredCount: db.prepare('SELECT count(*) AS blocks, coalesce(sum(n), 0) AS readings FROM blocks WHERE t_max < ?'),
    deleteExpired: db.prepare('DELETE FROM blocks WHERE t_max < ?'),
    oldest: db.prepare('SELECT id, n FROM blocks ORDER BY t_max LIMIT ?'),
    deleteBlock: db.prepare('DELETE FROM blocks WHERE id = ?'),
    upsertRollup: db.prepare(`
      INSERT INTO aggregates (series_id, bucket, count, min, max, sum, last, min_ts, max_ts, last_ts)
      VALUES (@series, @bucket, @count, @min, @max, @sum, @last, @minTs, @maxTs, @lastTs)
      ON CONFLICT (series_id, bucket) DO UPDATE SET
        count = count + excluded.count, sum = sum + excluded.sum,
        min_ts = CASE WHEN excluded.min < min THEN excluded.min_ts ELSE min_ts END,
        min = CASE WHEN excluded.min < min THEN excluded.min ELSE min END,
        max_ts = CASE WHEN excluded.max > max THEN excluded.max_ts ELSE max_ts END,
        max = CASE WHEN excluded.max > max THEN excluded.max ELSE max END,
        last = CASE WHEN excluded.last_ts >= last_ts THEN excluded.last ELSE last END,
        last_ts = max(last_ts, excluded.last_ts)`),
    seriesRollups: db.prepare(`
      SELECT bucket, count, min, max, sum, last, min_ts AS minTs, max_ts AS maxTs, last_ts AS lastTs
      FROM aggregates WHERE series_id = ? AND bucket > ? AND bucket < ? ORDER BY bucket`),
    expireRollups: db.prepare('DELETE FROM aggregates WHERE series_id = ? AND bucket < ?'),
    oldestRollup: db.prepare('SELECT series_id AS series, min(bucket) AS bucket FROM aggregates'),
    deleteRollup: db.prepare('DELETE FROM aggregates WHERE series_id = ? AND bucket = ?'),
    getMeta: db.prepare('SELECT key, value FROM meta'),
    setMeta: db.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value'),
    addMeta: db.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = value + excluded.value'),
    usedPages: db.prepare('SELECT (SELECT page_count FROM pragma_page_count()) - (SELECT freelist_count FROM pragma_freelist_count()) AS pages'),
    pageSize: db.prepare('SELECT page_size AS size FROM pragma_page_size()'),
  };
}

export type StoreStatements = ReturnType<typeof openSchema>;
