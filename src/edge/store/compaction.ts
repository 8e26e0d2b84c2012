import type Database from 'better-sqlite3';
import { decodeBlock, encodeBlock, type BlockPoints } from '../../core/codec/block.js';

/**
 * Blocks with fewer readings than this are "small" and get merged. A flush writes one block per
 * series, so a node with few, slow sensors writes blocks of ~12 readings whose row overhead
 * (~40 bytes) would dominate; merging them brings a 5 s sensor from ~9 to ~3 bytes per reading.
 * Part of the partial index in schema.ts, hence a constant.
 */
export const SMALL_BLOCK = 720;
/** Merge a series' small blocks once they hold a full block, or once there are this many. */
const MAX_SMALL_BLOCKS = 64;

interface Small { blocks: number; readings: number }

/**
 * Merges each series' small blocks into one, once they would fill a block (so each reading is
 * rewritten about once) or once too many pile up (slow sensors). Runs inside the flush transaction.
 * @example
 * const compactor = new Compactor(db);
 * compactor.load();
 * compactor.added(seriesId, block.count); // after inserting a block; returns blocks removed
 */
export class Compactor {
  private readonly small = new Map<number, Small>();
  private stmts?: ReturnType<Compactor['prepare']>;

  constructor(private readonly db: Database.Database) {}

  load(): void {
    this.stmts = this.prepare();
    const rows = this.db.prepare(`SELECT series_id AS id, count(*) AS blocks, sum(n) AS readings FROM blocks WHERE n < ${SMALL_BLOCK} GROUP BY series_id`).all() as (Small & { id: number })[];
    for (const r of rows) this.small.set(r.id, { blocks: r.blocks, readings: r.readings });
  }

  /** Notes a block just written; merges the series' small blocks when due. Returns how many rows went away. */
  added(seriesId: number, count: number): number {
    if (count >= SMALL_BLOCK) return 0;
    const s = this.small.get(seriesId) ?? { blocks: 0, readings: 0 };
    s.blocks++;
    s.readings += count;
    this.small.set(seriesId, s);
    if (s.blocks < 2 || (s.readings < SMALL_BLOCK && s.blocks < MAX_SMALL_BLOCKS)) return 0;
    return this.merge(seriesId);
  }

  /** Retention or the bound deleted blocks: recount from the partial index. */
  forget(): void {
    this.small.clear();
    this.load();
  }

  private merge(seriesId: number): number {
    const sql = this.stmts!;
    const rows = sql.smallBlocks.all(seriesId) as { id: number; t_min: number; n: number; data: Buffer }[];
    if (rows.length < 2) {
      // The counts were stale (retention or the bound removed blocks): resync this series only.
      this.small.set(seriesId, { blocks: rows.length, readings: rows[0]?.n ?? 0 });
      return 0;
    }
    const merged: BlockPoints = { ts: [], values: [], marks: [] };
    for (const row of rows) {
      const b = decodeBlock(row.data, row.t_min);
      const offset = merged.ts.length;
      for (const m of b.marks) merged.marks.push({ ...m, index: m.index + offset });
      for (let i = 0; i < b.ts.length; i++) { merged.ts.push(b.ts[i]!); merged.values.push(b.values[i]!); }
      sql.deleteBlock.run(row.id);
    }
    const block = encodeBlock(merged);
    sql.insertBlock.run(seriesId, block.tMin, block.tMax, block.count, block.data);
    this.small.set(seriesId, block.count < SMALL_BLOCK ? { blocks: 1, readings: block.count } : { blocks: 0, readings: 0 });
    return rows.length - 1;
  }

  private prepare() {
    return {
      smallBlocks: this.db.prepare(`SELECT id, t_min, n, data FROM blocks WHERE series_id = ? AND n < ${SMALL_BLOCK} ORDER BY id`),
      deleteBlock: this.db.prepare('DELETE FROM blocks WHERE id = ?'),
      insertBlock: this.db.prepare('INSERT INTO blocks (series_id, t_min, t_max, n, data) VALUES (?, ?, ?, ?, ?)'),
    };
  }
}
