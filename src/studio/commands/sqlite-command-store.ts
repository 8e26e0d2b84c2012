import type { CommandState } from '../../core/commands.js';
import { SqliteRepository } from '../sqlite-file.js';
import type { ChannelRow, CommandRow, CommandSignal, CommandStore } from './command-store.js';

const WAITING = "state IN ('queued','delivered')";

const SCHEMA = `CREATE TABLE IF NOT EXISTS commands (
  id TEXT PRIMARY KEY, node TEXT NOT NULL, type TEXT NOT NULL, params TEXT NOT NULL, state TEXT NOT NULL,
  created_at INTEGER NOT NULL, deadline INTEGER NOT NULL, delivered_at INTEGER, attempts INTEGER NOT NULL DEFAULT 0,
  completed_at INTEGER, result TEXT, error TEXT);
  CREATE INDEX IF NOT EXISTS commands_waiting ON commands (node, state, created_at);
  CREATE INDEX IF NOT EXISTS commands_deadline ON commands (state, deadline);`;

/**
 * Commands in a SQLite file (`commands.db`, synchronous=FULL: a command answered 202 is on disk).
 * One process owns the file (the data directory's lock), so every change is seen by the queue that
 * made it and no signal crosses processes; the channel's poll times are this process's, in memory.
 * @example
 * const store = new SqliteCommandStore('./data/commands.db'); await store.open();
 */
export class SqliteCommandStore extends SqliteRepository implements CommandStore {
  private readonly channels = new Map<string, ChannelRow>();

  constructor(path: string) {
    super(path, SCHEMA, 'FULL');
  }

  async insert(row: Pick<CommandRow, 'id' | 'node' | 'type' | 'params' | 'created_at' | 'deadline'>, maxPerNode: number): Promise<boolean> {
    const db = this.db;
    return db.transaction(() => {
      const waiting = (db.prepare(`SELECT count(*) AS n FROM commands WHERE node = ? AND ${WAITING}`).get(row.node) as { n: number }).n;
      if (waiting >= maxPerNode) return false;
      db.prepare("INSERT INTO commands (id, node, type, params, state, created_at, deadline) VALUES (?, ?, ?, ?, 'queued', ?, ?)").run(row.id, row.node, row.type, row.params, row.created_at, row.deadline);
      return true;
    })();
  }

  async get(id: string): Promise<CommandRow | undefined> {
    return this.db.prepare('SELECT * FROM commands WHERE id = ?').get(id) as CommandRow | undefined;
  }

  async list(node: string, limit: number): Promise<CommandRow[]> {
    return this.db.prepare('SELECT * FROM commands WHERE node = ? ORDER BY created_at DESC, id DESC LIMIT ?').all(node, limit) as CommandRow[];
  }

  async depth(): Promise<number> {
    return (this.db.prepare(`SELECT count(*) AS n FROM commands WHERE ${WAITING}`).get() as { n: number }).n;
  }

  async take(node: string, holding: readonly string[], askedAt: number, now: number, limit: number): Promise<CommandRow[]> {
    const db = this.db;
    const held = new Set(holding);
    return db.transaction(() => {
      // Scanned in pages: delivered commands the node still holds are skipped, never a reason to stop early.
      const due: CommandRow[] = [];
      const page = db.prepare(`SELECT * FROM commands WHERE node = ? AND ${WAITING} AND deadline > ? ORDER BY created_at, id LIMIT ? OFFSET ?`);
      for (let offset = 0; due.length < limit; offset += 256) {
        const rows = page.all(node, now, 256, offset) as CommandRow[];
        for (const r of rows) if (due.length < limit && (r.state === 'queued' || (!held.has(r.id) && (r.delivered_at ?? 0) <= askedAt))) due.push(r);
        if (rows.length < 256) break;
      }
      const mark = db.prepare("UPDATE commands SET state = 'delivered', delivered_at = ?, attempts = attempts + 1 WHERE id = ?");
      for (const r of due) mark.run(now, r.id);
      return due.map((r) => ({ ...r, state: 'delivered' as const, delivered_at: now, attempts: r.attempts + 1 }));
    })();
  }

  async waiting(now: number, limit: number): Promise<CommandRow[]> {
    return this.db.prepare(`SELECT * FROM commands WHERE ${WAITING} AND deadline > ? ORDER BY created_at, id LIMIT ?`).all(now, limit) as CommandRow[];
  }

  async due(now: number, limit: number): Promise<CommandRow[]> {
    return this.db.prepare(`SELECT * FROM commands WHERE ${WAITING} AND deadline <= ? ORDER BY deadline LIMIT ?`).all(now, limit) as CommandRow[];
  }

  async finish(id: string, state: CommandState, result: string | null, error: string | null, now: number): Promise<boolean> {
    return this.db.prepare(`UPDATE commands SET state = ?, result = ?, error = ?, completed_at = ? WHERE id = ? AND ${WAITING}`).run(state, result, error, now, id).changes === 1;
  }

  async purge(before: number): Promise<number> {
    return this.db.prepare(`DELETE FROM commands WHERE NOT ${WAITING} AND completed_at < ?`).run(before).changes;
  }

  async pollOpened(node: string, at: number, until: number): Promise<void> {
    const c = this.channels.get(node);
    this.channels.set(node, { lastPollAt: at, pollingUntil: Math.max(c?.pollingUntil ?? 0, until) });
  }

  async pollEnded(node: string, at: number, until: number): Promise<void> {
    const c = this.channels.get(node);
    this.channels.set(node, { lastPollAt: at, pollingUntil: c && c.pollingUntil !== until ? c.pollingUntil : at });
  }

  async channel(node: string): Promise<ChannelRow> {
    return this.channels.get(node) ?? { lastPollAt: null, pollingUntil: 0 };
  }

  onSignal(_listener: (s: CommandSignal) => void): void {
    // One process owns the file: the queue already wakes its own waiters.
  }

  recheckMs(): number {
    return Infinity;
  }
}
