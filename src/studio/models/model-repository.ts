import { join } from 'node:path';
import { SqliteRepository } from '../sqlite-file.js';
import type { ModelArtifact } from '../../core/model-artifact.js';
import { PostgresModelRepository } from './postgres-model-repository.js';

/** Where a model stands on one node, as the node last reported it (or the studio's send). */
export const DEPLOYMENT_STATES = ['sending', 'shadow', 'active', 'rolled_back', 'failed'] as const;
export type DeploymentState = (typeof DEPLOYMENT_STATES)[number];

export interface Deployment {
  node: string;
  model_id: string;
  version: number;
  state: DeploymentState;
  /** Why it is in that state (a rollback's alarm rates, a refused checksum, …). */
  reason: string | null;
  /** When the node (or the studio) last changed it, epoch ms. */
  updated_at: number;
  /** The command that carried it, when sent over the channel. */
  command_id: string | null;
}

/**
 * Trained artifacts and each node's deployment, on the studio's engine: `models.db` beside the
 * SQLite data, or tables in the studio's PostgreSQL schema (shared by replicas, and kept when a
 * pod's emptyDir goes). An artifact is immutable once stored and comes back byte for byte as it
 * was stored (text, not jsonb: the node checks a digest of it). One contract: model-repository.test.ts.
 */
export interface ModelRepository {
  open(): Promise<void>;
  close(): Promise<void>;
  nextVersion(name: string): Promise<number>;
  /** Stores an artifact; false when its id (or name and version) is already taken. */
  insert(a: ModelArtifact): Promise<boolean>;
  get(id: string): Promise<ModelArtifact | undefined>;
  /** The artifact's JSON exactly as stored (what a node fetches and checks against a digest). */
  getText(id: string): Promise<string | undefined>;
  /** Newest first, at most `limit`. */
  list(limit: number, name?: string): Promise<ModelArtifact[]>;
  /** Keeps a node's deployment unless the stored one is newer (`updated_at`); a null command id keeps the stored one. */
  setDeployment(d: Deployment): Promise<void>;
  /** Every node's deployment, by node name. */
  deployments(): Promise<Deployment[]>;
}

/**
 * The studio's model repository on its engine: PostgreSQL when it has a database URL, else
 * `models.db` in the data directory (in memory for `:memory:` or none). Opened later, with the rest of storage.
 * @example
 * const repo = openModelRepository({ dataDir: './data' }); await repo.open();
 */
export function openModelRepository(where: { url: string; schema?: string | undefined } | { dataDir: string }): ModelRepository {
  if ('url' in where) return new PostgresModelRepository(where.url, where.schema ?? 'bruno');
  return new SqliteModelRepository(where.dataDir && where.dataDir !== ':memory:' ? join(where.dataDir, 'models.db') : ':memory:');
}

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS models (id TEXT PRIMARY KEY, name TEXT NOT NULL, version INTEGER NOT NULL, created_at INTEGER NOT NULL, artifact TEXT NOT NULL, UNIQUE (name, version));
  CREATE TABLE IF NOT EXISTS model_deployments (node TEXT PRIMARY KEY, model_id TEXT NOT NULL, version INTEGER NOT NULL, state TEXT NOT NULL, reason TEXT, updated_at INTEGER NOT NULL, command_id TEXT);`;

/**
 * Models in a SQLite file (`models.db`, synchronous=FULL: a trained model is on disk before it is answered).
 * @example
 * const repo = new SqliteModelRepository('./data/models.db'); await repo.open();
 */
export class SqliteModelRepository extends SqliteRepository implements ModelRepository {

  constructor(path: string) {
    super(path, SCHEMA, 'FULL');
  }

  async nextVersion(name: string): Promise<number> {
    const r = this.db.prepare('SELECT MAX(version) AS v FROM models WHERE name = ?').get(name) as { v: number | null };
    return (r.v ?? 0) + 1;
  }

  async insert(a: ModelArtifact): Promise<boolean> {
    const r = this.db.prepare('INSERT OR IGNORE INTO models (id, name, version, created_at, artifact) VALUES (?, ?, ?, ?, ?)').run(a.id, a.name, a.version, a.created_at, JSON.stringify(a));
    return r.changes === 1;
  }

  async get(id: string): Promise<ModelArtifact | undefined> {
    const text = await this.getText(id);
    return text === undefined ? undefined : JSON.parse(text) as ModelArtifact;
  }

  async getText(id: string): Promise<string | undefined> {
    return (this.db.prepare('SELECT artifact FROM models WHERE id = ?').get(id) as { artifact: string } | undefined)?.artifact;
  }

  async list(limit: number, name?: string): Promise<ModelArtifact[]> {
    const rows = (name
      ? this.db.prepare('SELECT artifact FROM models WHERE name = ? ORDER BY created_at DESC, version DESC LIMIT ?').all(name, limit)
      : this.db.prepare('SELECT artifact FROM models ORDER BY created_at DESC, version DESC LIMIT ?').all(limit)) as { artifact: string }[];
    return rows.map((r) => JSON.parse(r.artifact) as ModelArtifact);
  }

  async setDeployment(d: Deployment): Promise<void> {
    this.db.prepare(`INSERT INTO model_deployments (node, model_id, version, state, reason, updated_at, command_id) VALUES (@node, @model_id, @version, @state, @reason, @updated_at, @command_id)
      ON CONFLICT (node) DO UPDATE SET model_id = excluded.model_id, version = excluded.version, state = excluded.state, reason = excluded.reason, updated_at = excluded.updated_at, command_id = COALESCE(excluded.command_id, model_deployments.command_id)
      WHERE excluded.updated_at >= model_deployments.updated_at`).run(d);
  }

  async deployments(): Promise<Deployment[]> {
    return this.db.prepare('SELECT node, model_id, version, state, reason, updated_at, command_id FROM model_deployments ORDER BY node').all() as Deployment[];
  }
}
