import type Database from 'better-sqlite3';

/** What identifies a series on the node; kept once in the `series` table, not per reading. */
export interface SeriesMeta {
  node: string;
  sensor: string;
  kind: string;
  unit: string;
  location?: string;
}

export interface SeriesRow extends SeriesMeta {
  id: number;
}

/**
 * The key a series is buffered and looked up under. A sensor that moves (new location) or
 * changes unit becomes a new series, so old readings keep the metadata they were taken with.
 * @example
 * seriesKey({ node: 'pi-node-1', sensor: 'dht22-temperature', kind: 'temperature', unit: '°C' })
 */
export function seriesKey(m: SeriesMeta): string {
  return JSON.stringify([m.node, m.sensor, m.kind, m.unit, m.location ?? '']);
}

/**
 * In-memory mirror of the `series` table: ids are resolved without touching disk except when a
 * series is first seen (inside the flush transaction).
 * @example
 * const catalog = new SeriesCatalog(db);
 * catalog.load();
 * const id = catalog.ensure(meta);
 */
export class SeriesCatalog {
  private readonly byKey = new Map<string, SeriesRow>();
  private insert?: Database.Statement;

  constructor(private readonly db: Database.Database) {}

  /** (Re)reads the table, e.g. after a rolled-back flush left ids in memory that never committed. */
  load(): void {
    this.insert = this.db.prepare('INSERT INTO series (node, sensor, kind, unit, location) VALUES (?, ?, ?, ?, ?)');
    this.byKey.clear();
    const rows = this.db.prepare('SELECT id, node, sensor, kind, unit, location FROM series').all() as (SeriesMeta & { id: number; location: string })[];
    for (const r of rows) {
      const row: SeriesRow = { id: r.id, node: r.node, sensor: r.sensor, kind: r.kind, unit: r.unit };
      if (r.location !== '') row.location = r.location;
      this.byKey.set(seriesKey(row), row);
    }
  }

  /** The series' id, inserting it when new; call inside the flush transaction. */
  ensure(meta: SeriesMeta): number {
    const key = seriesKey(meta);
    const known = this.byKey.get(key);
    if (known) return known.id;
    if (!this.insert) throw new Error('SeriesCatalog used before load()');
    const id = Number(this.insert.run(meta.node, meta.sensor, meta.kind, meta.unit, meta.location ?? '').lastInsertRowid);
    const row: SeriesRow = { id, node: meta.node, sensor: meta.sensor, kind: meta.kind, unit: meta.unit };
    if (meta.location !== undefined) row.location = meta.location;
    this.byKey.set(key, row);
    return id;
  }

  /** Series matching the optional node, sensor and kind filters. */
  match(node?: string, sensor?: string, kind?: string): SeriesRow[] {
    return [...this.byKey.values()].filter((s) => (node === undefined || s.node === node) && (sensor === undefined || s.sensor === sensor) && (kind === undefined || s.kind === kind));
  }

  get size(): number {
    return this.byKey.size;
  }

  all(): SeriesRow[] {
    return [...this.byKey.values()];
  }
}
