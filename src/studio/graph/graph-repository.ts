import type Database from 'better-sqlite3';
import { openSqliteFile, requireOpen } from '../sqlite-file.js';

export type EntityType = 'node' | 'sensor' | 'location' | 'anomaly' | 'incident' | 'root_cause' | 'process';

export interface Entity {
  id: string;
  type: EntityType;
  name: string;
  props: Record<string, unknown>;
  first_seen: number;
  last_seen: number;
}

export interface Relation {
  type: string;
  from: string;
  to: string;
  props: Record<string, unknown>;
  first_seen: number;
  last_seen: number;
}

/** Where the knowledge graph lives; async so SQLite and PostgreSQL fit the same shape. */
export interface GraphRepository {
  open(): Promise<void>;
  close(): Promise<void>;
  upsertEntity(e: Entity): Promise<void>;
  upsertRelation(r: Relation): Promise<void>;
  entity(id: string): Promise<Entity | undefined>;
  entities(filter: { type?: EntityType; q?: string; from?: number; to?: number; limit?: number }): Promise<Entity[]>;
  relations(id: string, type?: string): Promise<Relation[]>;
}

/**
 * The knowledge graph's storage: entities and typed relations, upserted by id so building the
 * graph from repeated or replayed events is idempotent. Kept indefinitely (seed: knowledge graph
 * indefinite). SQLite here; the file may be the studio's own.
 * @example
 * const repo = new SqliteGraphRepository('./data/graph.db'); await repo.open();
 */
export class SqliteGraphRepository implements GraphRepository {
  private db?: Database.Database;

  constructor(private readonly path: string) {}

  async open(): Promise<void> {
    const db = openSqliteFile(this.path);
    db.exec(`
      CREATE TABLE IF NOT EXISTS entities (id TEXT PRIMARY KEY, type TEXT NOT NULL, name TEXT NOT NULL, props TEXT NOT NULL,
        first_seen INTEGER NOT NULL, last_seen INTEGER NOT NULL);
      CREATE INDEX IF NOT EXISTS entities_type ON entities(type, last_seen);
      CREATE TABLE IF NOT EXISTS relations (type TEXT NOT NULL, src TEXT NOT NULL, dst TEXT NOT NULL, props TEXT NOT NULL,
        first_seen INTEGER NOT NULL, last_seen INTEGER NOT NULL, PRIMARY KEY (type, src, dst)) WITHOUT ROWID;
      CREATE INDEX IF NOT EXISTS relations_dst ON relations(dst);`);
    this.db = db;
  }

  async close(): Promise<void> {
    this.db?.close();
    this.db = undefined;
  }

  private get conn(): Database.Database {
    return requireOpen(this.db, 'SqliteGraphRepository');
  }

  /** Inserts or merges an entity: props merged, seen-times widened. */
  async upsertEntity(e: Entity): Promise<void> {
    this.conn.prepare(`INSERT INTO entities VALUES (@id, @type, @name, @props, @first_seen, @last_seen)
      ON CONFLICT (id) DO UPDATE SET name = excluded.name, props = json_patch(entities.props, excluded.props),
        first_seen = min(entities.first_seen, excluded.first_seen), last_seen = max(entities.last_seen, excluded.last_seen)`)
      .run({ ...e, props: JSON.stringify(e.props) });
  }

  async upsertRelation(r: Relation): Promise<void> {
    this.conn.prepare(`INSERT INTO relations VALUES (@type, @from, @to, @props, @first_seen, @last_seen)
      ON CONFLICT (type, src, dst) DO UPDATE SET props = json_patch(relations.props, excluded.props),
        first_seen = min(relations.first_seen, excluded.first_seen), last_seen = max(relations.last_seen, excluded.last_seen)`)
      .run({ ...r, props: JSON.stringify(r.props) });
  }

  async entity(id: string): Promise<Entity | undefined> {
    const row = this.conn.prepare('SELECT * FROM entities WHERE id = ?').get(id) as (Omit<Entity, 'props'> & { props: string }) | undefined;
    return row ? { ...row, props: JSON.parse(row.props) as Record<string, unknown> } : undefined;
  }

  async entities(filter: { type?: EntityType; q?: string; from?: number; to?: number; limit?: number }): Promise<Entity[]> {
    const rows = this.conn.prepare(`SELECT * FROM entities WHERE (? IS NULL OR type = ?) AND (? IS NULL OR name LIKE ?)
      AND (? IS NULL OR last_seen >= ?) AND (? IS NULL OR first_seen < ?) ORDER BY last_seen DESC LIMIT ?`)
      .all(filter.type ?? null, filter.type ?? null, filter.q ?? null, `%${filter.q ?? ''}%`, filter.from ?? null, filter.from ?? null,
        filter.to ?? null, filter.to ?? null, filter.limit ?? 200) as (Omit<Entity, 'props'> & { props: string })[];
    return rows.map((r) => ({ ...r, props: JSON.parse(r.props) as Record<string, unknown> }));
  }

  /** Relations touching an entity, either direction. */
  async relations(id: string, type?: string): Promise<Relation[]> {
    const rows = this.conn.prepare('SELECT type, src AS "from", dst AS "to", props, first_seen, last_seen FROM relations WHERE (src = ? OR dst = ?) AND (? IS NULL OR type = ?) ORDER BY last_seen DESC LIMIT 500')
      .all(id, id, type ?? null, type ?? null) as (Omit<Relation, 'props'> & { props: string })[];
    return rows.map((r) => ({ ...r, props: JSON.parse(r.props) as Record<string, unknown> }));
  }
}
