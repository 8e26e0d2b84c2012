import { SqliteRepository } from '../sqlite-file.js';
import type { Goal } from './goal.js';

/**
 * Where goals are kept: SQLite beside the studio's data (`goals.db`), or PostgreSQL shared by
 * every replica. Each goal is one JSON document by id; one contract (goal-repository.test.ts).
 */
export interface GoalRepository {
  open(): Promise<void>;
  close(): Promise<void>;
  /** Inserts or replaces by id. */
  save(goal: Goal): Promise<void>;
  get(id: string): Promise<Goal | undefined>;
  /** Oldest first. */
  list(): Promise<Goal[]>;
  /** True when a goal went. */
  delete(id: string): Promise<boolean>;
}

/**
 * Goals in a SQLite file (synchronous=FULL: a goal set is on disk before it is answered).
 * @example
 * const repo = new SqliteGoalRepository('./data/goals.db'); await repo.open();
 */
export class SqliteGoalRepository extends SqliteRepository implements GoalRepository {
  constructor(path: string) {
    super(path, 'CREATE TABLE IF NOT EXISTS goals (id TEXT PRIMARY KEY, created_at INTEGER NOT NULL, doc TEXT NOT NULL)', 'FULL');
  }

  async save(goal: Goal): Promise<void> {
    this.db.prepare('INSERT INTO goals (id, created_at, doc) VALUES (?, ?, ?) ON CONFLICT (id) DO UPDATE SET doc = excluded.doc').run(goal.id, goal.created_at, JSON.stringify(goal));
  }

  async get(id: string): Promise<Goal | undefined> {
    const row = this.db.prepare('SELECT doc FROM goals WHERE id = ?').get(id) as { doc: string } | undefined;
    return row ? (JSON.parse(row.doc) as Goal) : undefined;
  }

  async list(): Promise<Goal[]> {
    return (this.db.prepare('SELECT doc FROM goals ORDER BY created_at, id').all() as { doc: string }[]).map((r) => JSON.parse(r.doc) as Goal);
  }

  async delete(id: string): Promise<boolean> {
    return this.db.prepare('DELETE FROM goals WHERE id = ?').run(id).changes === 1;
  }
}
