import type Database from 'better-sqlite3';
import { foldWal, openSqliteFile, requireOpen } from '../../sqlite-file.js';
import type { Health } from '../../../core/schemas.js';
import { SEVERITIES, type Severity } from '../../../core/severity.js';
import {
  type AnomalyRow, type Catalog, type HealthRow, type IngestItem, type IngestStatus, type NodeRow,
  type ReadingRow, type SequencedAnomaly, type SeriesFilter, type SeriesInfo, type SeriesPoint, type SeriesStats, type StoreCounts,
  type StudioStore, type TimeRange, type RetentionPolicy,
} from '../store.js';
import { migrateSqliteSchema, SQLITE_SCHEMA } from './schema.js';
import { SqliteIngest } from './sqlite-ingest.js';
import { SqliteBlocks } from './sqlite-blocks.js';
import { migrateReadingsToBlocks } from './migrate-readings.js';
import { seriesWhere } from './filter-sql.js';
import { migrateCoarseTier, SqliteCoarse } from './sqlite-coarse.js';
import { seriesFromRollups, statsFromRollups } from './rollup-reads.js';
import { readBlocks, type SeriesBlockRef } from '../read-blocks.js';
import type { Points } from '../blocks.js';
import { logger } from '../../../core/logger.js';

/** Ingest quiet for this long: seal the heads into blocks and truncate the WAL (see `flush`). */
const IDLE_FLUSH_MS = 400;

/** Calls to `ingest` waiting for the next group commit, each with how to answer it. */
interface Waiting { items: IngestItem[]; resolve: (s: IngestStatus[]) => void; reject: (e: unknown) => void }

const SERIES_COLUMNS = `s.node, s.sensor, s.kind, s.unit, s.location`;

/**
 * The embedded default store: one SQLite file in WAL mode. Raw readings are compressed per-series
 * blocks (see ../blocks.ts) behind an in-memory head per series made durable by a log row per
 * transaction (see SqliteBlocks); once ingest has been quiet for a moment the heads are sealed and
 * the WAL is checkpointed and truncated, so the file holds ~1 byte per reading.
 *
 * Group commit: `ingest` calls that arrive while the event loop is busy (concurrent POSTs) are
 * written together in one transaction on the next turn, each answered with its own statuses as
 * if it had run alone in arrival order; should that transaction fail, each call is retried alone
 * so one call's failure is never another's.
 * @example
 * const store = new SqliteStore('./data/studio.db');
 * await store.open();
 * await store.ingest([{ event, readings }]);
 */
export class SqliteStore implements StudioStore {
  readonly engine = 'sqlite';
  private db?: Database.Database;
  private writer?: SqliteIngest;
  private blocks?: SqliteBlocks;
  private idle?: NodeJS.Timeout;
  private waiting: Waiting[] = [];
  private readonly statements = new Map<string, Database.Statement>();

  /** Whether series and stats read the coarse rollup tier where it fits (see ../tiers.ts). */
  private readonly tiers: boolean;

  /**
   * @param path file path, or `:memory:`
   * @param options.tiers false: reads take the 5-minute rows only (the coarse tier is still kept) — the reference the tier is checked against
   */
  constructor(private readonly path: string, options: { tiers?: boolean } = {}) {
    this.tiers = options.tiers ?? true;
  }

  async open(): Promise<void> {
    if (this.db) return; // already open: reopening ':memory:' would silently start an empty database
    const db = openSqliteFile(this.path, { synchronous: 'NORMAL' });
    // Merges free pages all the time; incremental auto-vacuum lets a flush hand them back to the
    // file system. Takes effect on a new file only (before its first table); older ones convert below.
    try {
      db.pragma('auto_vacuum = INCREMENTAL');
      db.exec(SQLITE_SCHEMA);
      migrateSqliteSchema(db);
      migrateCoarseTier(db);
      // A file from before blocks: its readings move into blocks, then one VACUUM rewrites the file
      // (now a fraction of its size) with incremental auto-vacuum on.
      if (migrateReadingsToBlocks(db) > 0 || db.pragma('auto_vacuum', { simple: true }) !== 2) db.exec('VACUUM');
    } catch (err) {
      db.close(); // retried (a full disk at start): each failed attempt would keep three files open
      throw err;
    }
    foldWal(db);
    this.db = db;
    this.blocks = new SqliteBlocks(db);
    this.writer = new SqliteIngest(db, this.blocks);
  }

  async close(): Promise<void> {
    clearTimeout(this.idle);
    this.commitWaiting();
    if (this.db) this.flushNow();
    this.db?.close();
    this.db = undefined;
    this.blocks = undefined;
    this.writer = undefined;
    this.statements.clear();
  }

  /**
   * Lets go of the file the way a killed process does: no group commit waiting is written, no head
   * sealed, the WAL not folded. For tests of what a restart finds after a crash.
   */
  async abandon(): Promise<void> {
    clearTimeout(this.idle);
    for (const w of this.waiting.splice(0)) w.reject(new Error('SqliteStore abandoned'));
    this.db?.close();
    this.db = undefined;
    this.blocks = undefined;
    this.writer = undefined;
    this.statements.clear();
  }

  /**
   * Seals the heads into blocks and checkpoints the WAL into the file, truncating it. Runs by itself
   * once ingest has been quiet for {@link IDLE_FLUSH_MS}, and on close.
   * @example
   * await store.flush(); // { merged: 50 } after a burst of ingest
   */
  async flush(): Promise<{ merged: number }> {
    return this.flushNow();
  }

  private flushNow(): { merged: number } {
    const merged = this.blocks?.flushHeads() ?? 0;
    this.db?.pragma('incremental_vacuum');
    this.db?.pragma('wal_checkpoint(TRUNCATE)');
    return { merged };
  }

  private get conn(): Database.Database {
    return requireOpen(this.db, 'SqliteStore');
  }

  private get blockTable(): SqliteBlocks {
    if (!this.blocks) throw new Error('SqliteStore used before open()');
    return this.blocks;
  }

  async ingest(items: IngestItem[]): Promise<IngestStatus[]> {
    if (!this.writer) throw new Error('SqliteStore used before open()');
    if (this.waiting.length === 0) setImmediate(() => this.commitWaiting());
    return new Promise((resolve, reject) => this.waiting.push({ items, resolve, reject }));
  }

  /** Writes every waiting `ingest` call in one transaction (see the class comment). */
  private commitWaiting(): void {
    const group = this.waiting;
    if (group.length === 0) return;
    this.waiting = [];
    const writer = this.writer;
    if (!writer) {
      for (const w of group) w.reject(new Error('SqliteStore closed before the write'));
      return;
    }
    try {
      const statuses = writer.run(group.flatMap((w) => w.items));
      let at = 0;
      for (const w of group) w.resolve(statuses.slice(at, (at += w.items.length)));
    } catch (err) {
      if (group.length === 1) group[0]!.reject(err);
      else for (const w of group) { try { w.resolve(writer.run(w.items)); } catch (e) { w.reject(e); } }
    }
    this.afterWrite();
  }

  private afterWrite(): void {
    if (this.blocks?.full) {
      try {
        this.blocks.seal();
      } catch (err) {
        logger('store').warn({ err }, 'sealing the heads failed (retried after the next ingest)');
      }
    }
    clearTimeout(this.idle);
    this.idle = setTimeout(() => {
      try {
        this.flushNow();
      } catch (err) {
        logger('store').warn({ err }, 'idle flush failed (retried after the next ingest)');
      }
    }, IDLE_FLUSH_MS);
    this.idle.unref();
  }

  /** A statement prepared once per connection (compiling one costs more than a small query). */
  private stmt(sql: string): Database.Statement {
    let statement = this.statements.get(sql);
    if (!statement) this.statements.set(sql, (statement = this.conn.prepare(sql)));
    return statement;
  }

  async catalog(): Promise<Catalog> {
    const series = await this.latest({});
    const distinct = (sql: string) => (this.conn.prepare(sql).pluck().all() as string[]);
    return {
      nodes: distinct('SELECT node FROM nodes ORDER BY node'),
      locations: distinct('SELECT DISTINCT location FROM series WHERE location IS NOT NULL UNION SELECT location FROM nodes WHERE location IS NOT NULL ORDER BY 1'),
      kinds: distinct('SELECT DISTINCT kind FROM series ORDER BY kind'),
      series,
    };
  }

  async latest(filter: SeriesFilter): Promise<SeriesInfo[]> {
    const w = seriesWhere(filter, 's');
    return this.stmt(`
      SELECT ${SERIES_COLUMNS}, s.first_seen AS firstSeen, s.last_ts AS lastTs, s.last_value AS lastValue
      FROM series s WHERE ${w.sql} ORDER BY s.node, s.sensor`).all(...w.params) as SeriesInfo[];
  }

  async readings(f: SeriesFilter & TimeRange & { limit?: number }): Promise<ReadingRow[]> {
    const w = seriesWhere(f, 's');
    const blocks = this.blockTable;
    const refs = this.stmt(`
      SELECT b.id, b.t_min AS tMin, b.t_max AS tMax, b.count, ${SERIES_COLUMNS}
      FROM series s CROSS JOIN blocks b ON b.series_id = s.id
      WHERE ${w.sql} AND b.t_max >= ? AND b.t_min < ?`).all(...w.params, f.from, f.to) as SeriesBlockRef[];
    // Open heads as blocks of their own (negative ids), their points taken now: a seal between two
    // rounds of the read moves them into blocks this query's refs do not name.
    const heads = new Map<number, Points>();
    if (blocks.headSeries().length) {
      for (const row of this.stmt(`SELECT s.id, ${SERIES_COLUMNS} FROM series s WHERE ${w.sql}`).all(...w.params) as (Omit<SeriesBlockRef, 'tMin' | 'tMax' | 'count'>)[]) {
        const h = blocks.head(row.id, f.from, f.to);
        if (!h) continue;
        heads.set(-row.id, h.points);
        refs.push({ ...row, id: -row.id, tMin: h.tMin, tMax: h.tMax, count: h.count });
      }
    }
    refs.sort((a, b) => a.tMin - b.tMin || a.id - b.id);
    return readBlocks(refs, (batch) => batch.map((ref) => heads.get(ref.id) ?? blocks.points(ref)), f, f.limit ?? 10_000);
  }

  async series(f: SeriesFilter & TimeRange & { stepMs: number }): Promise<SeriesPoint[]> {
    return seriesFromRollups((sql) => this.stmt(sql), f, this.tiers);
  }

  async stats(f: SeriesFilter & TimeRange): Promise<SeriesStats[]> {
    return statsFromRollups((sql) => this.stmt(sql), f, this.tiers);
  }

  async anomalies(f: SeriesFilter & TimeRange & { minSeverity?: Severity; limit?: number }): Promise<AnomalyRow[]> {
    const w = seriesWhere(f, 'a');
    const levels = SEVERITIES.slice(SEVERITIES.indexOf(f.minSeverity ?? 'normal'));
    const rows = this.conn.prepare(`
      SELECT a.event_id AS eventId, a.node, a.sensor, a.kind, a.unit, a.location, a.ts, a.value, a.score, a.severity,
        a.reason, a.reading_id, a.explanation
      FROM anomalies a WHERE ${w.sql} AND a.ts >= ? AND a.ts < ? AND a.severity IN (${levels.map(() => '?').join(',')})
      ORDER BY a.ts DESC LIMIT ?`).all(...w.params, f.from, f.to, ...levels, f.limit ?? 1000) as Record<string, unknown>[];
    return rows.map((r) => withoutNulls(r) as unknown as AnomalyRow);
  }

  async anomaliesAfter(seq: number, limit: number): Promise<SequencedAnomaly[]> {
    // One connection writes in transactions, so ids become visible in order; AUTOINCREMENT never reuses one.
    const rows = this.conn.prepare(`
      SELECT a.id AS seq, a.event_id AS eventId, a.node, a.sensor, a.kind, a.unit, a.location, a.ts, a.value, a.score, a.severity,
        a.reason, a.reading_id, a.explanation
      FROM anomalies a WHERE a.id > ? ORDER BY a.id LIMIT ?`).all(Math.floor(seq), Math.max(0, Math.floor(limit))) as Record<string, unknown>[];
    return rows.map(({ seq: n, ...r }) => ({ seq: n as number, anomaly: withoutNulls(r) as unknown as AnomalyRow }));
  }

  async healthHistory(node: string, range: TimeRange): Promise<HealthRow[]> {
    const rows = this.conn.prepare(`
      SELECT h.node, h.ts, h.cpu_pct, h.mem_pct, h.temp_c, h.disk_pct, h.top, n.location
      FROM health h LEFT JOIN nodes n ON n.node = h.node WHERE h.node = ? AND h.ts >= ? AND h.ts < ? ORDER BY h.ts`)
      .all(node, range.from, range.to) as (Omit<HealthRow, 'top'> & { top: string })[];
    return rows.map((r) => ({ ...r, top: JSON.parse(r.top) as Health['top'], location: r.location ?? undefined }));
  }

  async nodes(): Promise<NodeRow[]> {
    const rows = this.conn.prepare(
      'SELECT node, location, first_seen AS firstSeen, last_seen AS lastSeen, health FROM nodes ORDER BY node',
    ).all() as (Omit<NodeRow, 'health'> & { health: string | null })[];
    return rows.map((r) => ({ ...r, health: r.health ? (JSON.parse(r.health) as Health) : null }));
  }

  async enforceRetention(p: RetentionPolicy): Promise<Record<string, number>> {
    const out: Record<string, number> = { readings: this.blockTable.deleteBefore(p.now - p.rawMs) };
    // One transaction: the coarse tier follows its 5-minute rows (wholly deleted rows go, the one cut is recomputed).
    this.conn.transaction(() => {
      for (const [table, column, keep] of RETAINED) {
        const before = p.now - (keep === 'raw' ? p.rawMs : p.rollupMs);
        out[table] = this.conn.prepare(`DELETE FROM ${table} WHERE ${column} < ?`).run(before).changes;
      }
      out.rollups_30m = new SqliteCoarse(this.conn).deleteBefore(p.now - p.rollupMs);
    })();
    return out;
  }

  async counts(): Promise<StoreCounts> {
    const n = (table: string) => this.conn.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;
    return { events: n('events'), readings: this.blockTable.total(), anomalies: n('anomalies'), health: n('health'), nodes: n('nodes') };
  }
}

/** Tables and time columns the retention policy applies to. */
const RETAINED: [table: string, column: string, keep: 'raw' | 'rollup'][] = [
  ['events', 'received', 'raw'], ['anomalies', 'ts', 'raw'], ['health', 'ts', 'raw'], ['rollups', 'bucket', 'rollup'],
];

function withoutNulls(row: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(row).filter(([, v]) => v !== null));
}
