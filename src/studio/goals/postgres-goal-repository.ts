import type pg from 'pg';
import { quoteSchema } from '../store/postgres/schema.js';
import { migrateUnderLock, openPoolWithSchema } from '../store/postgres/pool.js';
import type { Goal } from './goal.js';
import type { GoalRepository } from './goal-repository.js';

/**
 * Goals in PostgreSQL (`DATABASE_URL`), shared by the studio and aigoat's own Service.
 * @example
 * const repo = new PostgresGoalRepository(process.env.DATABASE_URL!, 'bruno'); await repo.open();
 */
export class PostgresGoalRepository implements GoalRepository {
  private pool?: pg.Pool;
  private readonly s: string;

  constructor(private readonly source: string | pg.Pool, schema = 'bruno') {
    this.s = quoteSchema(schema);
  }

  async open(): Promise<void> {
    if (this.pool) return;
    const ddl = `CREATE SCHEMA IF NOT EXISTS ${this.s};
      CREATE TABLE IF NOT EXISTS ${this.s}.goals (id text PRIMARY KEY, created_at bigint NOT NULL, doc jsonb NOT NULL);`;
    const lockKey = `homelab-goals:${this.s}`;
    if (typeof this.source === 'string') {
      this.pool = await openPoolWithSchema(this.source, lockKey, ddl, 2);
      return;
    }
    await migrateUnderLock(this.source, lockKey, ddl);
    this.pool = this.source;
  }

  async close(): Promise<void> {
    const p = this.pool;
    this.pool = undefined;
    if (typeof this.source === 'string') await p?.end();
  }

  private get db(): pg.Pool {
    if (!this.pool) throw new Error('PostgresGoalRepository used before open()');
    return this.pool;
  }

  async save(goal: Goal): Promise<void> {
    await this.db.query(`INSERT INTO ${this.s}.goals (id, created_at, doc) VALUES ($1, $2, $3) ON CONFLICT (id) DO UPDATE SET doc = EXCLUDED.doc`, [goal.id, goal.created_at, JSON.stringify(goal)]);
  }

  async get(id: string): Promise<Goal | undefined> {
    const r = await this.db.query<{ doc: Goal }>(`SELECT doc FROM ${this.s}.goals WHERE id = $1`, [id]);
    return r.rows[0]?.doc;
  }

  async list(): Promise<Goal[]> {
    return (await this.db.query<{ doc: Goal }>(`SELECT doc FROM ${this.s}.goals ORDER BY created_at, id`)).rows.map((r) => r.doc);
  }

  async delete(id: string): Promise<boolean> {
    return (await this.db.query(`DELETE FROM ${this.s}.goals WHERE id = $1`, [id])).rowCount === 1;
  }
}
