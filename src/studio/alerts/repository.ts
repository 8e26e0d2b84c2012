import type Database from 'better-sqlite3';
import { openSqliteFile, requireOpen } from '../sqlite-file.js';
import { randomUUID } from 'node:crypto';
import type { AlertRule, AlertRuleSpec, AlertState } from './rule.js';

/** Where rules and alert states live. */
export interface AlertRepository {
  open(): Promise<void>;
  close(): Promise<void>;
  createRule(spec: AlertRuleSpec, now: number): Promise<AlertRule>;
  rules(): Promise<AlertRule[]>;
  rule(id: string): Promise<AlertRule | undefined>;
  deleteRule(id: string): Promise<boolean>;
  alerts(filter?: { state?: 'firing' | 'resolved'; ruleId?: string }): Promise<AlertState[]>;
  /**
   * Moves one alert to `firing` or `resolved`; returns the new state only when it changed (or is
   * due for a repeat), so one transition is notified once even with several writers.
   */
  transition(ruleId: string, fingerprint: string, firing: boolean, summary: string, value: number | null, now: number, repeatMs: number): Promise<AlertState | undefined>;
}

interface Row { rule_id: string; fingerprint: string; state: 'firing' | 'resolved'; summary: string; value: number | null; started_at: number; resolved_at: number | null; last_notified_at: number | null }

/**
 * SQLite alert repository (its own tables; may share the studio's file).
 * @example
 * const repo = new SqliteAlertRepository('./data/studio.db'); await repo.open();
 */
export class SqliteAlertRepository implements AlertRepository {
  private db?: Database.Database;

  constructor(private readonly path: string) {}

  async open(): Promise<void> {
    const db = openSqliteFile(this.path);
    db.exec(`
      CREATE TABLE IF NOT EXISTS alert_rules (id TEXT PRIMARY KEY, spec TEXT NOT NULL, created_at INTEGER NOT NULL);
      CREATE TABLE IF NOT EXISTS alerts (
        rule_id TEXT NOT NULL, fingerprint TEXT NOT NULL, state TEXT NOT NULL, summary TEXT NOT NULL, value REAL,
        started_at INTEGER NOT NULL, resolved_at INTEGER, last_notified_at INTEGER,
        PRIMARY KEY (rule_id, fingerprint)) WITHOUT ROWID;`);
    this.db = db;
  }

  async close(): Promise<void> {
    this.db?.close();
    this.db = undefined;
  }

  private get conn(): Database.Database {
    return requireOpen(this.db, 'SqliteAlertRepository');
  }

  async createRule(spec: AlertRuleSpec, now: number): Promise<AlertRule> {
    const rule: AlertRule = { ...spec, id: randomUUID().slice(0, 8), created_at: now };
    this.conn.prepare('INSERT INTO alert_rules (id, spec, created_at) VALUES (?, ?, ?)').run(rule.id, JSON.stringify(spec), now);
    return rule;
  }

  async rules(): Promise<AlertRule[]> {
    return (this.conn.prepare('SELECT id, spec, created_at FROM alert_rules ORDER BY created_at, id').all() as { id: string; spec: string; created_at: number }[])
      .map((r) => ({ ...(JSON.parse(r.spec) as AlertRuleSpec), id: r.id, created_at: r.created_at }));
  }

  async rule(id: string): Promise<AlertRule | undefined> {
    return (await this.rules()).find((r) => r.id === id);
  }

  async deleteRule(id: string): Promise<boolean> {
    const tx = this.conn.transaction(() => {
      this.conn.prepare('DELETE FROM alerts WHERE rule_id = ?').run(id);
      return this.conn.prepare('DELETE FROM alert_rules WHERE id = ?').run(id).changes > 0;
    });
    return tx();
  }

  async alerts(filter: { state?: 'firing' | 'resolved'; ruleId?: string } = {}): Promise<AlertState[]> {
    return this.conn.prepare(`SELECT * FROM alerts WHERE (? IS NULL OR state = ?) AND (? IS NULL OR rule_id = ?) ORDER BY started_at DESC`)
      .all(filter.state ?? null, filter.state ?? null, filter.ruleId ?? null, filter.ruleId ?? null) as Row[];
  }

  async transition(ruleId: string, fingerprint: string, firing: boolean, summary: string, value: number | null, now: number, repeatMs: number): Promise<AlertState | undefined> {
    const tx = this.conn.transaction((): AlertState | undefined => {
      const cur = this.conn.prepare('SELECT * FROM alerts WHERE rule_id = ? AND fingerprint = ?').get(ruleId, fingerprint) as Row | undefined;
      if (firing) {
        if (!cur || cur.state === 'resolved') {
          this.conn.prepare(`INSERT INTO alerts VALUES (?, ?, 'firing', ?, ?, ?, NULL, ?)
            ON CONFLICT (rule_id, fingerprint) DO UPDATE SET state = 'firing', summary = excluded.summary, value = excluded.value,
              started_at = excluded.started_at, resolved_at = NULL, last_notified_at = excluded.last_notified_at`).run(ruleId, fingerprint, summary, value, now, now);
          return { rule_id: ruleId, fingerprint, state: 'firing', summary, value, started_at: now, resolved_at: null, last_notified_at: now };
        }
        this.conn.prepare('UPDATE alerts SET summary = ?, value = ? WHERE rule_id = ? AND fingerprint = ?').run(summary, value, ruleId, fingerprint);
        if (cur.last_notified_at !== null && now - cur.last_notified_at >= repeatMs) {
          this.conn.prepare('UPDATE alerts SET last_notified_at = ? WHERE rule_id = ? AND fingerprint = ?').run(now, ruleId, fingerprint);
          return { ...cur, summary, value, last_notified_at: now };
        }
        return undefined;
      }
      if (!cur || cur.state === 'resolved') return undefined;
      this.conn.prepare("UPDATE alerts SET state = 'resolved', resolved_at = ?, summary = ?, value = ? WHERE rule_id = ? AND fingerprint = ?").run(now, summary, value, ruleId, fingerprint);
      return { ...cur, state: 'resolved', resolved_at: now, summary, value };
    });
    return tx.immediate();
  }
}
