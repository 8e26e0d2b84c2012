import type { Pool, QueryResultRow } from 'pg';
import { SEVERITIES, type Severity } from '../../../core/severity.js';
import {
  type AnomalyRow, type Catalog, type HealthRow, type IngestItem, type IngestStatus, type NodeRow,
  type ReadingRow, type SequencedAnomaly, type SeriesFilter, type SeriesInfo, type SeriesPoint, type SeriesStats, type StoreCounts,
  type StudioStore, type TimeRange, type RetentionPolicy,
} from '../store.js';
import { param, seriesWhere } from './filter-sql.js';
import { PostgresIngest } from './ingest.js';
import { deleteReadingsBefore, readingsFromBlocks, seriesWithFreshHeads } from './pg-blocks.js';
import { openPool } from './pool.js';
import { quoteSchema } from './schema.js';
import { logger } from '../../../core/logger.js';
import { deleteCoarseBefore } from './pg-coarse.js';
import { seriesSql, statsSql } from './rollup-reads.js';

const SERIES_COLUMNS = 's.node, s.sensor, s.kind, s.unit, s.location';
/** Ingest quiet for this long: merge fresh head blocks (see `flush`). */
const IDLE_FLUSH_MS = 400;

export interface PostgresStoreOptions {
  /** PostgreSQL schema holding the tables (created if missing). Default `bruno`. */
  schema?: string;
  /** Connections in this replica's pool. Default 10. */
  poolSize?: number;
  /**
   * false: series and stats read the 5-minute rows only (the coarse tier is still kept) — the
   * reference the tier is checked against. Default true.
   */
  tiers?: boolean;
}

/**
 * agent-bruno's store on PostgreSQL, for scaling out: several studio replicas can share one database,
 * since all state (including dedupe) lives in it. Same behaviour as the embedded SQLite store.
 * @example
 * const store = new PostgresStore('postgres://bruno@db:5432/homelab', { schema: 'bruno', poolSize: 20 });
 * await store.open();
 * await store.ingest([{ event, readings }]); // ['stored']
 * await store.close();
 */
export class PostgresStore implements StudioStore {
  readonly engine = 'postgres';
  private pool?: Pool;
  private writer?: PostgresIngest;
  /** The quoted schema name, set by open(). */
  private s = '';
  private idle?: NodeJS.Timeout;
  private flushing?: Promise<unknown>;

  /** Only keeps the settings: nothing connects until `open()`. */
  constructor(private readonly url: string, private readonly options: PostgresStoreOptions = {}) {}

  /** Creates the pool and, idempotently, the schema and its tables. */
  async open(): Promise<void> {
    if (this.pool) return; // already open: a second pool would leak the first one's connections
    const name = this.options.schema ?? 'bruno';
    const s = quoteSchema(name);
    const pool = await openPool(this.url, name, s, this.options.poolSize ?? 10);
    this.pool = pool;
    this.s = s;
    this.writer = new PostgresIngest(pool, s);
  }

  async close(): Promise<void> {
    clearTimeout(this.idle);
    await this.flushing;
    if (this.pool) await this.flush().catch((err: Error) => logger('store').warn({ err }, 'flush on close failed'));
    const pool = this.pool;
    this.pool = undefined;
    this.writer = undefined;
    await pool?.end();
  }

  async enforceRetention(p: RetentionPolicy): Promise<Record<string, number>> {
    if (!this.pool) throw new Error('PostgresStore used before open()');
    const out: Record<string, number> = { readings: await deleteReadingsBefore(this.pool, this.s, Math.round(p.now - p.rawMs)) };
    const client = await this.pool.connect();
    try {
      // One transaction: the coarse tier follows its 5-minute rows (wholly deleted rows go, the one cut is recomputed).
      await client.query('BEGIN');
      for (const [table, column, keep] of [['events', 'received', 'raw'], ['anomalies', 'ts', 'raw'], ['health', 'ts', 'raw'], ['rollups', 'bucket', 'rollup']] as const) {
        const before = Math.round(p.now - (keep === 'raw' ? p.rawMs : p.rollupMs));
        out[table] = (await client.query(`DELETE FROM ${this.s}.${table} WHERE ${column} < $1`, [before])).rowCount ?? 0;
      }
      out.rollups_30m = await deleteCoarseBefore(client, this.s, Math.round(p.now - p.rollupMs));
      await client.query('COMMIT');
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw err;
    } finally {
      client.release();
    }
    return out;
  }

  private async rows<T extends QueryResultRow>(sql: string, params: unknown[] = []): Promise<T[]> {
    if (!this.pool) throw new Error('PostgresStore used before open()');
    return (await this.pool.query<T>(sql, params)).rows;
  }

  async ingest(items: IngestItem[]): Promise<IngestStatus[]> {
    if (!this.writer) throw new Error('PostgresStore used before open()');
    const statuses = await this.writer.run(items);
    clearTimeout(this.idle);
    this.idle = setTimeout(() => {
      this.flushing = this.flush().catch((err: Error) => logger('store').warn({ err }, 'idle flush failed (retried after the next ingest)'));
    }, IDLE_FLUSH_MS);
    this.idle.unref();
    return statuses;
  }

  /**
   * Merges each series' fresh head blocks into one (ingest had been quiet for {@link IDLE_FLUSH_MS},
   * or the store closes), so the newest readings take little more room than sealed ones.
   */
  async flush(): Promise<{ merged: number }> {
    if (!this.pool || !this.writer) return { merged: 0 };
    return { merged: await this.writer.flushHeads(await seriesWithFreshHeads(this.pool, this.s)) };
  }

  async catalog(): Promise<Catalog> {
    const s = this.s;
    const names = async (sql: string) => (await this.rows<{ name: string }>(sql)).map((r) => r.name);
    const [nodes, locations, kinds, series] = await Promise.all([
      names(`SELECT node AS name FROM ${s}.nodes ORDER BY node`),
      names(`SELECT location AS name FROM ${s}.series WHERE location IS NOT NULL
        UNION SELECT location FROM ${s}.nodes WHERE location IS NOT NULL ORDER BY 1`),
      names(`SELECT DISTINCT kind AS name FROM ${s}.series ORDER BY 1`),
      this.latest({}),
    ]);
    return { nodes, locations, kinds, series };
  }

  async latest(filter: SeriesFilter): Promise<SeriesInfo[]> {
    const params: unknown[] = [];
    const where = seriesWhere(filter, 's', params);
    return this.rows<SeriesInfo>(`
      SELECT ${SERIES_COLUMNS}, s.first_seen AS "firstSeen", s.last_ts AS "lastTs", s.last_value AS "lastValue"
      FROM ${this.s}.series s WHERE ${where} ORDER BY s.node, s.sensor`, params);
  }

  async readings(f: SeriesFilter & TimeRange & { limit?: number }): Promise<ReadingRow[]> {
    if (!this.pool) throw new Error('PostgresStore used before open()');
    return readingsFromBlocks(this.pool, this.s, f);
  }

  async series(f: SeriesFilter & TimeRange & { stepMs: number }): Promise<SeriesPoint[]> {
    const q = seriesSql(this.s, f, this.options.tiers ?? true);
    return this.rows<SeriesPoint>(q.sql, q.params);
  }

  async stats(f: SeriesFilter & TimeRange): Promise<SeriesStats[]> {
    const q = statsSql(this.s, f, this.options.tiers ?? true);
    return this.rows<SeriesStats>(q.sql, q.params);
  }

  async anomalies(f: SeriesFilter & TimeRange & { minSeverity?: Severity; limit?: number }): Promise<AnomalyRow[]> {
    const params: unknown[] = [];
    const where = seriesWhere(f, 'a', params);
    const levels = SEVERITIES.slice(SEVERITIES.indexOf(f.minSeverity ?? 'normal'));
    const rows = await this.rows<Record<string, unknown>>(`
      SELECT a.event_id AS "eventId", a.node, a.sensor, a.kind, a.unit, a.location, a.ts, a.value, a.score, a.severity,
        a.reason, a.reading_id, a.explanation
      FROM ${this.s}.anomalies a
      WHERE ${where} AND a.ts >= ${param(params, ms(f.from))} AND a.ts < ${param(params, ms(f.to))}
        AND a.severity = ANY(${param(params, levels)}::text[])
      ORDER BY a.ts DESC, a.id DESC LIMIT ${param(params, Math.floor(f.limit ?? 1000))}`, params);
    // Absent optional fields are left out, as the SQLite store does, rather than given as null.
    return rows.map((r) => withoutNulls(r) as unknown as AnomalyRow);
  }

  async anomaliesAfter(seq: number, limit: number): Promise<SequencedAnomaly[]> {
    // Ids are drawn in insert order but transactions commit in any order; ingest therefore holds an
    // advisory lock from drawing them to commit (see PostgresIngest), so a visible id has no lower
    // id still to appear.
    const rows = await this.rows<Record<string, unknown>>(`
      SELECT a.id AS seq, a.event_id AS "eventId", a.node, a.sensor, a.kind, a.unit, a.location, a.ts, a.value, a.score, a.severity,
        a.reason, a.reading_id, a.explanation
      FROM ${this.s}.anomalies a WHERE a.id > $1 ORDER BY a.id LIMIT $2`, [Math.floor(seq), Math.max(0, Math.floor(limit))]);
    return rows.map(({ seq: n, ...r }) => ({ seq: n as number, anomaly: withoutNulls(r) as unknown as AnomalyRow }));
  }

  async healthHistory(node: string, range: TimeRange): Promise<HealthRow[]> {
    const rows = await this.rows<Omit<HealthRow, 'location'> & { location: string | null }>(`
      SELECT h.node, h.ts, h.cpu_pct, h.mem_pct, h.temp_c, h.disk_pct, h.top, n.location
      FROM ${this.s}.health h LEFT JOIN ${this.s}.nodes n ON n.node = h.node
      WHERE h.node = $1 AND h.ts >= $2 AND h.ts < $3 ORDER BY h.ts`, [node, ms(range.from), ms(range.to)]);
    return rows.map((r) => ({ ...r, location: r.location ?? undefined }));
  }

  async nodes(): Promise<NodeRow[]> {
    // jsonb comes back parsed, so `health` is already a Health object (or null).
    return this.rows<NodeRow>(`
      SELECT node, location, first_seen AS "firstSeen", last_seen AS "lastSeen", health
      FROM ${this.s}.nodes ORDER BY node`);
  }

  async counts(): Promise<StoreCounts> {
    const s = this.s;
    const [row] = await this.rows<StoreCounts>(`SELECT
      (SELECT count(*) FROM ${s}.events) AS events, (SELECT coalesce(sum(count), 0)::bigint FROM ${s}.blocks) AS readings,
      (SELECT count(*) FROM ${s}.anomalies) AS anomalies, (SELECT count(*) FROM ${s}.health) AS health,
      (SELECT count(*) FROM ${s}.nodes) AS nodes`);
    return row!;
  }
}

/**
 * A range bound as the integer the bigint columns compare with. Rounding up keeps the meaning for
 * integer timestamps: `ts >= 1.5` is `ts >= 2`, and `ts < 2.5` is `ts < 3`.
 */
const ms = (bound: number): number => Math.ceil(bound);

function withoutNulls(row: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(row).filter(([, v]) => v !== null));
}
