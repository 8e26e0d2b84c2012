import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * Opens (creating its folder) one of the studio's SQLite files in WAL mode with a busy timeout,
 * so the store, the alert repository and the knowledge graph can share a file or not.
 * @example
 * const db = openSqliteFile('./data/studio.db', { synchronous: 'NORMAL' });
 */
export function openSqliteFile(path: string, options: { synchronous?: 'NORMAL' | 'FULL' } = {}): Database.Database {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path);
  try {
    db.pragma('journal_mode = WAL');
    if (options.synchronous) db.pragma(`synchronous = ${options.synchronous}`);
    db.pragma('busy_timeout = 5000');
  } catch (err) {
    db.close(); // a failed open (a full disk, retried every few seconds) must not keep the file open
    throw err;
  }
  return db;
}

/**
 * Folds what opening wrote (the schema and its migrations) from the WAL into the file and truncates
 * the WAL. Why: SQLite folds a WAL only once it reaches 1 000 pages, so a side database that is
 * rarely written (goals, CRM, models, commands…) kept its schema in a 12–60 KB WAL for good, beside a
 * 4 KB file: together 260 KB of the studio's data directory before any data. Best effort: a busy
 * file is folded by a later checkpoint.
 * @example
 * db.exec(SCHEMA);
 * foldWal(db);
 */
export function foldWal(db: Database.Database): void {
  try {
    if (db.name !== ':memory:') db.pragma('wal_checkpoint(TRUNCATE)');
  } catch {
    // busy: the next checkpoint folds it
  }
}

/**
 * A repository on its own SQLite file: opened once with its schema, closed, and a clear error
 * when used before `open()` — what every SQLite repository of the studio (agent state, CRM, goals,
 * held readings) did alike. Subclasses add the queries on `this.db`.
 * @example
 * class Goals extends SqliteRepository { constructor(path: string) { super(path, SCHEMA, 'FULL'); } }
 */
export abstract class SqliteRepository {
  private handle?: Database.Database;

  constructor(private readonly path: string, private readonly schema: string, private readonly synchronous: 'NORMAL' | 'FULL') {}

  async open(): Promise<void> {
    if (this.handle) return;
    const db = openSqliteFile(this.path, { synchronous: this.synchronous });
    db.exec(this.schema);
    foldWal(db);
    this.handle = db;
  }

  async close(): Promise<void> {
    this.handle?.close();
    this.handle = undefined;
  }

  protected get db(): Database.Database {
    return requireOpen(this.handle, this.constructor.name);
  }
}

/** The open handle, or a clear error when a repository is used before `open()`. */
export function requireOpen(db: Database.Database | undefined, what: string): Database.Database {
  if (!db) throw new Error(`${what} used before open()`);
  return db;
}

/**
 * Folds a file's WAL into it and truncates it once writes have been quiet for `quietMs`: without
 * it a busy file keeps a WAL of up to its auto-checkpoint size (4 MB) on disk for good — the
 * knowledge graph's was most of the studio's data directory after an ingest burst. `touch()` after
 * each write costs a clock read; one timer at most is pending.
 * @example
 * const idle = walFolder(db, 1000);
 * idle.touch(); // after a write
 */
export function walFolder(db: Database.Database, quietMs: number): { touch(): void; cancel(): void } {
  let last = 0;
  let timer: NodeJS.Timeout | undefined;
  const check = (): void => {
    const wait = last + quietMs - performance.now();
    if (wait > 0) {
      timer = setTimeout(check, wait);
      timer.unref();
      return;
    }
    timer = undefined;
    try {
      if (db.open) db.pragma('wal_checkpoint(TRUNCATE)');
    } catch {
      // busy or closing: the next quiet spell folds it
    }
  };
  return {
    touch() {
      last = performance.now();
      if (!timer) {
        timer = setTimeout(check, quietMs);
        timer.unref();
      }
    },
    cancel() {
      clearTimeout(timer);
      timer = undefined;
    },
  };
}
