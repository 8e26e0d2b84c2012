import type Database from 'better-sqlite3';
import { openSqliteFile, requireOpen, walFolder } from '../sqlite-file.js';
import type { Entity, EntityFilter, GraphRepository, HistoryEntry, Relation } from './graph-repository.js';
import { logger } from '../../core/logger.js';

type Row<T> = Omit<T, 'props'> & { props: string };
const parse = <T extends { props: Record<string, unknown> }>(r: Row<T>): T => ({ ...r, props: JSON.parse(r.props) as Record<string, unknown> }) as unknown as T;

/**
 * The knowledge graph in SQLite: tables `graph_entities`, `graph_relations`, `graph_history`, so it
 * can live in the studio's own file or its own. Given a path it opens (and closes) the file; given
 * an open `Database` it only adds its tables and leaves closing to the owner.
 * @example
 * const repo = new SqliteGraphRepository('./data/graph.db'); // or new SqliteGraphRepository(studioDb)
 * await repo.open();
 */
export class SqliteGraphRepository implements GraphRepository {
  readonly engine = 'sqlite';
  private db?: Database.Database;
  private readonly statements = new Map<string, Database.Statement>();
  /** One process owns a SQLite file, so an in-process chain is the lock replicas would need. */
  private lockChain: Promise<unknown> = Promise.resolve();
  /** Folds the graph file's WAL once writes go quiet (a file of its own only; see walFolder). */
  private wal?: ReturnType<typeof walFolder>;

  constructor(private readonly target: string | Database.Database) {}

  async open(): Promise<void> {
    if (this.db) return;
    // NORMAL: WAL appends without an fsync per statement (FULL cost ~0.1 ms each); a power cut may
    // lose the last writes, which the next batches and the catch-up from the store write again.
    const db = typeof this.target === 'string' ? openSqliteFile(this.target, { synchronous: 'NORMAL' }) : this.target;
    // json_patch merges nested objects and drops null keys; the contract is a flat merge that keeps nulls.
    db.function('graph_merge', { deterministic: true }, (a: unknown, b: unknown) =>
      JSON.stringify({ ...(JSON.parse(String(a)) as object), ...(JSON.parse(String(b)) as object) }));
    const keysExisted = Boolean(db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'graph_anomaly_keys'").get());
    db.exec(`
      CREATE TABLE IF NOT EXISTS graph_entities (id TEXT PRIMARY KEY, type TEXT NOT NULL, name TEXT NOT NULL, props TEXT NOT NULL,
        first_seen INTEGER NOT NULL, last_seen INTEGER NOT NULL);
      CREATE INDEX IF NOT EXISTS graph_entities_type ON graph_entities(type, last_seen);
      CREATE TABLE IF NOT EXISTS graph_relations (type TEXT NOT NULL, src TEXT NOT NULL, dst TEXT NOT NULL, props TEXT NOT NULL,
        first_seen INTEGER NOT NULL, last_seen INTEGER NOT NULL, PRIMARY KEY (type, src, dst)) WITHOUT ROWID;
      CREATE INDEX IF NOT EXISTS graph_relations_src ON graph_relations(src);
      CREATE INDEX IF NOT EXISTS graph_relations_dst ON graph_relations(dst);
      CREATE TABLE IF NOT EXISTS graph_history (seq INTEGER PRIMARY KEY AUTOINCREMENT, entity_id TEXT NOT NULL, ts INTEGER NOT NULL,
        event TEXT NOT NULL, props TEXT NOT NULL);
      CREATE INDEX IF NOT EXISTS graph_history_entity ON graph_history(entity_id, ts);
      CREATE TABLE IF NOT EXISTS graph_anomaly_keys (key TEXT PRIMARY KEY, anomaly_id TEXT NOT NULL, incident_id TEXT NOT NULL) WITHOUT ROWID;
      CREATE TABLE IF NOT EXISTS graph_cursors (name TEXT PRIMARY KEY, value INTEGER NOT NULL) WITHOUT ROWID;`);
    migrateUnprefixed(db);
    // A graph built before anomaly keys existed: record the anomalies it already placed in incidents,
    // so the first catch-up does not count them again. Same format as anomalyKey: node/sensor@ts.
    if (!keysExisted) {
      db.exec(`INSERT OR IGNORE INTO graph_anomaly_keys (key, anomaly_id, incident_id)
        SELECT json_extract(e.props, '$.node') || '/' || json_extract(e.props, '$.sensor') || '@' || json_extract(e.props, '$.ts'), e.id, r.dst
        FROM graph_entities e JOIN graph_relations r ON r.type = 'part_of' AND r.src = e.id WHERE e.type = 'anomaly'`);
    }
    this.db = db;
    if (typeof this.target === 'string' && this.target !== ':memory:') this.wal = walFolder(db, 1000);
  }

  async close(): Promise<void> {
    this.wal?.cancel();
    this.wal = undefined;
    if (typeof this.target === 'string') this.db?.close();
    this.db = undefined;
    this.statements.clear();
  }

  private get conn(): Database.Database {
    return requireOpen(this.db, 'SqliteGraphRepository');
  }

  /**
   * A statement prepared once per connection. Preparing on every call was most of the studio's
   * ingest time: the graph upserts a few entities per sensor of every stored batch, and SQLite
   * compiles each statement anew (measured: 4.6 s of a 21 s profile of HTTP ingest).
   */
  private stmt(sql: string): Database.Statement {
    let statement = this.statements.get(sql);
    if (!statement) this.statements.set(sql, (statement = this.conn.prepare(sql)));
    return statement;
  }

  async upsertEntity(e: Entity): Promise<void> {
    this.entityUpsert(e);
    this.wal?.touch();
  }

  private entityUpsert(e: Entity): void {
    this.stmt(`INSERT INTO graph_entities (id, type, name, props, first_seen, last_seen) VALUES (@id, @type, @name, @props, @first_seen, @last_seen)
      ON CONFLICT (id) DO UPDATE SET name = excluded.name, props = graph_merge(graph_entities.props, excluded.props),
        first_seen = min(graph_entities.first_seen, excluded.first_seen), last_seen = max(graph_entities.last_seen, excluded.last_seen)`)
      .run({ ...e, props: JSON.stringify(e.props), first_seen: Math.round(e.first_seen), last_seen: Math.round(e.last_seen) });
  }

  async upsertAll(entities: Entity[], relations: Relation[]): Promise<void> {
    const db = this.conn;
    db.transaction(() => {
      for (const e of entities) this.entityUpsert(e);
      for (const r of relations) this.relationUpsert(r);
    })();
    this.wal?.touch();
  }

  async upsertRelation(r: Relation): Promise<void> {
    this.relationUpsert(r);
    this.wal?.touch();
  }

  private relationUpsert(r: Relation): void {
    this.stmt(`INSERT INTO graph_relations (type, src, dst, props, first_seen, last_seen) VALUES (@type, @from, @to, @props, @first_seen, @last_seen)
      ON CONFLICT (type, src, dst) DO UPDATE SET props = graph_merge(graph_relations.props, excluded.props),
        first_seen = min(graph_relations.first_seen, excluded.first_seen), last_seen = max(graph_relations.last_seen, excluded.last_seen)`)
      .run({ ...r, props: JSON.stringify(r.props), first_seen: Math.round(r.first_seen), last_seen: Math.round(r.last_seen) });
  }

  async entity(id: string): Promise<Entity | undefined> {
    const row = this.stmt('SELECT id, type, name, props, first_seen, last_seen FROM graph_entities WHERE id = ?').get(id) as Row<Entity> | undefined;
    return row ? parse<Entity>(row) : undefined;
  }

  async entities(f: EntityFilter): Promise<Entity[]> {
    const rows = this.stmt(`SELECT id, type, name, props, first_seen, last_seen FROM graph_entities
      WHERE (@type IS NULL OR type = @type)
        AND (@q IS NULL OR instr(lower(name), lower(@q)) > 0 OR instr(lower(id), lower(@q)) > 0)
        AND (@from IS NULL OR last_seen >= @from) AND (@to IS NULL OR first_seen < @to)
        AND (@place IS NULL OR json_extract(props, '$.place') = @place)
      ORDER BY last_seen DESC, id LIMIT @limit`)
      .all({ type: f.type ?? null, q: f.q ?? null, from: f.from ?? null, to: f.to ?? null, place: f.place ?? null, limit: f.limit ?? 200 }) as Row<Entity>[];
    return rows.map((r) => parse<Entity>(r));
  }

  async relations(id: string, type?: string): Promise<Relation[]> {
    const rows = this.stmt(`SELECT type, src AS "from", dst AS "to", props, first_seen, last_seen FROM graph_relations
      WHERE (src = @id OR dst = @id) AND (@type IS NULL OR type = @type) ORDER BY last_seen DESC, type, src, dst LIMIT 1000`)
      .all({ id, type: type ?? null }) as Row<Relation>[];
    return rows.map((r) => parse<Relation>(r));
  }

  async relationsOfType(type: string, limit = 1000): Promise<Relation[]> {
    const rows = this.stmt(`SELECT type, src AS "from", dst AS "to", props, first_seen, last_seen FROM graph_relations
      WHERE type = ? ORDER BY last_seen DESC, src, dst LIMIT ?`).all(type, limit) as Row<Relation>[];
    return rows.map((r) => parse<Relation>(r));
  }

  async appendHistory(h: HistoryEntry): Promise<void> {
    this.stmt('INSERT INTO graph_history (entity_id, ts, event, props) VALUES (?, ?, ?, ?)')
      .run(h.entity_id, Math.round(h.ts), h.event, JSON.stringify(h.props));
  }

  async history(entityId: string, limit = 200): Promise<HistoryEntry[]> {
    const rows = this.stmt(`SELECT entity_id, ts, event, props FROM (SELECT * FROM graph_history WHERE entity_id = ?
      ORDER BY ts DESC, seq DESC LIMIT ?) ORDER BY ts, seq`).all(entityId, limit) as Row<HistoryEntry>[];
    return rows.map((r) => parse<HistoryEntry>(r));
  }

  async withLock<T>(_key: string, fn: () => Promise<T>): Promise<T> {
    const run = this.lockChain.then(fn, fn);
    this.lockChain = run.catch(() => undefined);
    return run;
  }

  async attachedAnomalies(keys: string[]): Promise<Map<string, string>> {
    if (!keys.length) return new Map();
    const rows = this.stmt('SELECT key, incident_id FROM graph_anomaly_keys WHERE key IN (SELECT value FROM json_each(?))')
      .all(JSON.stringify(keys)) as { key: string; incident_id: string }[];
    return new Map(rows.map((r) => [r.key, r.incident_id]));
  }

  async markAttached(key: string, anomalyId: string, incidentId: string): Promise<void> {
    this.stmt('INSERT OR IGNORE INTO graph_anomaly_keys (key, anomaly_id, incident_id) VALUES (?, ?, ?)').run(key, anomalyId, incidentId);
  }

  async cursor(name: string): Promise<number | undefined> {
    return this.stmt('SELECT value FROM graph_cursors WHERE name = ?').pluck().get(name) as number | undefined;
  }

  async advanceCursor(name: string, value: number): Promise<void> {
    this.stmt('INSERT INTO graph_cursors (name, value) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET value = max(value, excluded.value)')
      .run(name, Math.round(value));
  }
}

/** graph.db files from before the tables had the `graph_` prefix: copy once, keep the old tables. */
function migrateUnprefixed(db: Database.Database): void {
  const has = (t: string) => Boolean(db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(t));
  const empty = !db.prepare('SELECT 1 FROM graph_entities LIMIT 1').get();
  if (!empty || !has('entities') || !has('relations')) return;
  try {
    db.transaction(() => {
      db.exec(`INSERT OR IGNORE INTO graph_entities SELECT id, type, name, props, first_seen, last_seen FROM entities;
        INSERT OR IGNORE INTO graph_relations SELECT type, src, dst, props, first_seen, last_seen FROM relations;`);
    })();
  } catch (err) {
    // Someone else's tables of the same name: nothing of ours to carry over.
    logger('graph').warn({ err }, 'not migrating tables entities/relations');
  }
}
