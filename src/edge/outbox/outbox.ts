import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Severity } from '../../core/severity.js';
import type { WireEvent } from '../transport/transport.js';

const PRIORITY: Record<Severity, number> = { normal: 0, warning: 1, critical: 2 };
const NAMES: Severity[] = ['normal', 'warning', 'critical'];

export interface OutboxOptions {
  /** SQLite file of the outbox (its own file, apart from the reading store). */
  path: string;
  /** Bound on held events' bytes; at the bound normal goes first, critical last. */
  maxBytes: number;
  maxEvents: number;
  /** Called for every drop and dead letter (logging). */
  log?: (msg: string) => void;
}

export interface OutboxStats {
  depth: number;
  bytes: number;
  byPriority: Record<Severity, number>;
  dropped: Record<Severity, number>;
  deadLetters: number;
}

/**
 * The durable outbox: every event waits here, on disk, until the studio acknowledges it.
 * WAL with `synchronous=FULL`, so an enqueued event survives `kill -9` and power loss (each
 * commit is fsynced; SQLite's WAL is append-only, so a torn write loses at most the commit in
 * flight, never older ones). An event's id is fixed when it is enqueued and never changes, so
 * retries are safe: the studio stores each source+id once.
 * @example
 * const outbox = new Outbox({ path: 'data/outbox.db', maxBytes: 64 << 20, maxEvents: 200_000 });
 * outbox.open();
 * outbox.enqueue(event, 'critical');
 */
export class Outbox {
  private db?: Database.Database;
  private stmts?: ReturnType<Outbox['prepare']>;
  private held = { count: 0, bytes: 0 };
  private readonly dropped: Record<Severity, number> = { normal: 0, warning: 0, critical: 0 };
  private readonly listeners: ((priority: Severity) => void)[] = [];

  constructor(private readonly options: OutboxOptions) {}

  open(): void {
    mkdirSync(dirname(this.options.path), { recursive: true });
    const db = new Database(this.options.path);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    // The outbox is a queue read from its head: a small cache serves it, and SQLite's 2 MiB
    // default would be resident memory on a node that has been up for days.
    db.pragma('cache_size = -256');
    db.exec(`
      CREATE TABLE IF NOT EXISTS outbox (
        seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE, priority INTEGER NOT NULL,
        bytes INTEGER NOT NULL, body TEXT NOT NULL, enqueued INTEGER NOT NULL,
        attempts INTEGER NOT NULL DEFAULT 0, next_at INTEGER NOT NULL DEFAULT 0);
      CREATE INDEX IF NOT EXISTS outbox_order ON outbox (priority DESC, seq);
      CREATE TABLE IF NOT EXISTS dead_letters (id TEXT PRIMARY KEY, reason TEXT NOT NULL, at INTEGER NOT NULL, body TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS drops (priority INTEGER PRIMARY KEY, count INTEGER NOT NULL);`);
    this.db = db;
    this.stmts = this.prepare(db);
    this.reload();
  }

  /** Re-reads the held totals and drop counters from what is committed (after a rolled-back transaction). */
  reload(): void {
    const db = this.database();
    this.held = db.prepare('SELECT count(*) AS count, coalesce(sum(bytes), 0) AS bytes FROM outbox').get() as { count: number; bytes: number };
    for (const row of db.prepare('SELECT priority, count FROM drops').all() as { priority: number; count: number }[]) this.dropped[NAMES[row.priority]!] = row.count;
  }

  /** The outbox's SQLite handle: the intake keeps its journal beside the events, so one commit covers both. */
  database(): Database.Database {
    if (!this.db) throw new Error('Outbox used before open()');
    return this.db;
  }

  close(): void {
    this.db?.close();
    this.db = undefined;
  }

  /** Called after each enqueue with its priority (the forwarder wakes at once for critical). */
  onEnqueue(listener: (priority: Severity) => void): void {
    this.listeners.push(listener);
  }

  /** Stores an event durably before returning. An id already held is kept once. */
  enqueue(event: WireEvent, priority: Severity): void {
    this.stage(event, priority);
    this.notify(priority);
  }

  /**
   * Writes an event without waking the forwarder: inside a caller's transaction (the intake's
   * group commit), which calls `notify()` once it has committed.
   */
  stage(event: WireEvent, priority: Severity): void {
    this.run().enqueue(event, PRIORITY[priority]);
  }

  notify(priority: Severity): void {
    for (const l of this.listeners) l(priority);
  }

  /** Events due now, highest priority first, oldest first within a priority; bounded in count and bytes. */
  nextBatch(maxEvents: number, maxBytes: number, now = Date.now()): (WireEvent & { attempts: number })[] {
    const rows = this.run().due.all(now, maxEvents) as { id: string; body: string; bytes: number; attempts: number }[];
    const out: (WireEvent & { attempts: number })[] = [];
    let bytes = 0;
    for (const r of rows) {
      if (out.length > 0 && bytes + r.bytes > maxBytes) break;
      bytes += r.bytes;
      out.push({ id: r.id, json: r.body, attempts: r.attempts });
    }
    return out;
  }

  /** When the next waiting event becomes due (Infinity when empty). */
  nextDueAt(): number {
    const r = this.run().nextDue.get() as { at: number | null };
    return r.at ?? Infinity;
  }

  markDelivered(ids: string[]): void {
    this.run().removeMany(ids);
  }

  /** Refused for good by the studio: moved to dead letters (kept for inspection), logged. */
  markRejected(rejected: { id: string; reason: string }[]): void {
    this.run().deadMany(rejected);
    for (const r of rejected) this.options.log?.(`[outbox] studio rejected ${r.id}: ${r.reason}`);
  }

  markRetry(ids: string[], delayMs: number, now = Date.now()): void {
    this.run().retryMany(ids, now + delayMs);
  }

  depth(): number {
    return this.held.count;
  }

  oldestAgeMs(now = Date.now()): number {
    const r = this.run().oldest.get() as { at: number | null };
    return r.at === null ? 0 : now - r.at;
  }

  stats(): OutboxStats {
    const byPriority: Record<Severity, number> = { normal: 0, warning: 0, critical: 0 };
    for (const r of this.run().byPriority.all() as { priority: number; n: number }[]) byPriority[NAMES[r.priority]!] = r.n;
    const dead = (this.db!.prepare('SELECT count(*) FROM dead_letters').pluck().get() as number);
    return { depth: this.held.count, bytes: this.held.bytes, byPriority, dropped: { ...this.dropped }, deadLetters: dead };
  }

  private run(): NonNullable<Outbox['stmts']> {
    if (!this.stmts) throw new Error('Outbox used before open()');
    return this.stmts;
  }

  private prepare(db: Database.Database) {
    const insert = db.prepare('INSERT OR IGNORE INTO outbox (id, priority, bytes, body, enqueued) VALUES (?, ?, ?, ?, ?)');
    const victim = db.prepare('SELECT seq, priority, bytes, id FROM outbox ORDER BY priority ASC, seq ASC LIMIT 1');
    const removeSeq = db.prepare('DELETE FROM outbox WHERE seq = ?');
    const removeId = db.prepare('DELETE FROM outbox WHERE id = ? RETURNING bytes');
    const countDrop = db.prepare('INSERT INTO drops (priority, count) VALUES (?, 1) ON CONFLICT (priority) DO UPDATE SET count = count + 1');
    const dead = db.prepare('INSERT OR REPLACE INTO dead_letters (id, reason, at, body) SELECT id, ?, ?, body FROM outbox WHERE id = ?');
    const retry = db.prepare('UPDATE outbox SET attempts = attempts + 1, next_at = ? WHERE id = ?');
    const drop = (priority: number, what: string) => {
      countDrop.run(priority);
      this.dropped[NAMES[priority]!]++;
      this.options.log?.(`[outbox] full (${this.held.count} events, ${this.held.bytes} bytes): dropped ${NAMES[priority]} event ${what}`);
    };
    const removeMany = db.transaction((ids: string[]) => {
      for (const id of ids) {
        const r = removeId.get(id) as { bytes: number } | undefined;
        if (r) { this.held.count--; this.held.bytes -= r.bytes; }
      }
    });
    return {
      due: db.prepare('SELECT id, body, bytes, attempts FROM outbox WHERE next_at <= ? ORDER BY priority DESC, seq LIMIT ?'),
      nextDue: db.prepare('SELECT min(next_at) AS at FROM outbox'),
      oldest: db.prepare('SELECT min(enqueued) AS at FROM outbox'),
      byPriority: db.prepare('SELECT priority, count(*) AS n FROM outbox GROUP BY priority'),
      removeMany,
      retryMany: db.transaction((ids: string[], at: number) => { for (const id of ids) retry.run(at, id); }),
      deadMany: db.transaction((rows: { id: string; reason: string }[]) => {
        for (const r of rows) dead.run(r.reason, Date.now(), r.id);
        removeMany(rows.map((r) => r.id));
      }),
      enqueue: db.transaction((wire: WireEvent, priority: number) => {
        const bytes = Buffer.byteLength(wire.json);
        // Make room: the lowest priority, oldest first; an incoming event less urgent than all held is the one dropped.
        while (this.held.count + 1 > this.options.maxEvents || this.held.bytes + bytes > this.options.maxBytes) {
          const v = victim.get() as { seq: number; priority: number; bytes: number; id: string } | undefined;
          if (!v || v.priority > priority) return drop(priority, wire.id);
          removeSeq.run(v.seq);
          this.held.count--;
          this.held.bytes -= v.bytes;
          drop(v.priority, v.id);
        }
        if (insert.run(wire.id, priority, bytes, wire.json, Date.now()).changes) {
          this.held.count++;
          this.held.bytes += bytes;
        }
      }),
    };
  }
}
