import type pg from 'pg';
import { quoteSchema } from '../store/postgres/schema.js';
import type { Entity, EntityType, GraphRepository, Relation } from './graph-repository.js';

type EntityRow = Omit<Entity, 'first_seen' | 'last_seen'> & { first_seen: string; last_seen: string };
type RelationRow = Omit<Relation, 'first_seen' | 'last_seen'> & { first_seen: string; last_seen: string };

/**
 * The knowledge graph in PostgreSQL (jsonb props merged on upsert), shared by studio replicas.
 * @example
 * const repo = new PostgresGraphRepository(process.env.DATABASE_URL!); await repo.open();
 */
export class PostgresGraphRepository implements GraphRepository {
  private pool?: pg.Pool;
  private readonly s: string;

  constructor(private readonly url: string, schema = 'bruno') {
    this.s = quoteSchema(schema);
  }

  async open(): Promise<void> {
    if (this.pool) return;
    const { default: pgLib } = await import('pg'); // loaded on first use, not at start-up
    const pool = new pgLib.Pool({ connectionString: this.url, max: 4 });
    pool.on('error', (err) => console.warn(`graph repository: idle connection error: ${err.message}`));
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`homelab-graph:${this.s}`]);
      await client.query(`CREATE SCHEMA IF NOT EXISTS ${this.s};
        CREATE TABLE IF NOT EXISTS ${this.s}.graph_entities (id text PRIMARY KEY, type text NOT NULL, name text NOT NULL, props jsonb NOT NULL,
          first_seen bigint NOT NULL, last_seen bigint NOT NULL);
        CREATE INDEX IF NOT EXISTS graph_entities_type ON ${this.s}.graph_entities (type, last_seen);
        CREATE TABLE IF NOT EXISTS ${this.s}.graph_relations (type text NOT NULL, src text NOT NULL, dst text NOT NULL, props jsonb NOT NULL,
          first_seen bigint NOT NULL, last_seen bigint NOT NULL, PRIMARY KEY (type, src, dst));
        CREATE INDEX IF NOT EXISTS graph_relations_src ON ${this.s}.graph_relations (src);
        CREATE INDEX IF NOT EXISTS graph_relations_dst ON ${this.s}.graph_relations (dst);`);
      await client.query('COMMIT');
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw err;
    } finally {
      client.release();
    }
    this.pool = pool;
  }

  async close(): Promise<void> {
    const p = this.pool;
    this.pool = undefined;
    await p?.end();
  }

  private get db(): pg.Pool {
    if (!this.pool) throw new Error('PostgresGraphRepository used before open()');
    return this.pool;
  }

  async upsertEntity(e: Entity): Promise<void> {
    await this.db.query(`INSERT INTO ${this.s}.graph_entities AS g VALUES ($1, $2, $3, $4, $5, $6)
      ON CONFLICT (id) DO UPDATE SET name = excluded.name, props = g.props || excluded.props,
        first_seen = least(g.first_seen, excluded.first_seen), last_seen = greatest(g.last_seen, excluded.last_seen)`,
    [e.id, e.type, e.name, JSON.stringify(e.props), Math.round(e.first_seen), Math.round(e.last_seen)]);
  }

  async upsertRelation(r: Relation): Promise<void> {
    await this.db.query(`INSERT INTO ${this.s}.graph_relations AS g VALUES ($1, $2, $3, $4, $5, $6)
      ON CONFLICT (type, src, dst) DO UPDATE SET props = g.props || excluded.props,
        first_seen = least(g.first_seen, excluded.first_seen), last_seen = greatest(g.last_seen, excluded.last_seen)`,
    [r.type, r.from, r.to, JSON.stringify(r.props), Math.round(r.first_seen), Math.round(r.last_seen)]);
  }

  async entity(id: string): Promise<Entity | undefined> {
    const row = (await this.db.query<EntityRow>(`SELECT * FROM ${this.s}.graph_entities WHERE id = $1`, [id])).rows[0];
    return row ? toEntity(row) : undefined;
  }

  async entities(f: { type?: EntityType; q?: string; from?: number; to?: number; limit?: number }): Promise<Entity[]> {
    const rows = await this.db.query<EntityRow>(`SELECT * FROM ${this.s}.graph_entities WHERE ($1::text IS NULL OR type = $1)
      AND ($2::text IS NULL OR name LIKE '%' || $2 || '%') AND ($3::bigint IS NULL OR last_seen >= $3) AND ($4::bigint IS NULL OR first_seen < $4)
      ORDER BY last_seen DESC LIMIT $5`, [f.type ?? null, f.q ?? null, f.from === undefined ? null : Math.round(f.from), f.to === undefined ? null : Math.round(f.to), f.limit ?? 200]);
    return rows.rows.map(toEntity);
  }

  async relations(id: string, type?: string): Promise<Relation[]> {
    const rows = await this.db.query<RelationRow & { src: string; dst: string }>(`SELECT type, src, dst, props, first_seen, last_seen FROM ${this.s}.graph_relations
      WHERE (src = $1 OR dst = $1) AND ($2::text IS NULL OR type = $2) ORDER BY last_seen DESC LIMIT 500`, [id, type ?? null]);
    return rows.rows.map((r) => ({ type: r.type, from: r.src, to: r.dst, props: r.props, first_seen: Number(r.first_seen), last_seen: Number(r.last_seen) }));
  }
}

const toEntity = (r: EntityRow): Entity => ({ ...r, first_seen: Number(r.first_seen), last_seen: Number(r.last_seen) });
