import type { ClockSync, Reading } from '../../core/schemas.js';
import { SchemaRepository } from '../store/postgres/pool.js';
import type { HeldKey, HeldReading, HeldReadingsRepository } from './held-readings.js';
import { wholeEvents } from './sqlite-held-readings.js';

type Ms = string | number;
interface Row { source: string; event_id: string; idx: number; reading: Reading; received_at: Ms }
interface CorrectionRow { node: string; from_ts: Ms; until_ts: Ms; offset_ms: Ms; ts: Ms }
const toHeld = (r: Row): HeldReading => ({ source: r.source, eventId: r.event_id, index: r.idx, reading: r.reading, receivedAt: Number(r.received_at) });
const toCorrection = (r: CorrectionRow): ClockSync => ({ node: r.node, from: Number(r.from_ts), until: Number(r.until_ts), offset_ms: Number(r.offset_ms), ts: Number(r.ts) });

/**
 * Held readings in PostgreSQL, shared by every replica (the replica that takes a node's clock
 * correction corrects what any of them held).
 * @example
 * const repo = new PostgresHeldReadings(process.env.DATABASE_URL!, 'bruno'); await repo.open();
 */
export class PostgresHeldReadings extends SchemaRepository implements HeldReadingsRepository {
  constructor(url: string, schema = 'bruno') {
    super(url, 'PostgresHeldReadings', schema, 2, (s) => ({ lockKey: `homelab-held:${s}`, migration: `CREATE SCHEMA IF NOT EXISTS ${s};
        CREATE TABLE IF NOT EXISTS ${s}.held_readings (source text NOT NULL, event_id text NOT NULL, idx integer NOT NULL,
          node text NOT NULL, ts bigint NOT NULL, reading jsonb NOT NULL, received_at bigint NOT NULL, PRIMARY KEY (source, event_id, idx));
        CREATE INDEX IF NOT EXISTS held_readings_node_ts ON ${s}.held_readings (node, ts);
        CREATE INDEX IF NOT EXISTS held_readings_received ON ${s}.held_readings (received_at);
        CREATE TABLE IF NOT EXISTS ${s}.clock_corrections (node text NOT NULL, from_ts bigint NOT NULL, until_ts bigint NOT NULL,
          offset_ms bigint NOT NULL, ts bigint NOT NULL, at bigint NOT NULL, PRIMARY KEY (node, from_ts, until_ts));` }));
  }

  async hold(rows: HeldReading[]): Promise<number> {
    if (rows.length === 0) return 0;
    // One statement per call: the rows as arrays, unnested (a batch holds at most 10,000).
    const r = await this.db.query(`INSERT INTO ${this.s}.held_readings (source, event_id, idx, node, ts, reading, received_at)
      SELECT * FROM unnest($1::text[], $2::text[], $3::int[], $4::text[], $5::bigint[], $6::jsonb[], $7::bigint[]) ON CONFLICT DO NOTHING`, [
      rows.map((x) => x.source), rows.map((x) => x.eventId), rows.map((x) => x.index), rows.map((x) => x.reading.node),
      rows.map((x) => x.reading.ts), rows.map((x) => JSON.stringify(x.reading)), rows.map((x) => x.receivedAt),
    ]);
    return r.rowCount ?? 0;
  }

  async count(): Promise<number> {
    const r = await this.db.query<{ n: string }>(`SELECT count(*) AS n FROM ${this.s}.held_readings`);
    return Number(r.rows[0]!.n);
  }

  async take(node: string, from: number, until: number, limit: number): Promise<HeldReading[]> {
    const r = await this.db.query<Row>(`SELECT source, event_id, idx, reading, received_at FROM ${this.s}.held_readings
      WHERE node = $1 AND ts BETWEEN $2 AND $3 ORDER BY source, event_id, idx LIMIT $4`, [node, from, until, limit + 1]);
    return wholeEvents(r.rows.map(toHeld), limit);
  }

  async remove(rows: HeldKey[]): Promise<void> {
    if (rows.length === 0) return;
    await this.db.query(`DELETE FROM ${this.s}.held_readings h USING unnest($1::text[], $2::text[], $3::int[]) AS k(source, event_id, idx)
      WHERE h.source = k.source AND h.event_id = k.event_id AND h.idx = k.idx`, [rows.map((x) => x.source), rows.map((x) => x.eventId), rows.map((x) => x.index)]);
  }

  async saveCorrection(c: ClockSync, at: number): Promise<void> {
    await this.db.query(`INSERT INTO ${this.s}.clock_corrections (node, from_ts, until_ts, offset_ms, ts, at) VALUES ($1, $2, $3, $4, $5, $6)
      ON CONFLICT (node, from_ts, until_ts) DO UPDATE SET offset_ms = EXCLUDED.offset_ms, ts = EXCLUDED.ts, at = EXCLUDED.at`,
    [c.node, c.from, c.until, c.offset_ms, c.ts, at]);
  }

  async corrections(node: string): Promise<ClockSync[]> {
    const r = await this.db.query<CorrectionRow>(`SELECT * FROM ${this.s}.clock_corrections WHERE node = $1 ORDER BY at DESC`, [node]);
    return r.rows.map(toCorrection);
  }

  async allCorrections(): Promise<ClockSync[]> {
    const r = await this.db.query<CorrectionRow>(`SELECT * FROM ${this.s}.clock_corrections ORDER BY at`);
    return r.rows.map(toCorrection);
  }

  async expire(before: number): Promise<number> {
    await this.db.query(`DELETE FROM ${this.s}.clock_corrections WHERE at < $1`, [before]);
    const r = await this.db.query(`DELETE FROM ${this.s}.held_readings WHERE received_at < $1`, [before]);
    return r.rowCount ?? 0;
  }
}
