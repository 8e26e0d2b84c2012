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
  db.pragma('journal_mode = WAL');
  if (options.synchronous) db.pragma(`synchronous = ${options.synchronous}`);
  db.pragma('busy_timeout = 5000');
  return db;
}

/** The open handle, or a clear error when a repository is used before `open()`. */
export function requireOpen(db: Database.Database | undefined, what: string): Database.Database {
  if (!db) throw new Error(`${what} used before open()`);
  return db;
}
