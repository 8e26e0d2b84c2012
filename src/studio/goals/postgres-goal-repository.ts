import type pg from 'pg';
import { SchemaRepository } from '../store/postgres/pool.js';
import type { Goal } from './goal.js';
import type { GoalRepository } from './goal-repository.js';

/**
 * Goals in PostgreSQL (`DATABASE_URL`), shared by the studio and aigoat's own Service.
 * @example
 * const repo = new PostgresGoalRepository(process.env.DATABASE_URL!, 'bruno'); await repo.open();
 */
export class PostgresGoalRepository extends SchemaRepository implements GoalRepository {
  constructor(source: string | pg.Pool, schema = 'bruno') {
    super(source, 'PostgresGoalRepository', schema, 2, (s) => {
      const ddl = `CREATE SCHEMA IF NOT EXISTS ${s};
        CREATE TABLE IF NOT EXISTS ${s}.goals (id text PRIMARY KEY, created_at bigint NOT NULL, doc jsonb NOT NULL);`;
      const lockKey = `homelab-goals:${s}`;
      return { lockKey, migration: ddl };
    });
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
