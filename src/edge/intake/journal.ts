import type Database from 'better-sqlite3';
import type { Reading } from '../../core/schemas.js';
import type { Severity } from '../../core/severity.js';
import type { StateRow } from '../route/aggregator.js';

/** A reading as the local store takes it. */
export type JournalReading = Reading & { severity: Severity; score: number };

const LEVEL: Record<Severity, number> = { normal: 0, warning: 1, critical: 2 };
const SEVERITY: Severity[] = ['normal', 'warning', 'critical'];

type SeriesTuple = [string, string, string, string, string | null];

/** One commit's readings as JSON (rows written before the binary layout; still read): series once, then `[series, ts, value, level, score]`. */
interface Body {
  s: SeriesTuple[];
  r: [number, number, number, number, number][];
}

/** Marks the binary layout: 4 bytes, then the series JSON's length (u32 LE), the JSON padded to 8 bytes, then 5 float64 per reading. */
const MAGIC = 0x314a4948; // 'HIJ1'
const FIELDS = 5;

/**
 * The intake's tables, kept in the outbox's SQLite file (WAL, `synchronous=FULL`) so that one
 * commit covers the events it queues, the router state it changes and the readings it accepts:
 * - `intake_journal`: one row per commit with the readings the local store has not flushed yet
 *   (a BLOB: series JSON + five float64 per reading; older JSON text rows are still read);
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
      CREATE TABLE IF NOT EXISTS intake_journal (seq INTEGER PRIMARY KEY AUTOINCREMENT, body BLOB NOT NULL);
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
    for (const row of this.run().after.iterate(seq) as Iterable<{ seq: number; body: string | Buffer }>) yield { seq: row.seq, readings: decode(row.body) };
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

/**
 * One commit's readings as one BLOB: the series (each once) as JSON, then every reading as five
 * float64 — `[series, ts, value, level, score]` — written straight into a typed array: no
 * object or string per reading.
 */
export function encode(readings: JournalReading[]): Buffer {
  const series: SeriesTuple[] = [];
  const index = new Map<string, Map<string, { kind: string; unit: string; location: string | undefined; i: number }[]>>();
  const rows = new Float64Array(readings.length * FIELDS);
  let o = 0;
  for (const r of readings) {
    let bySensor = index.get(r.node);
    if (!bySensor) index.set(r.node, (bySensor = new Map()));
    let known = bySensor.get(r.sensor);
    if (!known) bySensor.set(r.sensor, (known = []));
    let i = -1;
    for (const k of known) if (k.kind === r.kind && k.unit === r.unit && k.location === r.location) { i = k.i; break; }
    if (i < 0) {
      i = series.length;
      known.push({ kind: r.kind, unit: r.unit, location: r.location, i });
      series.push([r.node, r.sensor, r.kind, r.unit, r.location ?? null]);
    }
    rows[o++] = i;
    rows[o++] = r.ts;
    rows[o++] = r.value;
    rows[o++] = LEVEL[r.severity];
    rows[o++] = r.score;
  }
  const json = Buffer.from(JSON.stringify(series));
  const padded = Math.ceil(json.length / 8) * 8;
  const head = Buffer.alloc(8 + padded);
  head.writeUInt32LE(MAGIC, 0);
  head.writeUInt32LE(json.length, 4);
  json.copy(head, 8);
  return Buffer.concat([head, Buffer.from(rows.buffer, rows.byteOffset, rows.byteLength)]);
}

export function decode(body: string | Buffer): JournalReading[] {
  if (typeof body === 'string') return decodeJson(body);
  if (body.length < 8 || body.readUInt32LE(0) !== MAGIC) throw new Error('intake journal row in an unknown layout');
  const length = body.readUInt32LE(4);
  const series = JSON.parse(body.toString('utf8', 8, 8 + length)) as SeriesTuple[];
  const start = 8 + Math.ceil(length / 8) * 8;
  const rows = new Float64Array(body.buffer.slice(body.byteOffset + start, body.byteOffset + body.length));
  const out: JournalReading[] = [];
  for (let o = 0; o < rows.length; o += FIELDS) {
    const [node, sensor, kind, unit, location] = series[rows[o]!]!;
    out.push({ node, sensor, kind, unit, ts: rows[o + 1]!, value: rows[o + 2]!, severity: SEVERITY[rows[o + 3]!]!, score: rows[o + 4]!, ...(location !== null ? { location } : {}) });
  }
  return out;
}

function decodeJson(text: string): JournalReading[] {
  const body = JSON.parse(text) as Body;
  return body.r.map(([i, ts, value, level, score]) => {
    const [node, sensor, kind, unit, location] = body.s[i]!;
    return { node, sensor, kind, unit, ts, value, severity: SEVERITY[level]!, score, ...(location !== null ? { location } : {}) };
  });
}
