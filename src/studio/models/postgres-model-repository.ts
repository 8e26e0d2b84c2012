import type pg from 'pg';
import { SchemaRepository } from '../store/postgres/pool.js';
import type { ModelArtifact } from '../../core/model-artifact.js';
import type { Deployment, ModelRepository } from './model-repository.js';

/**
 * Models and deployments in the studio's PostgreSQL schema (`DATABASE_URL`): what a studio on
 * Knative (pods with an emptyDir) trained survives its pods, and every replica sees it. The
 * artifact is `text`, not `jsonb`, so it comes back byte for byte (jsonb reorders keys, and a
 * node checks a digest of the bytes it fetches).
 * @example
 * const repo = new PostgresModelRepository(process.env.DATABASE_URL!, 'bruno'); await repo.open();
 */
export class PostgresModelRepository extends SchemaRepository implements ModelRepository {
  constructor(source: string | pg.Pool, schema = 'bruno') {
    super(source, 'PostgresModelRepository', schema, 2, (s) => {
      const ddl = `CREATE SCHEMA IF NOT EXISTS ${s};
        CREATE TABLE IF NOT EXISTS ${s}.models (id text PRIMARY KEY, name text NOT NULL, version integer NOT NULL, created_at bigint NOT NULL, artifact text NOT NULL, UNIQUE (name, version));
        CREATE TABLE IF NOT EXISTS ${s}.model_deployments (node text PRIMARY KEY, model_id text NOT NULL, version integer NOT NULL, state text NOT NULL, reason text, updated_at bigint NOT NULL, command_id text);`;
      const lockKey = `homelab-models:${s}`;
      return { lockKey, migration: ddl };
    });
  }

  async nextVersion(name: string): Promise<number> {
    const r = await this.db.query<{ v: number | null }>(`SELECT MAX(version) AS v FROM ${this.s}.models WHERE name = $1`, [name]);
    return (r.rows[0]?.v ?? 0) + 1;
  }

  async insert(a: ModelArtifact): Promise<boolean> {
    const r = await this.db.query(`INSERT INTO ${this.s}.models (id, name, version, created_at, artifact) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING`, [a.id, a.name, a.version, a.created_at, JSON.stringify(a)]);
    return r.rowCount === 1;
  }

  async get(id: string): Promise<ModelArtifact | undefined> {
    const text = await this.getText(id);
    return text === undefined ? undefined : JSON.parse(text) as ModelArtifact;
  }

  async getText(id: string): Promise<string | undefined> {
    return (await this.db.query<{ artifact: string }>(`SELECT artifact FROM ${this.s}.models WHERE id = $1`, [id])).rows[0]?.artifact;
  }

  async list(limit: number, name?: string): Promise<ModelArtifact[]> {
    const r = name
      ? await this.db.query<{ artifact: string }>(`SELECT artifact FROM ${this.s}.models WHERE name = $1 ORDER BY created_at DESC, version DESC LIMIT $2`, [name, limit])
      : await this.db.query<{ artifact: string }>(`SELECT artifact FROM ${this.s}.models ORDER BY created_at DESC, version DESC LIMIT $1`, [limit]);
    return r.rows.map((x) => JSON.parse(x.artifact) as ModelArtifact);
  }

  async setDeployment(d: Deployment): Promise<void> {
    await this.db.query(`INSERT INTO ${this.s}.model_deployments AS m (node, model_id, version, state, reason, updated_at, command_id) VALUES ($1, $2, $3, $4, $5, $6, $7)
      ON CONFLICT (node) DO UPDATE SET model_id = EXCLUDED.model_id, version = EXCLUDED.version, state = EXCLUDED.state, reason = EXCLUDED.reason, updated_at = EXCLUDED.updated_at, command_id = COALESCE(EXCLUDED.command_id, m.command_id)
      WHERE EXCLUDED.updated_at >= m.updated_at`, [d.node, d.model_id, d.version, d.state, d.reason, d.updated_at, d.command_id]);
  }

  async deployments(): Promise<Deployment[]> {
    return (await this.db.query<Deployment>(`SELECT node, model_id, version, state, reason, updated_at, command_id FROM ${this.s}.model_deployments ORDER BY node`)).rows;
  }
}
