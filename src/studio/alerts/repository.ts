import type Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { foldWal, openSqliteFile, requireOpen } from '../sqlite-file.js';
import { decide, type AlertState, type AlertStateName, type Transition } from './alert.js';
import { specFromStore, type AlertRule, type AlertRuleSpec } from './rule.js';

export type { Transition } from './alert.js';

/** Which alerts to list. */
export interface AlertFilter {
  state?: AlertStateName;
  ruleId?: string;
}

/** Where rules and alert states live. One contract (repository.test.ts) for every engine. */
export interface AlertRepository {
  open(): Promise<void>;
  close(): Promise<void>;
  createRule(spec: AlertRuleSpec, now: number): Promise<AlertRule>;
  rules(): Promise<AlertRule[]>;
  rule(id: string): Promise<AlertRule | undefined>;
  /** Replaces a rule's spec (id and creation time stay); undefined when there is no such rule. */
  updateRule(id: string, spec: AlertRuleSpec): Promise<AlertRule | undefined>;
  /** Deletes the rule and its alerts; false when there was no such rule. */
  deleteRule(id: string): Promise<boolean>;
  /**
   * Deletes the rule and its alerts in one step and answers what was there (undefined when
   * nothing was), so exactly one caller (replica) learns which alerts were firing and resolves them.
   */
  removeRule(id: string): Promise<RemovedRule | undefined>;
  alerts(filter?: AlertFilter): Promise<AlertState[]>;
  /**
   * Applies one evaluation atomically (see `decide`); returns the alert only when this call must
   * notify it, so a transition is notified once even with several replicas writing.
   */
  transition(t: Transition): Promise<AlertState | undefined>;
  /**
   * Records the newest point time seen per series (`node/sensor` → epoch ms; a value only moves
   * forward) and answers, atomically, what was recorded before this call: what tells a backlog
   * reading from a current one.
   */
  advanceSeries(newest: Map<string, number>): Promise<Map<string, number>>;
  /** Deletes resolved alerts resolved before `before`, and series last seen before it. */
  prune(before: number): Promise<PruneResult>;
}

/** A deleted rule and the alerts it had when it went. */
export interface RemovedRule {
  rule: AlertRule;
  alerts: AlertState[];
}

/** Rows `prune` deleted. */
export interface PruneResult {
  resolved: number;
  series: number;
}

/** A new short id; rules are named in plain language ("delete alert 3f9a1c2b"). */
export const newRuleId = (): string => randomUUID().slice(0, 8);

interface Row { rule_id: string; fingerprint: string; state: AlertStateName; summary: string; value: number | null; labels: string | null; started_at: number; resolved_at: number | null; last_notified_at: number | null; updated_at: number | null }

const toState = (r: Row): AlertState => ({ ...r, labels: r.labels ? (JSON.parse(r.labels) as Record<string, string>) : {}, updated_at: r.updated_at ?? r.started_at });

/**
 * SQLite alert repository: its own tables, in its own file or in the studio's (pass the open
 * `Database`, which this repository then never closes).
 * @example
 * const repo = new SqliteAlertRepository('./data/alerts.db'); await repo.open();
 * const shared = new SqliteAlertRepository(studioDb); // same file as the studio's store
 */
export class SqliteAlertRepository implements AlertRepository {
  private db?: Database.Database;

  constructor(private readonly source: string | Database.Database) {}

  async open(): Promise<void> {
    if (this.db) return;
    const db = typeof this.source === 'string' ? openSqliteFile(this.source) : this.source;
    db.exec(`
      CREATE TABLE IF NOT EXISTS alert_rules (id TEXT PRIMARY KEY, spec TEXT NOT NULL, created_at INTEGER NOT NULL);
      CREATE TABLE IF NOT EXISTS alerts (
        rule_id TEXT NOT NULL, fingerprint TEXT NOT NULL, state TEXT NOT NULL, summary TEXT NOT NULL, value REAL,
        started_at INTEGER NOT NULL, resolved_at INTEGER, last_notified_at INTEGER,
        PRIMARY KEY (rule_id, fingerprint)) WITHOUT ROWID;
      CREATE TABLE IF NOT EXISTS alert_series (series TEXT PRIMARY KEY, newest_ts INTEGER NOT NULL) WITHOUT ROWID;`);
    // Files written before labels and updated_at existed get the columns (SQLite has no ADD COLUMN IF NOT EXISTS).
    const cols = new Set((db.prepare('PRAGMA table_info(alerts)').all() as { name: string }[]).map((c) => c.name));
    if (!cols.has('labels')) db.exec('ALTER TABLE alerts ADD COLUMN labels TEXT');
    if (!cols.has('updated_at')) db.exec('ALTER TABLE alerts ADD COLUMN updated_at INTEGER');
    db.exec("CREATE INDEX IF NOT EXISTS alerts_resolved ON alerts(resolved_at) WHERE state = 'resolved'");
    foldWal(db);
    this.db = db;
  }

  async close(): Promise<void> {
    if (typeof this.source === 'string') this.db?.close();
    this.db = undefined;
  }

  private get conn(): Database.Database {
    return requireOpen(this.db, 'SqliteAlertRepository');
  }

  async createRule(spec: AlertRuleSpec, now: number): Promise<AlertRule> {
    const rule: AlertRule = { ...spec, id: newRuleId(), created_at: now };
    this.conn.prepare('INSERT INTO alert_rules (id, spec, created_at) VALUES (?, ?, ?)').run(rule.id, JSON.stringify(spec), now);
    return rule;
  }

  async rules(): Promise<AlertRule[]> {
    return (this.conn.prepare('SELECT id, spec, created_at FROM alert_rules ORDER BY created_at, id').all() as { id: string; spec: string; created_at: number }[])
      .map((r) => ({ ...specFromStore(JSON.parse(r.spec)), id: r.id, created_at: r.created_at }));
  }

  async rule(id: string): Promise<AlertRule | undefined> {
    const r = this.conn.prepare('SELECT id, spec, created_at FROM alert_rules WHERE id = ?').get(id) as { id: string; spec: string; created_at: number } | undefined;
    return r && { ...specFromStore(JSON.parse(r.spec)), id: r.id, created_at: r.created_at };
  }

  async updateRule(id: string, spec: AlertRuleSpec): Promise<AlertRule | undefined> {
    const r = this.conn.prepare('UPDATE alert_rules SET spec = ? WHERE id = ? RETURNING created_at').get(JSON.stringify(spec), id) as { created_at: number } | undefined;
    return r && { ...spec, id, created_at: r.created_at };
  }

  async deleteRule(id: string): Promise<boolean> {
    return (await this.removeRule(id)) !== undefined;
  }

  async removeRule(id: string): Promise<RemovedRule | undefined> {
    const tx = this.conn.transaction((): RemovedRule | undefined => {
      const rule = this.conn.prepare('DELETE FROM alert_rules WHERE id = ? RETURNING id, spec, created_at').get(id) as { id: string; spec: string; created_at: number } | undefined;
      const alerts = (this.conn.prepare('DELETE FROM alerts WHERE rule_id = ? RETURNING *').all(id) as Row[]).map(toState);
      return rule && { rule: { ...specFromStore(JSON.parse(rule.spec)), id: rule.id, created_at: rule.created_at }, alerts };
    });
    return tx.immediate();
  }

  async alerts(filter: AlertFilter = {}): Promise<AlertState[]> {
    return (this.conn.prepare('SELECT * FROM alerts WHERE (? IS NULL OR state = ?) AND (? IS NULL OR rule_id = ?) ORDER BY started_at DESC, fingerprint')
      .all(filter.state ?? null, filter.state ?? null, filter.ruleId ?? null, filter.ruleId ?? null) as Row[]).map(toState);
  }

  async transition(t: Transition): Promise<AlertState | undefined> {
    const tx = this.conn.transaction((): AlertState | undefined => {
      const row = this.conn.prepare('SELECT * FROM alerts WHERE rule_id = ? AND fingerprint = ?').get(t.ruleId, t.fingerprint) as Row | undefined;
      const d = decide(row && toState(row), t);
      if (d.remove) this.conn.prepare('DELETE FROM alerts WHERE rule_id = ? AND fingerprint = ?').run(t.ruleId, t.fingerprint);
      if (d.write) {
        const w = d.write;
        this.conn.prepare(`INSERT INTO alerts (rule_id, fingerprint, state, summary, value, labels, started_at, resolved_at, last_notified_at, updated_at)
          VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (rule_id, fingerprint) DO UPDATE SET state = excluded.state, summary = excluded.summary,
          value = excluded.value, labels = excluded.labels, started_at = excluded.started_at, resolved_at = excluded.resolved_at,
          last_notified_at = excluded.last_notified_at, updated_at = excluded.updated_at`)
          .run(w.rule_id, w.fingerprint, w.state, w.summary, w.value, JSON.stringify(w.labels), w.started_at, w.resolved_at, w.last_notified_at, w.updated_at);
      }
      return d.notify ? d.write : undefined;
    });
    // IMMEDIATE takes the write lock before the read, so replicas sharing the file serialise here.
    return tx.immediate();
  }

  async advanceSeries(newest: Map<string, number>): Promise<Map<string, number>> {
    const read = this.conn.prepare('SELECT newest_ts FROM alert_series WHERE series = ?').pluck();
    const write = this.conn.prepare(`INSERT INTO alert_series (series, newest_ts) VALUES (?, ?)
      ON CONFLICT (series) DO UPDATE SET newest_ts = max(newest_ts, excluded.newest_ts)`);
    const tx = this.conn.transaction(() => {
      const before = new Map<string, number>();
      for (const [series, ts] of newest) {
        const was = read.get(series) as number | undefined;
        if (was !== undefined) before.set(series, was);
        write.run(series, Math.round(ts));
      }
      return before;
    });
    return tx.immediate();
  }

  async prune(before: number): Promise<PruneResult> {
    const tx = this.conn.transaction((): PruneResult => ({
      resolved: this.conn.prepare("DELETE FROM alerts WHERE state = 'resolved' AND resolved_at < ?").run(before).changes,
      series: this.conn.prepare('DELETE FROM alert_series WHERE newest_ts < ?').run(before).changes,
    }));
    return tx.immediate();
  }
}
