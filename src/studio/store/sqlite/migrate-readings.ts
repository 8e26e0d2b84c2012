import type Database from 'better-sqlite3';
import { levelOf } from '../columns.js';
import { mergePoints } from '../blocks.js';
import type { Severity } from '../../../core/severity.js';

interface OldRow { series_id: number; ts: number; value: number; severity: Severity | null; score: number | null; rid: string | null }

/**
 * Moves the raw readings of a file written before blocks (one `readings` row per reading) into
 * sealed blocks, one series at a time, then drops the old table — in one transaction, so a crash
 * leaves the file as it was. Nothing to do on a file that never had the table.
 * @example
 * migrateReadingsToBlocks(db); // after SQLITE_SCHEMA
 */
export function migrateReadingsToBlocks(db: Database.Database): number {
  const exists = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'readings'").get();
  if (!exists) return 0;
  const insert = db.prepare('INSERT INTO blocks (series_id, level, t_min, t_max, count, data, ids) VALUES (?, ?, ?, ?, ?, ?, ?)');
  let moved = 0;
  db.transaction(() => {
    let current: number | undefined;
    let rows: OldRow[] = [];
    const flush = () => {
      if (current === undefined || rows.length === 0) return;
      const marked = rows.some((r) => r.severity !== null || r.score !== null);
      const withIds = rows.some((r) => r.rid !== null);
      const outputs = mergePoints([{
        ts: rows.map((r) => r.ts), values: rows.map((r) => r.value),
        ...(marked ? { levels: rows.map((r) => levelOf(r.severity ?? undefined)), scores: rows.map((r) => r.score ?? NaN) } : {}),
        ...(withIds ? { ids: rows.map((r) => r.rid) } : {}),
      }], true);
      for (const { block: b, level } of outputs) insert.run(current, level, b.tMin, b.tMax, b.count, b.data, b.ids);
      moved += rows.length;
      rows = [];
    };
    for (const r of db.prepare('SELECT series_id, ts, value, severity, score, rid FROM readings ORDER BY series_id, ts').iterate() as IterableIterator<OldRow>) {
      if (r.series_id !== current) {
        flush();
        current = r.series_id;
      }
      rows.push(r);
    }
    flush();
    db.exec('DROP TABLE readings');
  })();
  return moved;
}
