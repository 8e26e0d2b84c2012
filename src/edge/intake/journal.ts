import type Database from 'better-sqlite3';
import type { Reading } from '../../core/schemas.js';
import type { Severity } from '../../core/severity.js';
import type { StateRow } from '../route/aggregator.js';

/** A reading as the local store takes it. */
export type JournalReading = Reading & { severity: Severity; score: number };

const LEVEL: Record<Severity, number> = { normal: 0, warning: 1, critical: 2 };
const SEVERITY: Severity[] = ['normal', 'warning', 'critical'];

/** One commit's readings, series written once: `[node, sensor, kind, unit, location]` and `[series, ts, value, level, score]`. */
interface Body {
  s: [string, string, string, string, string | null][];
  r: [number, number, number, number, number][];
}

/**
 * The intake's tables, kept in the outbox's SQLite file (WAL, `synchronous=FULL`) so that one
 * commit covers the events it queues, the router state it changes and the readings it accepts:
 * - `intake_journal`: one row per commit with the readings the local store has not flushed yet;
 *   rows up to the store's `journal_through` are forgotten, the rest are replayed into it on start.
 * - `intake_state`: what the router and collector hold between readings (open aggregate windows,
 *   closed windows waiting for their node's other series, the warning batch, readings held for
 *   the clock), one row per key, so a restart resumes exactly where the last commit left it.
 * @example
 * const journal = new IntakeJournal(() => outbox.database());
 * journal.open();
 * const seq = journal.append(readings);
 */
export class IntakeJournal {
  private sql?: ReturnType<IntakeJournal['prepare']>;
  private db?: Database.Database;

  /** `database`: the outbox's handle, read at `open()` (the outbox opens first). */
  constructor(private readonly database: () => Database.Database) {}

  open(): void {
    this.db = this.database();
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS intake_journal (seq INTEGER PRIMARY KEY AUTOINCREMENT, body TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS intake_state (key TEXT PRIMARY KEY, body TEXT NOT NULL) WITHOUT ROWID;`);
    this.sql = this.prepare();
  }

  /** The handle the journal writes through (open). */
  handle(): Database.Database {
    if (!this.db) throw new Error('IntakeJournal used before open()');
    return this.db;
  }

  /** Runs `fn` in one transaction (one fsync at commit); it rolls back when `fn` throws. */
  transaction<T>(fn: () => T): T {
    return this.db!.transaction(fn)();
  }

  /** Appends one commit's readings; returns its row number. Call inside `transaction()`. */
  append(readings: JournalReading[]): number {
    return Number(this.run().insert.run(encode(readings)).lastInsertRowid);
  }

  writeState(rows: StateRow[]): void {
    const sql = this.run();
    for (const r of rows) {
      if (r.body === null) sql.deleteState.run(r.key);
      else sql.putState.run(r.key, r.body);
    }
  }

  loadState(): StateRow[] {
    return this.run().state.all() as StateRow[];
  }

  /** Forgets rows up to `seq` (the local store has flushed them). */
  forgetThrough(seq: number): void {
    this.run().forget.run(seq);
  }

  /** Rows after `seq`, oldest first, decoded. */
  *after(seq: number): Generator<{ seq: number; readings: JournalReading[] }> {
    for (const row of this.run().after.iterate(seq) as Iterable<{ seq: number; body: string }>) yield { seq: row.seq, readings: decode(row.body) };
  }

  stats(): { rows: number } {
    return { rows: (this.run().count.get() as { n: number }).n };
  }

  private run(): NonNullable<IntakeJournal['sql']> {
    if (!this.sql) throw new Error('IntakeJournal used before open()');
    return this.sql;
  }

  private prepare() {
    const db = this.db!;
    return {
      insert: db.prepare('INSERT INTO intake_journal (body) VALUES (?)'),
      forget: db.prepare('DELETE FROM intake_journal WHERE seq <= ?'),
      after: db.prepare('SELECT seq, body FROM intake_journal WHERE seq > ? ORDER BY seq'),
      count: db.prepare('SELECT count(*) AS n FROM intake_journal'),
      putState: db.prepare('INSERT INTO intake_state (key, body) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET body = excluded.body'),
      deleteState: db.prepare('DELETE FROM intake_state WHERE key = ?'),
      state: db.prepare('SELECT key, body FROM intake_state ORDER BY key'),
    };
  }
}

function encode(readings: JournalReading[]): string {
  const body: Body = { s: [], r: [] };
  const index = new Map<string, number>();
  for (const r of readings) {
    const key = `${r.node}\u0000${r.sensor}\u0000${r.kind}\u0000${r.unit}\u0000${r.location ?? ''}`;
    let i = index.get(key);
    if (i === undefined) {
      i = body.s.length;
      index.set(key, i);
      body.s.push([r.node, r.sensor, r.kind, r.unit, r.location ?? null]);
    }
    body.r.push([i, r.ts, r.value, LEVEL[r.severity], r.score]);
  }
  return JSON.stringify(body);
}

function decode(text: string): JournalReading[] {
  const body = JSON.parse(text) as Body;
  return body.r.map(([i, ts, value, level, score]) => {
    const [node, sensor, kind, unit, location] = body.s[i]!;
    return { node, sensor, kind, unit, ts, value, severity: SEVERITY[level]!, score, ...(location !== null ? { location } : {}) };
  });
}
