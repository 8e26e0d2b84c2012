import type pg from 'pg';
import { SchemaRepository } from '../store/postgres/pool.js';
import type { Entity, EntityFilter, GraphRepository, HistoryEntry, Relation } from './graph-repository.js';

type Seen = { first_seen: string; last_seen: string };
type EntityRow = Omit<Entity, 'first_seen' | 'last_seen'> & Seen;
type RelationRow = Omit<Relation, 'from' | 'to' | 'first_seen' | 'last_seen'> & Seen & { src: string; dst: string };

/**
 * The knowledge graph in PostgreSQL, shared by studio replicas: jsonb props merged on upsert
 * (`||`, top level), history append-only, and `withLock` as a session advisory lock so two
 * replicas never open two incidents for the same place at once. Given a URL it owns its pool;
 * given a `pg.Pool` it leaves ending it to the owner.
 * @example
 * const repo = new PostgresGraphRepository(process.env.DATABASE_URL!, 'bruno'); // or (pool, 'bruno')
 * await repo.open();
 */
export class PostgresGraphRepository extends SchemaRepository implements GraphRepository {
  readonly engine = 'postgres';
  constructor(target: string | pg.Pool, private readonly schema = 'bruno') {
    super(target, 'PostgresGraphRepository', schema, 4, (s) => {
      // Replicas starting together would otherwise race on CREATE … IF NOT EXISTS.
      const lockKey = `homelab-graph-ddl:${schema}`;
      const migrate = async (client: pg.PoolClient): Promise<void> => {
        const keysExisted = (await client.query<{ t: string | null }>('SELECT to_regclass($1) AS t', [`${s}.graph_anomaly_keys`])).rows[0]?.t != null;
        await client.query(`CREATE SCHEMA IF NOT EXISTS ${s};
          CREATE TABLE IF NOT EXISTS ${s}.graph_entities (id text PRIMARY KEY, type text NOT NULL, name text NOT NULL, props jsonb NOT NULL,
            first_seen bigint NOT NULL, last_seen bigint NOT NULL);
          CREATE INDEX IF NOT EXISTS graph_entities_type ON ${s}.graph_entities (type, last_seen);
          CREATE INDEX IF NOT EXISTS graph_entities_place ON ${s}.graph_entities ((props->>'place')) WHERE type = 'incident';
          CREATE TABLE IF NOT EXISTS ${s}.graph_relations (type text NOT NULL, src text NOT NULL, dst text NOT NULL, props jsonb NOT NULL,
            first_seen bigint NOT NULL, last_seen bigint NOT NULL, PRIMARY KEY (type, src, dst));
          CREATE INDEX IF NOT EXISTS graph_relations_src ON ${s}.graph_relations (src);
          CREATE INDEX IF NOT EXISTS graph_relations_dst ON ${s}.graph_relations (dst);
          CREATE TABLE IF NOT EXISTS ${s}.graph_history (seq bigserial PRIMARY KEY, entity_id text NOT NULL, ts bigint NOT NULL,
            event text NOT NULL, props jsonb NOT NULL);
          CREATE INDEX IF NOT EXISTS graph_history_entity ON ${s}.graph_history (entity_id, ts);
          CREATE TABLE IF NOT EXISTS ${s}.graph_anomaly_keys (key text PRIMARY KEY, anomaly_id text NOT NULL, incident_id text NOT NULL);
          CREATE TABLE IF NOT EXISTS ${s}.graph_cursors (name text PRIMARY KEY, value bigint NOT NULL);`);
        // A graph built before anomaly keys existed: record the anomalies it already placed in incidents,
        // so the first catch-up does not count them again. Same format as anomalyKey: node/sensor@ts.
        if (!keysExisted) {
          await client.query(`INSERT INTO ${s}.graph_anomaly_keys (key, anomaly_id, incident_id)
            SELECT (e.props->>'node') || '/' || (e.props->>'sensor') || '@' || (e.props->>'ts'), e.id, r.dst
            FROM ${s}.graph_entities e JOIN ${s}.graph_relations r ON r.type = 'part_of' AND r.src = e.id WHERE e.type = 'anomaly'
            ON CONFLICT DO NOTHING`);
        }
      };
      return { lockKey, migration: migrate };
    });
  }

  async upsertAll(entities: Entity[], relations: Relation[]): Promise<void> {
    const es = mergeById(entities, (e) => e.id);
    const rs = mergeById(relations, (r) => `${r.type}\u0000${r.from}\u0000${r.to}`);
    const client = await this.db.connect();
    try {
      await client.query('BEGIN');
      // Rows in key order, so two replicas writing overlapping batches wait rather than deadlock.
      if (es.length) {
        await client.query(`INSERT INTO ${this.s}.graph_entities AS g (id, type, name, props, first_seen, last_seen)
          SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::jsonb[], $5::bigint[], $6::bigint[]) AS t(id, type, name, props, first_seen, last_seen)
          ORDER BY t.id
          ON CONFLICT (id) DO UPDATE SET name = excluded.name, props = g.props || excluded.props,
            first_seen = least(g.first_seen, excluded.first_seen), last_seen = greatest(g.last_seen, excluded.last_seen)`,
        [es.map((e) => e.id), es.map((e) => e.type), es.map((e) => e.name), es.map((e) => JSON.stringify(e.props)),
          es.map((e) => Math.round(e.first_seen)), es.map((e) => Math.round(e.last_seen))]);
      }
      if (rs.length) {
        await client.query(`INSERT INTO ${this.s}.graph_relations AS g (type, src, dst, props, first_seen, last_seen)
          SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::jsonb[], $5::bigint[], $6::bigint[]) AS t(type, src, dst, props, first_seen, last_seen)
          ORDER BY t.type, t.src, t.dst
          ON CONFLICT (type, src, dst) DO UPDATE SET props = g.props || excluded.props,
            first_seen = least(g.first_seen, excluded.first_seen), last_seen = greatest(g.last_seen, excluded.last_seen)`,
        [rs.map((r) => r.type), rs.map((r) => r.from), rs.map((r) => r.to), rs.map((r) => JSON.stringify(r.props)),
          rs.map((r) => Math.round(r.first_seen)), rs.map((r) => Math.round(r.last_seen))]);
      }
      await client.query('COMMIT');
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw err;
    } finally {
      client.release();
    }
  }

  async upsertEntity(e: Entity): Promise<void> {
    await this.db.query(`INSERT INTO ${this.s}.graph_entities AS g (id, type, name, props, first_seen, last_seen) VALUES ($1, $2, $3, $4, $5, $6)
      ON CONFLICT (id) DO UPDATE SET name = excluded.name, props = g.props || excluded.props,
        first_seen = least(g.first_seen, excluded.first_seen), last_seen = greatest(g.last_seen, excluded.last_seen)`,
    [e.id, e.type, e.name, JSON.stringify(e.props), Math.round(e.first_seen), Math.round(e.last_seen)]);
  }

  async upsertRelation(r: Relation): Promise<void> {
    await this.db.query(`INSERT INTO ${this.s}.graph_relations AS g (type, src, dst, props, first_seen, last_seen) VALUES ($1, $2, $3, $4, $5, $6)
      ON CONFLICT (type, src, dst) DO UPDATE SET props = g.props || excluded.props,
        first_seen = least(g.first_seen, excluded.first_seen), last_seen = greatest(g.last_seen, excluded.last_seen)`,
    [r.type, r.from, r.to, JSON.stringify(r.props), Math.round(r.first_seen), Math.round(r.last_seen)]);
  }

  async entity(id: string): Promise<Entity | undefined> {
    const row = (await this.db.query<EntityRow>(`SELECT id, type, name, props, first_seen, last_seen FROM ${this.s}.graph_entities WHERE id = $1`, [id])).rows[0];
    return row ? toEntity(row) : undefined;
  }

  async entities(f: EntityFilter): Promise<Entity[]> {
    const rows = await this.db.query<EntityRow>(`SELECT id, type, name, props, first_seen, last_seen FROM ${this.s}.graph_entities
      WHERE ($1::text IS NULL OR type = $1)
        AND ($2::text IS NULL OR strpos(lower(name), lower($2)) > 0 OR strpos(lower(id), lower($2)) > 0)
        AND ($3::bigint IS NULL OR last_seen >= $3) AND ($4::bigint IS NULL OR first_seen < $4)
        AND ($5::text IS NULL OR props->>'place' = $5)
      ORDER BY last_seen DESC, id LIMIT $6`,
    [f.type ?? null, f.q ?? null, f.from === undefined ? null : Math.round(f.from), f.to === undefined ? null : Math.round(f.to), f.place ?? null, f.limit ?? 200]);
    return rows.rows.map(toEntity);
  }

  async relations(id: string, type?: string): Promise<Relation[]> {
    const rows = await this.db.query<RelationRow>(`SELECT type, src, dst, props, first_seen, last_seen FROM ${this.s}.graph_relations
      WHERE (src = $1 OR dst = $1) AND ($2::text IS NULL OR type = $2) ORDER BY last_seen DESC, type, src, dst LIMIT 1000`, [id, type ?? null]);
    return rows.rows.map(toRelation);
  }

  async relationsOfType(type: string, limit = 1000): Promise<Relation[]> {
    const rows = await this.db.query<RelationRow>(`SELECT type, src, dst, props, first_seen, last_seen FROM ${this.s}.graph_relations
      WHERE type = $1 ORDER BY last_seen DESC, src, dst LIMIT $2`, [type, limit]);
    return rows.rows.map(toRelation);
  }

  async appendHistory(h: HistoryEntry): Promise<void> {
    await this.db.query(`INSERT INTO ${this.s}.graph_history (entity_id, ts, event, props) VALUES ($1, $2, $3, $4)`,
      [h.entity_id, Math.round(h.ts), h.event, JSON.stringify(h.props)]);
  }

  async history(entityId: string, limit = 200): Promise<HistoryEntry[]> {
    const rows = await this.db.query<Omit<HistoryEntry, 'ts'> & { ts: string }>(`SELECT entity_id, ts, event, props FROM (SELECT * FROM ${this.s}.graph_history
      WHERE entity_id = $1 ORDER BY ts DESC, seq DESC LIMIT $2) h ORDER BY ts, seq`, [entityId, limit]);
    return rows.rows.map((r) => ({ ...r, ts: Number(r.ts) }));
  }

  /**
   * A session advisory lock on a dedicated connection; the work itself runs on the pool and
   * commits statement by statement, so it is visible to the next holder once the lock is released.
   */
  async withLock<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const client = await this.db.connect();
    const lockKey = `homelab-graph:${this.schema}:${key}`;
    try {
      await client.query('SELECT pg_advisory_lock(hashtext($1))', [lockKey]);
      try {
        return await fn();
      } finally {
        await client.query('SELECT pg_advisory_unlock(hashtext($1))', [lockKey]);
      }
    } finally {
      client.release();
    }
  }

  async attachedAnomalies(keys: string[]): Promise<Map<string, string>> {
    if (!keys.length) return new Map();
    const r = await this.db.query<{ key: string; incident_id: string }>(`SELECT key, incident_id FROM ${this.s}.graph_anomaly_keys WHERE key = ANY($1::text[])`, [keys]);
    return new Map(r.rows.map((x) => [x.key, x.incident_id]));
  }

  async markAttached(key: string, anomalyId: string, incidentId: string): Promise<void> {
    await this.db.query(`INSERT INTO ${this.s}.graph_anomaly_keys (key, anomaly_id, incident_id) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`, [key, anomalyId, incidentId]);
  }

  async cursor(name: string): Promise<number | undefined> {
    const r = await this.db.query<{ value: string }>(`SELECT value FROM ${this.s}.graph_cursors WHERE name = $1`, [name]);
    return r.rows[0] ? Number(r.rows[0].value) : undefined;
  }

  async advanceCursor(name: string, value: number): Promise<void> {
    await this.db.query(`INSERT INTO ${this.s}.graph_cursors AS c (name, value) VALUES ($1, $2)
      ON CONFLICT (name) DO UPDATE SET value = greatest(c.value, excluded.value)`, [name, Math.round(value)]);
  }
}

const toEntity = (r: EntityRow): Entity => ({ ...r, first_seen: Number(r.first_seen), last_seen: Number(r.last_seen) });
const toRelation = (r: RelationRow): Relation =>
  ({ type: r.type, from: r.src, to: r.dst, props: r.props, first_seen: Number(r.first_seen), last_seen: Number(r.last_seen) });

/**
 * Folds upserts of the same key as applying them in order would (props merged, later keys win;
 * seen-times widened; the last name), since one multi-row `ON CONFLICT` may touch a row only once.
 */
function mergeById<T extends { props: Record<string, unknown>; first_seen: number; last_seen: number; name?: string }>(rows: T[], key: (r: T) => string): T[] {
  const out = new Map<string, T>();
  for (const r of rows) {
    const k = key(r);
    const cur = out.get(k);
    if (!cur) out.set(k, { ...r, props: { ...r.props } });
    else out.set(k, { ...cur, ...(r.name !== undefined ? { name: r.name } : {}), props: { ...cur.props, ...r.props },
      first_seen: Math.min(cur.first_seen, r.first_seen), last_seen: Math.max(cur.last_seen, r.last_seen) });
  }
  return [...out.values()];
}
