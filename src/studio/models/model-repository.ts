import type Database from 'better-sqlite3';
import { openSqliteFile, requireOpen } from '../sqlite-file.js';
import type { ModelArtifact } from '../../core/model-artifact.js';

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

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS models (id TEXT PRIMARY KEY, name TEXT NOT NULL, version INTEGER NOT NULL, created_at INTEGER NOT NULL, artifact TEXT NOT NULL, UNIQUE (name, version));
  CREATE TABLE IF NOT EXISTS model_deployments (node TEXT PRIMARY KEY, model_id TEXT NOT NULL, version INTEGER NOT NULL, state TEXT NOT NULL, reason TEXT, updated_at INTEGER NOT NULL, command_id TEXT);`;

/**
 * Trained artifacts and each node's deployment, in a SQLite file beside the studio's data
 * (`models.db`; an artifact is immutable once stored). With PostgreSQL as the store the models
 * still live in this file in the data directory (not shared by replicas: README).
 * @example
 * const repo = new ModelRepository('./data/models.db'); repo.open();
 */
export class ModelRepository {
  private handle?: Database.Database;

  constructor(private readonly path: string) {}

  open(): void {
    if (this.handle) return;
    const db = openSqliteFile(this.path, { synchronous: 'FULL' });
    db.exec(SCHEMA);
    this.handle = db;
  }

  close(): void {
    this.handle?.close();
    this.handle = undefined;
  }

  private get db(): Database.Database {
    return requireOpen(this.handle, 'ModelRepository');
  }

  nextVersion(name: string): number {
    const r = this.db.prepare('SELECT MAX(version) AS v FROM models WHERE name = ?').get(name) as { v: number | null };
    return (r.v ?? 0) + 1;
  }

  /** Stores an artifact; false when its id (or name and version) is already taken. */
  insert(a: ModelArtifact): boolean {
    const r = this.db.prepare('INSERT OR IGNORE INTO models (id, name, version, created_at, artifact) VALUES (?, ?, ?, ?, ?)').run(a.id, a.name, a.version, a.created_at, JSON.stringify(a));
    return r.changes === 1;
  }

  get(id: string): ModelArtifact | undefined {
    const r = this.db.prepare('SELECT artifact FROM models WHERE id = ?').get(id) as { artifact: string } | undefined;
    return r ? JSON.parse(r.artifact) as ModelArtifact : undefined;
  }

  /** Newest first, at most `limit`. */
  list(limit: number, name?: string): ModelArtifact[] {
    const rows = (name
      ? this.db.prepare('SELECT artifact FROM models WHERE name = ? ORDER BY created_at DESC, version DESC LIMIT ?').all(name, limit)
      : this.db.prepare('SELECT artifact FROM models ORDER BY created_at DESC, version DESC LIMIT ?').all(limit)) as { artifact: string }[];
    return rows.map((r) => JSON.parse(r.artifact) as ModelArtifact);
  }

  setDeployment(d: Deployment): void {
    this.db.prepare(`INSERT INTO model_deployments (node, model_id, version, state, reason, updated_at, command_id) VALUES (@node, @model_id, @version, @state, @reason, @updated_at, @command_id)
      ON CONFLICT (node) DO UPDATE SET model_id = excluded.model_id, version = excluded.version, state = excluded.state, reason = excluded.reason, updated_at = excluded.updated_at, command_id = COALESCE(excluded.command_id, model_deployments.command_id)
      WHERE excluded.updated_at >= model_deployments.updated_at`).run(d);
  }

  deployments(): Deployment[] {
    return this.db.prepare('SELECT node, model_id, version, state, reason, updated_at, command_id FROM model_deployments ORDER BY node').all() as Deployment[];
  }
}
