import type { ClockSync, Reading } from '../../core/schemas.js';
import { SqliteRepository } from '../sqlite-file.js';
import type { HeldKey, HeldReading, HeldReadingsRepository } from './held-readings.js';

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS held_readings (source TEXT NOT NULL, event_id TEXT NOT NULL, idx INTEGER NOT NULL,
    node TEXT NOT NULL, ts INTEGER NOT NULL, reading TEXT NOT NULL, received_at INTEGER NOT NULL, PRIMARY KEY (source, event_id, idx));
  CREATE INDEX IF NOT EXISTS held_readings_node_ts ON held_readings (node, ts);
  CREATE INDEX IF NOT EXISTS held_readings_received ON held_readings (received_at);
  CREATE TABLE IF NOT EXISTS clock_corrections (node TEXT NOT NULL, from_ts INTEGER NOT NULL, until_ts INTEGER NOT NULL,
    offset_ms INTEGER NOT NULL, ts INTEGER NOT NULL, at INTEGER NOT NULL, PRIMARY KEY (node, from_ts, until_ts));`;

interface Row { source: string; event_id: string; idx: number; reading: string; received_at: number }
interface CorrectionRow { node: string; from_ts: number; until_ts: number; offset_ms: number; ts: number }
const toHeld = (r: Row): HeldReading => ({ source: r.source, eventId: r.event_id, index: r.idx, reading: JSON.parse(r.reading) as Reading, receivedAt: r.received_at });
const toCorrection = (r: CorrectionRow): ClockSync => ({ node: r.node, from: r.from_ts, until: r.until_ts, offset_ms: r.offset_ms, ts: r.ts });

/**
 * Held readings in a SQLite file (the embedded studio's `held.db`).
 * @example
 * const repo = new SqliteHeldReadings('./data/held.db'); await repo.open();
 */
export class SqliteHeldReadings extends SqliteRepository implements HeldReadingsRepository {
  constructor(path: string) {
    super(path, SCHEMA, 'FULL');
  }

  async hold(rows: HeldReading[]): Promise<number> {
    const insert = this.db.prepare('INSERT INTO held_readings (source, event_id, idx, node, ts, reading, received_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING');
    return this.db.transaction(() => rows.reduce((n, r) => n + insert.run(r.source, r.eventId, r.index, r.reading.node, r.reading.ts, JSON.stringify(r.reading), r.receivedAt).changes, 0))();
  }

  async count(): Promise<number> {
    return (this.db.prepare('SELECT count(*) AS n FROM held_readings').get() as { n: number }).n;
  }

  async take(node: string, from: number, until: number, limit: number): Promise<HeldReading[]> {
    const rows = this.db.prepare(`SELECT source, event_id, idx, reading, received_at FROM held_readings
      WHERE node = ? AND ts BETWEEN ? AND ? ORDER BY source, event_id, idx LIMIT ?`).all(node, from, until, limit + 1) as Row[];
    return wholeEvents(rows.map(toHeld), limit);
  }

  async remove(rows: HeldKey[]): Promise<void> {
    const del = this.db.prepare('DELETE FROM held_readings WHERE source = ? AND event_id = ? AND idx = ?');
    this.db.transaction(() => { for (const r of rows) del.run(r.source, r.eventId, r.index); })();
  }

  async saveCorrection(c: ClockSync, at: number): Promise<void> {
    this.db.prepare(`INSERT INTO clock_corrections (node, from_ts, until_ts, offset_ms, ts, at) VALUES (?, ?, ?, ?, ?, ?)
      ON CONFLICT (node, from_ts, until_ts) DO UPDATE SET offset_ms = excluded.offset_ms, ts = excluded.ts, at = excluded.at`)
      .run(c.node, c.from, c.until, c.offset_ms, c.ts, at);
  }

  async corrections(node: string): Promise<ClockSync[]> {
    return (this.db.prepare('SELECT * FROM clock_corrections WHERE node = ? ORDER BY at DESC').all(node) as CorrectionRow[]).map(toCorrection);
  }

  async allCorrections(): Promise<ClockSync[]> {
    return (this.db.prepare('SELECT * FROM clock_corrections ORDER BY at').all() as CorrectionRow[]).map(toCorrection);
  }

  async expire(before: number): Promise<number> {
    return this.db.transaction(() => {
      this.db.prepare('DELETE FROM clock_corrections WHERE at < ?').run(before);
      return this.db.prepare('DELETE FROM held_readings WHERE received_at < ?').run(before).changes;
    })();
  }
}

/**
 * Cuts a page of rows (ordered by event, one more than `limit` asked for) at an event boundary, so
 * an event's held readings are always corrected together (they are stored as one event).
 */
export function wholeEvents(rows: HeldReading[], limit: number): HeldReading[] {
  if (rows.length <= limit) return rows;
  const last = rows[limit]!;
  let end = limit;
  while (end > 0 && rows[end - 1]!.source === last.source && rows[end - 1]!.eventId === last.eventId) end--;
  // A page is never smaller than an event can be (the service pages by the batch limit, 10,000).
  return rows.slice(0, end > 0 ? end : limit);
}
