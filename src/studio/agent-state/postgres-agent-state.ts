import type pg from 'pg';
import { SchemaRepository } from '../store/postgres/pool.js';
import type { ActionRecord, AgentStateRepository } from './agent-state.js';

type Ms = string | number;
interface ActionRow { agent: string; id: string; state: ActionRecord['state']; created_at: Ms; updated_at: Ms; detail: Record<string, unknown> }
const toAction = (r: ActionRow): ActionRecord => ({ ...r, created_at: Number(r.created_at), updated_at: Number(r.updated_at) });

/**
 * Agent state in PostgreSQL, shared by every replica: a follow-up asked of another replica reads
 * the same turn, and a claim is taken by exactly one of them (INSERT … ON CONFLICT DO NOTHING).
 * @example
 * const repo = new PostgresAgentState(process.env.DATABASE_URL!, 'bruno'); await repo.open();
 */
export class PostgresAgentState extends SchemaRepository implements AgentStateRepository {
  constructor(source: string | pg.Pool, schema = 'bruno') {
    super(source, 'PostgresAgentState', schema, 2, (s) => {
      const ddl = `CREATE SCHEMA IF NOT EXISTS ${s};
        CREATE TABLE IF NOT EXISTS ${s}.agent_turns (agent text NOT NULL, id text NOT NULL, turn jsonb NOT NULL, at bigint NOT NULL, PRIMARY KEY (agent, id));
        CREATE INDEX IF NOT EXISTS agent_turns_at ON ${s}.agent_turns (at);
        CREATE TABLE IF NOT EXISTS ${s}.agent_claims (key text PRIMARY KEY, at bigint NOT NULL);
        CREATE INDEX IF NOT EXISTS agent_claims_at ON ${s}.agent_claims (at);
        CREATE TABLE IF NOT EXISTS ${s}.agent_actions (agent text NOT NULL, id text NOT NULL, state text NOT NULL, created_at bigint NOT NULL, updated_at bigint NOT NULL, detail jsonb NOT NULL, PRIMARY KEY (agent, id));
        CREATE INDEX IF NOT EXISTS agent_actions_created ON ${s}.agent_actions (agent, created_at);`;
      const lockKey = `homelab-agents:${s}`;
      return { lockKey, migration: ddl };
    });
  }

  async turn(agent: string, id: string, since: number): Promise<unknown> {
    const r = await this.db.query<{ turn: unknown }>(`SELECT turn FROM ${this.s}.agent_turns WHERE agent = $1 AND id = $2 AND at >= $3`, [agent, id, since]);
    return r.rows[0]?.turn;
  }

  async saveTurn(agent: string, id: string, turn: unknown, at: number, pruneBefore: number): Promise<void> {
    await this.db.query(`INSERT INTO ${this.s}.agent_turns (agent, id, turn, at) VALUES ($1, $2, $3, $4) ON CONFLICT (agent, id) DO UPDATE SET turn = EXCLUDED.turn, at = EXCLUDED.at`, [agent, id, JSON.stringify(turn), at]);
    await this.db.query(`DELETE FROM ${this.s}.agent_turns WHERE at < $1`, [pruneBefore]);
  }

  async claim(key: string, at: number, pruneBefore: number): Promise<boolean> {
    await this.db.query(`DELETE FROM ${this.s}.agent_claims WHERE at < $1`, [pruneBefore]);
    const r = await this.db.query(`INSERT INTO ${this.s}.agent_claims (key, at) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING`, [key, at]);
    return r.rowCount === 1;
  }

  async release(key: string): Promise<void> {
    await this.db.query(`DELETE FROM ${this.s}.agent_claims WHERE key = $1`, [key]);
  }

  async saveAction(r: ActionRecord): Promise<void> {
    await this.db.query(`INSERT INTO ${this.s}.agent_actions (agent, id, state, created_at, updated_at, detail) VALUES ($1, $2, $3, $4, $5, $6)
      ON CONFLICT (agent, id) DO UPDATE SET state = EXCLUDED.state, updated_at = EXCLUDED.updated_at, detail = EXCLUDED.detail`,
    [r.agent, r.id, r.state, r.created_at, r.updated_at, JSON.stringify(r.detail)]);
  }

  async action(agent: string, id: string): Promise<ActionRecord | undefined> {
    const r = await this.db.query<ActionRow>(`SELECT * FROM ${this.s}.agent_actions WHERE agent = $1 AND id = $2`, [agent, id]);
    return r.rows[0] ? toAction(r.rows[0]) : undefined;
  }

  async actions(agent: string, limit: number): Promise<ActionRecord[]> {
    const r = await this.db.query<ActionRow>(`SELECT * FROM ${this.s}.agent_actions WHERE agent = $1 ORDER BY created_at DESC, id DESC LIMIT $2`, [agent, limit]);
    return r.rows.map(toAction);
  }
}
