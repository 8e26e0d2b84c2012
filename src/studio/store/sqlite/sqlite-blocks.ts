import type Database from 'better-sqlite3';
import { decodePoints, encodePoints, mergePoints, pointsSince, SEALED, HEAD, type Points, type StoredBlock } from '../blocks.js';
import { decodeHeadLog, encodeHeadLog, SeriesHead, type HeadEntry } from '../head.js';
import type { SeriesBlockRef } from '../read-blocks.js';

/**
 * Readings held in the open heads before they are sealed into blocks by themselves (besides on
 * idle and on close): bounds the head's memory (~17 bytes a reading) and its log rows. Large
 * enough that 50 busy series seal blocks of over a thousand readings each.
 */
export const HEAD_LIMIT = 131_072;

/**
 * The raw readings of the SQLite store: sealed compressed blocks in `blocks`, and each series'
 * open head in memory ({@link SeriesHead}), made durable by one `head_log` row per ingest
 * transaction. Sealing ({@link SqliteBlocks.seal}) turns every head into blocks and deletes the
 * log rows in one transaction; opening reads the log back, so a kill -9 loses nothing committed.
 * @example
 * const blocks = new SqliteBlocks(db);
 * blocks.log(entries);    // inside the ingest transaction
 * blocks.absorb(entries); // after it committed
 */
export class SqliteBlocks {
  private readonly heads = new Map<number, SeriesHead>();
  private headReadings = 0;
  private readonly sql;

  constructor(private readonly db: Database.Database) {
    this.sql = {
      insert: db.prepare('INSERT INTO blocks (series_id, level, t_min, t_max, count, data, ids) VALUES (?, ?, ?, ?, ?, ?, ?)'),
      openBlocks: db.prepare(`SELECT id, level, t_min, data, ids FROM blocks WHERE series_id = ? AND level < ${SEALED} ORDER BY id`),
      delete: db.prepare('DELETE FROM blocks WHERE id = ?'),
      data: db.prepare('SELECT data, ids FROM blocks WHERE id = ?'),
      logInsert: db.prepare('INSERT INTO head_log (data) VALUES (?)'),
      logAll: db.prepare('SELECT data FROM head_log ORDER BY id').pluck(),
      logClear: db.prepare('DELETE FROM head_log'),
      straddling: db.prepare('SELECT id, level, t_min, data, ids FROM blocks WHERE t_max >= ? AND t_min < ?'),
      expiredCount: db.prepare('SELECT coalesce(sum(count), 0) FROM blocks WHERE t_max < ?').pluck(),
      deleteExpired: db.prepare('DELETE FROM blocks WHERE t_max < ?'),
      update: db.prepare('UPDATE blocks SET t_min = ?, t_max = ?, count = ?, data = ?, ids = ? WHERE id = ?'),
      total: db.prepare('SELECT coalesce(sum(count), 0) FROM blocks').pluck(),
    };
    this.reload();
  }

  /** Rebuilds the heads from the log (after open): what was committed but not yet sealed. */
  reload(): void {
    this.heads.clear();
    this.headReadings = 0;
    for (const data of this.sql.logAll.all() as Buffer[]) this.absorb(decodeHeadLog(data));
  }

  /** Makes one transaction's head readings durable: one log row. Runs in the caller's transaction. */
  log(entries: readonly HeadEntry[]): void {
    if (entries.length) this.sql.logInsert.run(encodeHeadLog(entries));
  }

  /** Adds committed readings to the heads (after the transaction that logged them). */
  absorb(entries: readonly HeadEntry[]): void {
    for (const { seriesId, cols } of entries) {
      let h = this.heads.get(seriesId);
      if (!h) this.heads.set(seriesId, (h = new SeriesHead()));
      h.append(cols);
      this.headReadings += cols.ts.length;
    }
  }

  /** True once the heads hold {@link HEAD_LIMIT} readings: time to seal. */
  get full(): boolean {
    return this.headReadings >= HEAD_LIMIT;
  }

  /**
   * Seals every head: per series, its head and its open blocks (a slow series' remainder, or a
   * head block of an older version) merge into sealed blocks — whole UTC days, or {@link SEAL}
   * readings — and at most one open block for the newest day; the log is emptied in the same
   * transaction. Answers how many series it wrote.
   */
  seal(): number {
    if (this.heads.size === 0) return 0;
    const heads = [...this.heads];
    this.db.transaction(() => {
      for (const [seriesId, head] of heads) {
        const rows = this.sql.openBlocks.all(seriesId) as { id: number; level: number; t_min: number; data: Buffer; ids: Buffer | null }[];
        const parts: Points[] = rows.map((r) => decodePoints(r.data, r.t_min, r.ids));
        parts.push(head.points());
        for (const r of rows) this.sql.delete.run(r.id);
        for (const out of mergePoints(parts, false)) this.insert(seriesId, out.level, out.block);
      }
      this.sql.logClear.run();
    })();
    this.heads.clear();
    this.headReadings = 0;
    return heads.length;
  }

  /** Same as {@link seal}: ingest went quiet (the store's idle flush). */
  flushHeads(): number {
    return this.seal();
  }

  /** The open head of a series overlapping [from, to), if any: its bounds and (frozen) points. */
  head(seriesId: number, from: number, to: number): { tMin: number; tMax: number; count: number; points: Points } | undefined {
    const h = this.heads.get(seriesId);
    if (!h || h.n === 0 || h.tMax < from || h.tMin >= to) return undefined;
    return { tMin: h.tMin, tMax: h.tMax, count: h.n, points: h.points() };
  }

  /** Series ids that have an open head. */
  headSeries(): number[] {
    return [...this.heads.keys()];
  }

  /** The points of one block. */
  points(ref: SeriesBlockRef): Points {
    const row = this.sql.data.get(ref.id) as { data: Buffer; ids: Buffer | null } | undefined;
    if (!row) return { ts: [], values: [] }; // deleted by a seal since the refs were read
    return decodePoints(row.data, ref.tMin, row.ids);
  }

  total(): number {
    return (this.sql.total.get() as number) + this.headReadings;
  }

  /** Deletes readings older than `cutoff`: whole blocks, and the old part of blocks straddling it. Answers readings removed. */
  deleteBefore(cutoff: number): number {
    this.seal(); // the heads' old readings go the same way as the blocks'
    let removed = this.sql.expiredCount.get(cutoff) as number;
    this.db.transaction(() => {
      this.sql.deleteExpired.run(cutoff);
      for (const row of this.sql.straddling.all(cutoff, cutoff) as { id: number; level: number; t_min: number; data: Buffer; ids: Buffer | null }[]) {
        const all = decodePoints(row.data, row.t_min, row.ids);
        const kept = pointsSince(all, cutoff);
        removed += all.ts.length - kept.ts.length;
        const b = encodePoints(kept, { deflate: row.level > HEAD });
        this.sql.update.run(b.tMin, b.tMax, b.count, b.data, b.ids, row.id);
      }
    })();
    return removed;
  }

  private insert(seriesId: number, level: number, b: StoredBlock): void {
    this.sql.insert.run(seriesId, level, b.tMin, b.tMax, b.count, b.data, b.ids);
  }
}
