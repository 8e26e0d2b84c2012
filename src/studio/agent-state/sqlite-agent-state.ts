import { SqliteRepository } from '../sqlite-file.js';
import type { ActionRecord, AgentStateRepository } from './agent-state.js';

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS agent_turns (agent TEXT NOT NULL, id TEXT NOT NULL, turn TEXT NOT NULL, at INTEGER NOT NULL, PRIMARY KEY (agent, id));
  CREATE INDEX IF NOT EXISTS agent_turns_at ON agent_turns (at);
  CREATE TABLE IF NOT EXISTS agent_claims (key TEXT PRIMARY KEY, at INTEGER NOT NULL);
  CREATE INDEX IF NOT EXISTS agent_claims_at ON agent_claims (at);
  CREATE TABLE IF NOT EXISTS agent_actions (agent TEXT NOT NULL, id TEXT NOT NULL, state TEXT NOT NULL, created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL, detail TEXT NOT NULL, PRIMARY KEY (agent, id));
  CREATE INDEX IF NOT EXISTS agent_actions_created ON agent_actions (agent, created_at);`;

interface ActionRow { agent: string; id: string; state: ActionRecord['state']; created_at: number; updated_at: number; detail: string }
const toAction = (r: ActionRow): ActionRecord => ({ ...r, detail: JSON.parse(r.detail) as Record<string, unknown> });

/**
 * Agent state in a SQLite file (the embedded studio's `agents.db`).
 * @example
 * const repo = new SqliteAgentState('./data/agents.db'); await repo.open();
 */
export class SqliteAgentState extends SqliteRepository implements AgentStateRepository {
  constructor(path: string) {
    super(path, SCHEMA, 'NORMAL');
  }

  async turn(agent: string, id: string, since: number): Promise<unknown> {
    const row = this.db.prepare('SELECT turn FROM agent_turns WHERE agent = ? AND id = ? AND at >= ?').get(agent, id, since) as { turn: string } | undefined;
    return row ? JSON.parse(row.turn) : undefined;
  }

  async saveTurn(agent: string, id: string, turn: unknown, at: number, pruneBefore: number): Promise<void> {
    this.db.transaction(() => {
      this.db.prepare('INSERT INTO agent_turns (agent, id, turn, at) VALUES (?, ?, ?, ?) ON CONFLICT (agent, id) DO UPDATE SET turn = excluded.turn, at = excluded.at').run(agent, id, JSON.stringify(turn), at);
      this.db.prepare('DELETE FROM agent_turns WHERE at < ?').run(pruneBefore);
    })();
  }

  async claim(key: string, at: number, pruneBefore: number): Promise<boolean> {
    return this.db.transaction(() => {
      this.db.prepare('DELETE FROM agent_claims WHERE at < ?').run(pruneBefore);
      return this.db.prepare('INSERT INTO agent_claims (key, at) VALUES (?, ?) ON CONFLICT (key) DO NOTHING').run(key, at).changes === 1;
    })();
  }

  async release(key: string): Promise<void> {
    this.db.prepare('DELETE FROM agent_claims WHERE key = ?').run(key);
  }

  async saveAction(r: ActionRecord): Promise<void> {
    this.db.prepare(`INSERT INTO agent_actions (agent, id, state, created_at, updated_at, detail) VALUES (?, ?, ?, ?, ?, ?)
      ON CONFLICT (agent, id) DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at, detail = excluded.detail`)
      .run(r.agent, r.id, r.state, r.created_at, r.updated_at, JSON.stringify(r.detail));
  }

  async action(agent: string, id: string): Promise<ActionRecord | undefined> {
    const row = this.db.prepare('SELECT * FROM agent_actions WHERE agent = ? AND id = ?').get(agent, id) as ActionRow | undefined;
    return row ? toAction(row) : undefined;
  }

  async actions(agent: string, limit: number): Promise<ActionRecord[]> {
    return (this.db.prepare('SELECT * FROM agent_actions WHERE agent = ? ORDER BY created_at DESC, id DESC LIMIT ?').all(agent, limit) as ActionRow[]).map(toAction);
  }
}
