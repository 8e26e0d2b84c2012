import type pg from 'pg';
import { newRuleId, type AlertFilter, type AlertRepository, type PruneResult, type RemovedRule } from './repository.js';
import { decide, type AlertState, type AlertStateName, type Transition } from './alert.js';
import { specFromStore, type AlertRule, type AlertRuleSpec } from './rule.js';
import { SchemaRepository } from '../store/postgres/pool.js';

type Ms = string | number;
interface Row { rule_id: string; fingerprint: string; state: AlertStateName; summary: string; value: number | null; labels: Record<string, string> | null; started_at: Ms; resolved_at: Ms | null; last_notified_at: Ms | null; updated_at: Ms | null }

const ms = (v: Ms | null): number | null => (v === null ? null : Number(v));
const toState = (r: Row): AlertState => ({
  ...r, labels: r.labels ?? {}, started_at: Number(r.started_at), resolved_at: ms(r.resolved_at),
  last_notified_at: ms(r.last_notified_at), updated_at: Number(r.updated_at ?? r.started_at),
});

/**
 * Alert rules and states in PostgreSQL, so several studio replicas share them. A transition
 * locks its alert row (`SELECT … FOR UPDATE`), so one change is notified by one replica.
 * Give a connection string (the repository owns its pool) or the studio's `pg.Pool` (never ended here).
 * @example
 * const repo = new PostgresAlertRepository(process.env.DATABASE_URL!, 'bruno'); await repo.open();
 */
export class PostgresAlertRepository extends SchemaRepository implements AlertRepository {
  constructor(source: string | pg.Pool, schema = 'bruno') {
    super(source, 'PostgresAlertRepository', schema, 4, (s) => {
      const lockKey = `homelab-alerts:${s}`;
      // ADD COLUMN IF NOT EXISTS: tables from the first release lack labels and updated_at.
      const ddl = `CREATE SCHEMA IF NOT EXISTS ${s};
        CREATE TABLE IF NOT EXISTS ${s}.alert_rules (id text PRIMARY KEY, spec jsonb NOT NULL, created_at bigint NOT NULL);
        CREATE TABLE IF NOT EXISTS ${s}.alerts (rule_id text NOT NULL, fingerprint text NOT NULL, state text NOT NULL, summary text NOT NULL,
          value double precision, started_at bigint NOT NULL, resolved_at bigint, last_notified_at bigint, PRIMARY KEY (rule_id, fingerprint));
        ALTER TABLE ${s}.alerts ADD COLUMN IF NOT EXISTS labels jsonb, ADD COLUMN IF NOT EXISTS updated_at bigint;
        CREATE INDEX IF NOT EXISTS alerts_resolved ON ${s}.alerts (resolved_at) WHERE state = 'resolved';
        CREATE TABLE IF NOT EXISTS ${s}.alert_series (series text PRIMARY KEY, newest_ts bigint NOT NULL);`;
      return { lockKey, migration: ddl };
    });
  }

  async createRule(spec: AlertRuleSpec, now: number): Promise<AlertRule> {
    const rule: AlertRule = { ...spec, id: newRuleId(), created_at: now };
    await this.db.query(`INSERT INTO ${this.s}.alert_rules (id, spec, created_at) VALUES ($1, $2, $3)`, [rule.id, JSON.stringify(spec), now]);
    return rule;
  }

  async rules(): Promise<AlertRule[]> {
    const r = await this.db.query<{ id: string; spec: unknown; created_at: string }>(`SELECT id, spec, created_at FROM ${this.s}.alert_rules ORDER BY created_at, id`);
    return r.rows.map((x) => ({ ...specFromStore(x.spec), id: x.id, created_at: Number(x.created_at) }));
  }

  async rule(id: string): Promise<AlertRule | undefined> {
    const x = (await this.db.query<{ id: string; spec: unknown; created_at: string }>(`SELECT id, spec, created_at FROM ${this.s}.alert_rules WHERE id = $1`, [id])).rows[0];
    return x && { ...specFromStore(x.spec), id: x.id, created_at: Number(x.created_at) };
  }

  async updateRule(id: string, spec: AlertRuleSpec): Promise<AlertRule | undefined> {
    const x = (await this.db.query<{ created_at: string }>(`UPDATE ${this.s}.alert_rules SET spec = $2 WHERE id = $1 RETURNING created_at`, [id, JSON.stringify(spec)])).rows[0];
    return x && { ...spec, id, created_at: Number(x.created_at) };
  }

  async deleteRule(id: string): Promise<boolean> {
    return (await this.removeRule(id)) !== undefined;
  }

  async removeRule(id: string): Promise<RemovedRule | undefined> {
    // One statement, so a rule never disappears while its alerts stay behind, and of two replicas
    // deleting at once only one gets the rows back (the other's DELETE finds nothing).
    const r = await this.db.query<{ rule: { id: string; spec: unknown; created_at: string } | null; alerts: Row[] | null }>(`
      WITH a AS (DELETE FROM ${this.s}.alerts WHERE rule_id = $1 RETURNING *), r AS (DELETE FROM ${this.s}.alert_rules WHERE id = $1 RETURNING *)
      SELECT (SELECT row_to_json(r) FROM r) AS rule, (SELECT json_agg(a) FROM a) AS alerts`, [id]);
    const x = r.rows[0]?.rule;
    if (!x) return undefined;
    return { rule: { ...specFromStore(x.spec), id: x.id, created_at: Number(x.created_at) }, alerts: (r.rows[0]?.alerts ?? []).map(toState) };
  }

  async alerts(filter: AlertFilter = {}): Promise<AlertState[]> {
    const r = await this.db.query<Row>(`SELECT * FROM ${this.s}.alerts WHERE ($1::text IS NULL OR state = $1) AND ($2::text IS NULL OR rule_id = $2) ORDER BY started_at DESC, fingerprint`, [filter.state ?? null, filter.ruleId ?? null]);
    return r.rows.map(toState);
  }

  async transition(t: Transition): Promise<AlertState | undefined> {
    const client = await this.db.connect();
    try {
      await client.query('BEGIN');
      if (t.firing) {
        // A placeholder row (resolved, which `decide` treats like none; a holding condition always
        // overwrites it) gives FOR UPDATE something to lock on a first firing: a racing replica's
        // INSERT waits on the key, then its SELECT sees the committed result.
        await client.query(`INSERT INTO ${this.s}.alerts (rule_id, fingerprint, state, summary, value, started_at, updated_at)
          VALUES ($1, $2, 'resolved', '', NULL, $3, $3) ON CONFLICT DO NOTHING`, [t.ruleId, t.fingerprint, t.now]);
      }
      const row = (await client.query<Row>(`SELECT * FROM ${this.s}.alerts WHERE rule_id = $1 AND fingerprint = $2 FOR UPDATE`, [t.ruleId, t.fingerprint])).rows[0];
      const d = decide(row && toState(row), t);
      if (d.remove) await client.query(`DELETE FROM ${this.s}.alerts WHERE rule_id = $1 AND fingerprint = $2`, [t.ruleId, t.fingerprint]);
      if (d.write) {
        const w = d.write;
        await client.query(`INSERT INTO ${this.s}.alerts (rule_id, fingerprint, state, summary, value, labels, started_at, resolved_at, last_notified_at, updated_at)
          VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT (rule_id, fingerprint) DO UPDATE SET state = excluded.state, summary = excluded.summary,
          value = excluded.value, labels = excluded.labels, started_at = excluded.started_at, resolved_at = excluded.resolved_at,
          last_notified_at = excluded.last_notified_at, updated_at = excluded.updated_at`,
        [w.rule_id, w.fingerprint, w.state, w.summary, w.value, JSON.stringify(w.labels), w.started_at, w.resolved_at, w.last_notified_at, w.updated_at]);
      }
      await client.query('COMMIT');
      return d.notify ? d.write : undefined;
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw err;
    } finally {
      client.release();
    }
  }

  async advanceSeries(newest: Map<string, number>): Promise<Map<string, number>> {
    // Sorted, so two replicas lock the same series rows in the same order (no deadlock).
    const entries = [...newest].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    const params = [entries.map(([k]) => k), entries.map(([, ts]) => Math.round(ts))];
    const client = await this.db.connect();
    try {
      await client.query('BEGIN');
      // Lock what exists first: a replica advancing the same series waits here and then reads our value.
      const was = await client.query<{ series: string; newest_ts: string }>(
        `SELECT series, newest_ts FROM ${this.s}.alert_series WHERE series = ANY($1::text[]) ORDER BY series FOR UPDATE`, [params[0]]);
      await client.query(`INSERT INTO ${this.s}.alert_series AS a (series, newest_ts) SELECT * FROM unnest($1::text[], $2::bigint[])
        ON CONFLICT (series) DO UPDATE SET newest_ts = greatest(a.newest_ts, excluded.newest_ts)`, params);
      await client.query('COMMIT');
      return new Map(was.rows.map((r) => [r.series, Number(r.newest_ts)]));
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw err;
    } finally {
      client.release();
    }
  }

  async prune(before: number): Promise<PruneResult> {
    const r = await this.db.query<{ resolved: string; series: string }>(`
      WITH a AS (DELETE FROM ${this.s}.alerts WHERE state = 'resolved' AND resolved_at < $1 RETURNING 1),
        s AS (DELETE FROM ${this.s}.alert_series WHERE newest_ts < $1 RETURNING 1)
      SELECT (SELECT count(*) FROM a) AS resolved, (SELECT count(*) FROM s) AS series`, [Math.round(before)]);
    return { resolved: Number(r.rows[0]?.resolved ?? 0), series: Number(r.rows[0]?.series ?? 0) };
  }
}
