import Database from 'better-sqlite3';
import { existsSync, mkdtempSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { packArchive, unpackArchive } from './archive.js';

/**
 * The studio's SQLite files in its data directory: store, alert rules and states, knowledge graph,
 * agents' conversations and logs, goals, CRM, trained models and deployments, readings held for a
 * node's clock, and the command queue to the nodes (commands waiting for an offline node, and recent results).
 */
export const STUDIO_FILES = ['studio.db', 'alerts.db', 'graph.db', 'agents.db', 'goals.db', 'crm.db', 'models.db', 'held.db', 'commands.db'] as const;

export interface BackupManifest {
  format: 'homelab-studio-backup';
  version: 1;
  engine: 'sqlite' | 'postgres';
  created_at: string;
  /** Rows per table at the snapshot, per file (for SQLite) or per table (PostgreSQL). */
  tables: Record<string, Record<string, number>>;
}

/** Every user table of an open database with its row count. */
export function tableCounts(db: Database.Database): Record<string, number> {
  const names = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").pluck().all() as string[];
  return Object.fromEntries(names.map((n) => [n, db.prepare(`SELECT count(*) FROM "${n.replace(/"/g, '""')}"`).pluck().get() as number]));
}

/**
 * Backs up the studio's SQLite files while it runs: each file is copied with `VACUUM INTO`, which
 * reads one consistent snapshot (a read transaction: the running studio keeps writing in WAL
 * mode, and what it commits afterwards is not in the copy), then packed with a manifest into one
 * gzipped tar. A file the studio has not created yet is left out. Returns the manifest.
 * @example
 * await backupSqlite('./data', 'studio-backup.tar.gz');
 */
export function backupSqlite(dataDir: string, out: string): BackupManifest {
  const present = STUDIO_FILES.filter((f) => existsSync(join(dataDir, f)));
  if (!present.includes('studio.db')) throw new Error(`no studio data in ${dataDir} (no studio.db): nothing to back up`);
  const tmp = mkdtempSync(join(dataDir, '.backup-'));
  try {
    const manifest: BackupManifest = { format: 'homelab-studio-backup', version: 1, engine: 'sqlite', created_at: new Date().toISOString(), tables: {} };
    const files: { name: string; data: Buffer }[] = [];
    for (const name of present) {
      const db = new Database(join(dataDir, name), { readonly: true, fileMustExist: true });
      try {
        db.pragma('busy_timeout = 5000');
        const copy = join(tmp, name);
        db.exec(`VACUUM INTO '${copy.replace(/'/g, "''")}'`);
        const snapshot = new Database(copy, { readonly: true });
        try { manifest.tables[name] = tableCounts(snapshot); } finally { snapshot.close(); }
        files.push({ name, data: readFileSync(copy) });
      } finally {
        db.close();
      }
    }
    const archive = packArchive([{ name: 'manifest.json', data: Buffer.from(JSON.stringify(manifest, null, 2)) }, ...files]);
    // Written beside the target and renamed: a backup that fails part way leaves no file that looks whole.
    writeFileSync(`${out}.partial`, archive);
    renameSync(`${out}.partial`, out);
    return manifest;
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

/** Reads a backup file's manifest and files, checking that it is one. */
export function readBackup(file: string): { manifest: BackupManifest; files: Map<string, Buffer> } {
  const entries = unpackArchive(readFileSync(file));
  const files = new Map(entries.map((e) => [e.name, e.data]));
  const raw = files.get('manifest.json');
  let manifest: BackupManifest | undefined;
  try { manifest = raw ? (JSON.parse(raw.toString('utf8')) as BackupManifest) : undefined; } catch { manifest = undefined; }
  if (manifest?.format !== 'homelab-studio-backup' || manifest.version !== 1) throw new Error(`${file} is not a homelab studio backup (no manifest of format homelab-studio-backup, version 1)`);
  files.delete('manifest.json');
  return { manifest, files };
}

/**
 * Restores a SQLite backup into a data directory that holds no studio data (`force` replaces what
 * is there). Each file is checked (`integrity_check`, the manifest's row counts) before it is put in
 * place; stale WAL files of the replaced databases are removed. The caller holds the directory's lock.
 * @example
 * restoreSqlite('studio-backup.tar.gz', './data-restored');
 */
export function restoreSqlite(file: string, dataDir: string, force = false): BackupManifest {
  const { manifest, files } = readBackup(file);
  if (manifest.engine !== 'sqlite') throw new Error(`${file} is a ${manifest.engine} backup: restore it with --database-url`);
  const existing = STUDIO_FILES.filter((f) => existsSync(join(dataDir, f)) && statSync(join(dataDir, f)).size > 0);
  if (existing.length && !force) throw new Error(`${dataDir} already holds studio data (${existing.join(', ')}): restore into an empty directory, or add --force to replace it`);
  const staged: [string, string][] = [];
  for (const [name, data] of files) {
    if (!(STUDIO_FILES as readonly string[]).includes(name)) continue;
    const path = join(dataDir, `.${name}.restoring`);
    writeFileSync(path, data);
    const db = new Database(path);
    try {
      const ok = db.pragma('integrity_check', { simple: true });
      if (ok !== 'ok') throw new Error(`${name} in ${file} is damaged: ${String(ok)}`);
      const counts = tableCounts(db);
      for (const [table, rows] of Object.entries(manifest.tables[name] ?? {})) {
        if (counts[table] !== rows) throw new Error(`${name} in ${file}: table ${table} has ${counts[table]} rows, the manifest says ${rows}`);
      }
    } finally {
      db.close();
    }
    staged.push([path, join(dataDir, name)]);
  }
  for (const [from, to] of staged) {
    for (const suffix of ['-wal', '-shm']) rmSync(`${to}${suffix}`, { force: true });
    renameSync(from, to);
  }
  return manifest;
}
