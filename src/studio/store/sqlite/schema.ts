/**
 * SQLite schema of agent-bruno's embedded store. Series metadata lives once in `series`; raw
 * readings and 5-minute rollups refer to it by integer id to keep rows small.
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

CREATE TABLE IF NOT EXISTS readings (
  series_id INTEGER NOT NULL,
  ts INTEGER NOT NULL,
  value REAL NOT NULL,
  severity TEXT,
  score REAL,
  rid TEXT
);
CREATE INDEX IF NOT EXISTS readings_series_ts ON readings(series_id, ts);
CREATE INDEX IF NOT EXISTS readings_ts ON readings(ts);

-- One row per series and 5-minute bucket. origin 'raw' is built from raw readings as they arrive;
-- 'edge' comes from edge aggregates, which cover every reading of the window and so replace raw;
-- several edge aggregates of one bucket (a late reading, a restart) are merged.
CREATE TABLE IF NOT EXISTS rollups (
  series_id INTEGER NOT NULL,
  bucket INTEGER NOT NULL,
  origin TEXT NOT NULL,
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
CREATE INDEX IF NOT EXISTS rollups_bucket ON rollups(bucket);

CREATE TABLE IF NOT EXISTS anomalies (
  id INTEGER PRIMARY KEY,
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
);
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
