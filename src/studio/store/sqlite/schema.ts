import type Database from 'better-sqlite3';
import { rollupTableSql } from '../rollup-ddl.js';

/**
 * The anomalies table under `name`. AUTOINCREMENT because `id` is the ingest sequence readers
 * page by (`anomaliesAfter`): a plain rowid is reused once retention deletes the newest row, and a
 * reused id would sit behind a cursor that already passed it.
 */
const anomaliesTable = (name: string): string => `CREATE TABLE IF NOT EXISTS ${name} (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  event_id TEXT NOT NULL,
  node TEXT NOT NULL,
  sensor TEXT NOT NULL,
  kind TEXT NOT NULL,
  unit TEXT NOT NULL,
  location TEXT,
  ts INTEGER NOT NULL,
  value REAL NOT NULL,
  score REAL NOT NULL,
  severity TEXT NOT NULL,
  reason TEXT NOT NULL,
  reading_id TEXT,
  explanation TEXT
);`;

/**
 * SQLite schema of agent-bruno's embedded store. Series metadata lives once in `series`; raw
 * readings (in compressed per-series `blocks`, see ../blocks.ts) and 5-minute rollups refer to it
 * by integer id.
 */
export const SQLITE_SCHEMA = `
CREATE TABLE IF NOT EXISTS events (
  source TEXT NOT NULL,
  id TEXT NOT NULL,
  type TEXT NOT NULL,
  time INTEGER NOT NULL,
  received INTEGER NOT NULL,
  subject TEXT,
  PRIMARY KEY (source, id)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS events_received ON events(received);

CREATE TABLE IF NOT EXISTS series (
  id INTEGER PRIMARY KEY,
  node TEXT NOT NULL,
  sensor TEXT NOT NULL,
  kind TEXT NOT NULL,
  unit TEXT NOT NULL,
  location TEXT,
  first_seen INTEGER NOT NULL,
  last_ts INTEGER NOT NULL,
  last_value REAL NOT NULL,
  UNIQUE (node, sensor)
);

-- Raw readings, one row per block of one series (level 0 a head block of an older version, 1 the
-- newest day's remainder of a slow series, 2 sealed). The series index covers what a range query needs before it reads any blob.
CREATE TABLE IF NOT EXISTS blocks (
  id INTEGER PRIMARY KEY,
  series_id INTEGER NOT NULL,
  level INTEGER NOT NULL,
  t_min INTEGER NOT NULL,
  t_max INTEGER NOT NULL,
  count INTEGER NOT NULL,
  data BLOB NOT NULL,
  ids BLOB
);
CREATE INDEX IF NOT EXISTS blocks_series ON blocks(series_id, t_max, t_min, count);
CREATE INDEX IF NOT EXISTS blocks_age ON blocks(t_max);
CREATE INDEX IF NOT EXISTS blocks_head ON blocks(series_id) WHERE level < 2;

-- The open heads' readings (held in memory, see ../head.ts), one row per ingest transaction, raw:
-- read back on open after a crash; emptied when the heads are sealed into blocks.
CREATE TABLE IF NOT EXISTS head_log (
  id INTEGER PRIMARY KEY,
  data BLOB NOT NULL
);

-- One row per series and 5-minute bucket. origin 'raw' is built from raw readings as they arrive;
-- 'edge' comes from edge aggregates, which cover every reading of the window and so replace raw;
-- several edge aggregates of one bucket (a late reading, a restart) are merged.
${rollupTableSql('sqlite', 'rollups', '', true)}

${anomaliesTable('anomalies')}
CREATE INDEX IF NOT EXISTS anomalies_ts ON anomalies(ts);

CREATE TABLE IF NOT EXISTS nodes (
  node TEXT PRIMARY KEY,
  location TEXT,
  first_seen INTEGER NOT NULL,
  last_seen INTEGER NOT NULL,
  health TEXT,
  health_ts INTEGER
);

CREATE TABLE IF NOT EXISTS health (
  node TEXT NOT NULL,
  ts INTEGER NOT NULL,
  cpu_pct REAL NOT NULL,
  mem_pct REAL NOT NULL,
  temp_c REAL,
  disk_pct REAL NOT NULL,
  top TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS health_node_ts ON health(node, ts);
`;

/**
 * Brings a file created by an older version up to `SQLITE_SCHEMA` (run after it). An anomalies
 * table without AUTOINCREMENT is rebuilt once, keeping every row and id; AUTOINCREMENT then
 * continues after the highest id, so ids already handed out are never reused.
 * @example
 * db.exec(SQLITE_SCHEMA);
 * migrateSqliteSchema(db);
 */
export function migrateSqliteSchema(db: Database.Database): void {
  const ddl = db.prepare("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'anomalies'").pluck().get() as string | undefined;
  if (ddl === undefined || /AUTOINCREMENT/i.test(ddl)) return;
  const columns = 'id, event_id, node, sensor, kind, unit, location, ts, value, score, severity, reason, reading_id, explanation';
  db.transaction(() => {
    db.exec(`${anomaliesTable('anomalies_seq')}
      INSERT INTO anomalies_seq (${columns}) SELECT ${columns} FROM anomalies;
      DROP TABLE anomalies;
      ALTER TABLE anomalies_seq RENAME TO anomalies;
      CREATE INDEX IF NOT EXISTS anomalies_ts ON anomalies(ts);`);
  })();
}
