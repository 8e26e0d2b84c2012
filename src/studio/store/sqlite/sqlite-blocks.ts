import type Database from 'better-sqlite3';
import {
  decodePoints, encodePoints, headBlock, MAX_HEAD_BLOCKS, mergePoints, pointsSince, SEAL, SEALED, HEAD, type Points, type StoredBlock,
} from '../blocks.js';
import type { SeriesColumns } from '../columns.js';
import type { SeriesBlockRef } from '../read-blocks.js';

/** A series' open head: its blocks below level sealed, and the readings in them. */
interface Head { blocks: number; fresh: number; readings: number }


/**
 * The `blocks` table of the SQLite store: appending head blocks, merging a series' head into
 * sealed blocks (in the ingest transaction, once due), merging fresh head blocks when ingest goes
 * idle, reading blocks back and trimming them for retention. Head sizes are kept in memory
 * (loaded at open) so the hot path never counts rows.
 * @example
 * const blocks = new SqliteBlocks(db);
 * blocks.append(seriesId, columns); // inside the ingest transaction
 */
export class SqliteBlocks {
  private readonly heads = new Map<number, Head>();
  private readonly sql;

  constructor(private readonly db: Database.Database) {
    this.sql = {
      insert: db.prepare('INSERT INTO blocks (series_id, level, t_min, t_max, count, data, ids) VALUES (?, ?, ?, ?, ?, ?, ?)'),
      headBlocks: db.prepare(`SELECT id, level, t_min, data, ids FROM blocks WHERE series_id = ? AND level < ${SEALED} ORDER BY id`),
      freshBlocks: db.prepare(`SELECT id, level, t_min, data, ids FROM blocks WHERE series_id = ? AND level = ${HEAD} AND level < ${SEALED} ORDER BY id`),
      delete: db.prepare('DELETE FROM blocks WHERE id = ?'),
      data: db.prepare('SELECT data, ids FROM blocks WHERE id = ?'),
      heads: db.prepare(`SELECT series_id AS id, count(*) AS blocks, sum(level = ${HEAD}) AS fresh, sum(count) AS readings FROM blocks WHERE level < ${SEALED} GROUP BY series_id`),
      straddling: db.prepare('SELECT id, level, t_min, data, ids FROM blocks WHERE t_max >= ? AND t_min < ?'),
      expiredCount: db.prepare('SELECT coalesce(sum(count), 0) FROM blocks WHERE t_max < ?').pluck(),
      deleteExpired: db.prepare('DELETE FROM blocks WHERE t_max < ?'),
      update: db.prepare('UPDATE blocks SET t_min = ?, t_max = ?, count = ?, data = ?, ids = ? WHERE id = ?'),
      total: db.prepare('SELECT coalesce(sum(count), 0) FROM blocks').pluck(),
    };
    this.reload();
  }

  /** Re-reads head sizes (after open, retention or a migration). */
  reload(): void {
    this.heads.clear();
    for (const r of this.sql.heads.all() as (Head & { id: number })[]) this.heads.set(r.id, { blocks: r.blocks, fresh: r.fresh, readings: r.readings });
  }

  /** Appends one head block for `seriesId`; merges the head into sealed blocks once it is due. Runs in the caller's transaction. */
  append(seriesId: number, cols: SeriesColumns): void {
    this.insert(seriesId, HEAD, headBlock(cols));
    const h = this.heads.get(seriesId) ?? { blocks: 0, fresh: 0, readings: 0 };
    h.blocks++;
    h.fresh++;
    h.readings += cols.ts.length;
    this.heads.set(seriesId, h);
    if (h.readings >= SEAL || h.blocks >= MAX_HEAD_BLOCKS) this.merge(seriesId, true);
  }

  /**
   * Ingest went quiet: each series' fresh head blocks (as ingest wrote them, one per transaction)
   * become one compressed head block, so the newest readings take little more room than sealed
   * ones. Merged head blocks are left alone: a trickle of events rewrites each reading a bounded
   * number of times. Answers how many series it merged.
   */
  flushHeads(): number {
    let merged = 0;
    const due = [...this.heads].filter(([, h]) => h.fresh >= 2).map(([id]) => id);
    if (!due.length) return 0;
    this.db.transaction(() => {
      for (const id of due) if (this.merge(id, false)) merged++;
    })();
    return merged;
  }

  /** Block references a query selects (id, t_min, t_max, count and series columns), oldest start first. */
  refs(sql: string, params: unknown[]): SeriesBlockRef[] {
    const rows = this.db.prepare(sql).all(...params) as SeriesBlockRef[];
    return rows.sort((a, b) => a.tMin - b.tMin || a.id - b.id);
  }

  /** The points of one block. */
  points(ref: SeriesBlockRef): Points & { ts: number[]; values: number[] } {
    const row = this.sql.data.get(ref.id) as { data: Buffer; ids: Buffer | null } | undefined;
    if (!row) return { ts: [], values: [] }; // deleted by a merge since the refs were read
    return decodePoints(row.data, ref.tMin, row.ids);
  }

  total(): number {
    return this.sql.total.get() as number;
  }

  /** Deletes readings older than `cutoff`: whole blocks, and the old part of blocks straddling it. Answers readings removed. */
  deleteBefore(cutoff: number): number {
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
    if (removed > 0) this.reload();
    return removed;
  }

  /** Merges the head of a series (all of it, sealing; or its fresh blocks only). Answers whether it did. */
  private merge(seriesId: number, seal: boolean): boolean {
    const rows = (seal ? this.sql.headBlocks : this.sql.freshBlocks).all(seriesId) as { id: number; level: number; t_min: number; data: Buffer; ids: Buffer | null }[];
    if (rows.length < (seal ? 1 : 2)) return false;
    const parts = rows.map((r) => decodePoints(r.data, r.t_min, r.ids));
    for (const r of rows) this.sql.delete.run(r.id);
    const outputs = mergePoints(parts, seal);
    for (const out of outputs) this.insert(seriesId, out.level, out.block);
    const h = this.heads.get(seriesId) ?? { blocks: 0, fresh: 0, readings: 0 };
    if (seal) this.heads.delete(seriesId);
    else {
      h.blocks -= rows.length;
      h.fresh = 0;
      for (const p of parts) h.readings -= p.ts.length;
      for (const out of outputs) if (out.level < SEALED) { h.blocks++; h.readings += out.block.count; }
      if (h.blocks > 0) this.heads.set(seriesId, h);
      else this.heads.delete(seriesId);
    }
    return true;
  }

  private insert(seriesId: number, level: number, b: StoredBlock): void {
    this.sql.insert.run(seriesId, level, b.tMin, b.tMax, b.count, b.data, b.ids);
  }
}
