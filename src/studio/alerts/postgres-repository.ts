import type pg from 'pg';
import { randomUUID } from 'node:crypto';
import type { AlertRepository } from './repository.js';
import type { AlertRule, AlertRuleSpec, AlertState } from './rule.js';
import { quoteSchema } from '../store/postgres/schema.js';

interface Row { rule_id: string; fingerprint: string; state: 'firing' | 'resolved'; summary: string; value: number | null; started_at: string | number; resolved_at: string | number | null; last_notified_at: string | number | null }

const toState = (r: Row): AlertState => ({
  ...r, started_at: Number(r.started_at), resolved_at: r.resolved_at === null ? null : Number(r.resolved_at),
  last_notified_at: r.last_notified_at === null ? null : Number(r.last_notified_at),
});

/**
 * Alert rules and states in PostgreSQL, so several studio replicas share them. A transition
 * locks its alert row (`SELECT … FOR UPDATE`), so one change is notified by one replica.
 * @example
 * const repo = new PostgresAlertRepository(process.env.DATABASE_URL!, 'bruno'); await repo.open();
 */
export class PostgresAlertRepository implements AlertRepository {
  private pool?: pg.Pool;
  private readonly s: string;

  constructor(private readonly url: string, schema = 'bruno') {
    this.s = quoteSchema(schema);
  }

  async open(): Promise<void> {
    if (this.pool) return;
    const { default: pgLib } = await import('pg'); // loaded on first use, not at start-up
    const pool = new pgLib.Pool({ connectionString: this.url, max: 4 });
    pool.on('error', (err) => console.warn(`alert repository: idle connection error: ${err.message}`));
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`homelab-alerts:${this.s}`]);
      await client.query(`CREATE SCHEMA IF NOT EXISTS ${this.s};
        CREATE TABLE IF NOT EXISTS ${this.s}.alert_rules (id text PRIMARY KEY, spec jsonb NOT NULL, created_at bigint NOT NULL);
        CREATE TABLE IF NOT EXISTS ${this.s}.alerts (rule_id text NOT NULL, fingerprint text NOT NULL, state text NOT NULL, summary text NOT NULL,
          value double precision, started_at bigint NOT NULL, resolved_at bigint, last_notified_at bigint, PRIMARY KEY (rule_id, fingerprint));`);
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
    if (!this.pool) throw new Error('PostgresAlertRepository used before open()');
    return this.pool;
  }

  async createRule(spec: AlertRuleSpec, now: number): Promise<AlertRule> {
    const rule: AlertRule = { ...spec, id: randomUUID().slice(0, 8), created_at: now };
    await this.db.query(`INSERT INTO ${this.s}.alert_rules (id, spec, created_at) VALUES ($1, $2, $3)`, [rule.id, JSON.stringify(spec), now]);
    return rule;
  }

  async rules(): Promise<AlertRule[]> {
    const r = await this.db.query<{ id: string; spec: AlertRuleSpec; created_at: string }>(`SELECT id, spec, created_at FROM ${this.s}.alert_rules ORDER BY created_at, id`);
    return r.rows.map((x) => ({ ...x.spec, id: x.id, created_at: Number(x.created_at) }));
  }

  async rule(id: string): Promise<AlertRule | undefined> {
    return (await this.rules()).find((r) => r.id === id);
  }

  async deleteRule(id: string): Promise<boolean> {
    await this.db.query(`DELETE FROM ${this.s}.alerts WHERE rule_id = $1`, [id]);
    return ((await this.db.query(`DELETE FROM ${this.s}.alert_rules WHERE id = $1`, [id])).rowCount ?? 0) > 0;
  }

  async alerts(filter: { state?: 'firing' | 'resolved'; ruleId?: string } = {}): Promise<AlertState[]> {
    const r = await this.db.query<Row>(`SELECT * FROM ${this.s}.alerts WHERE ($1::text IS NULL OR state = $1) AND ($2::text IS NULL OR rule_id = $2) ORDER BY started_at DESC`, [filter.state ?? null, filter.ruleId ?? null]);
    return r.rows.map(toState);
  }

  async transition(ruleId: string, fingerprint: string, firing: boolean, summary: string, value: number | null, now: number, repeatMs: number): Promise<AlertState | undefined> {
    const client = await this.db.connect();
    try {
      await client.query('BEGIN');
      // Create the row first (idempotent) so FOR UPDATE has something to lock even on first firing.
      if (firing) await client.query(`INSERT INTO ${this.s}.alerts VALUES ($1, $2, 'resolved', $3, $4, $5, $5, NULL) ON CONFLICT DO NOTHING`, [ruleId, fingerprint, summary, value, now]);
      const cur = (await client.query<Row>(`SELECT * FROM ${this.s}.alerts WHERE rule_id = $1 AND fingerprint = $2 FOR UPDATE`, [ruleId, fingerprint])).rows[0];
      let out: AlertState | undefined;
      if (firing) {
        if (!cur || cur.state === 'resolved') {
          await client.query(`UPDATE ${this.s}.alerts SET state = 'firing', summary = $3, value = $4, started_at = $5, resolved_at = NULL, last_notified_at = $5 WHERE rule_id = $1 AND fingerprint = $2`, [ruleId, fingerprint, summary, value, now]);
          out = { rule_id: ruleId, fingerprint, state: 'firing', summary, value, started_at: now, resolved_at: null, last_notified_at: now };
        } else {
          const last = cur.last_notified_at === null ? null : Number(cur.last_notified_at);
          const repeat = last !== null && now - last >= repeatMs;
          await client.query(`UPDATE ${this.s}.alerts SET summary = $3, value = $4${repeat ? ', last_notified_at = $5' : ''} WHERE rule_id = $1 AND fingerprint = $2`, repeat ? [ruleId, fingerprint, summary, value, now] : [ruleId, fingerprint, summary, value]);
          if (repeat) out = { ...toState(cur), summary, value, last_notified_at: now };
        }
      } else if (cur && cur.state === 'firing') {
        await client.query(`UPDATE ${this.s}.alerts SET state = 'resolved', resolved_at = $3, summary = $4, value = $5 WHERE rule_id = $1 AND fingerprint = $2`, [ruleId, fingerprint, now, summary, value]);
        out = { ...toState(cur), state: 'resolved', resolved_at: now, summary, value };
      }
      await client.query('COMMIT');
      return out;
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw err;
    } finally {
      client.release();
    }
  }
}
