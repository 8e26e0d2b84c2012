import type { Command } from 'commander';
import { existsSync, statSync } from 'node:fs';
import { flag, printWarnings, readableFile, setting, writableFile } from '../flags.js';
import { text, url } from '../../core/settings.js';
import type { Env } from '../../core/env.js';
import { InvalidInput } from '../../core/errors.js';

interface Where { dataDir?: string; databaseUrl?: string }

const total = (tables: Record<string, Record<string, number>>): string =>
  Object.entries(tables).map(([file, t]) => `${file}: ${Object.entries(t).map(([n, c]) => `${n} ${c}`).join(', ')}`).join('; ');

/** `homelab backup --out FILE` and `homelab restore FILE`: the studio's data, consistent while it runs. */
export function registerBackup(program: Command, env: Env): void {
  program.command('backup')
    .description('Back up the studio\'s data (readings, rollups, events, graph, alert rules and states) into one file while it runs: SQLite through VACUUM INTO (one consistent snapshot), PostgreSQL as a logical export in one repeatable-read transaction.')
    .requiredOption('-o, --out <file>', 'the backup file to write (a gzipped tar; `tar -tzf` lists it)')
    .option('-d, --data-dir <dir>', 'the studio\'s data directory (env HOMELAB_DATA_DIR, default ./data)', flag(text()))
    .option('--database-url <url>', 'back up this PostgreSQL store instead (env DATABASE_URL; schema DATABASE_SCHEMA, default bruno)', flag(url(['postgres:', 'postgresql:'])))
    .action(async (opts: Where & { out: string }) => {
      const report = { warnings: [] as string[] };
      const dataDir = setting(opts.dataDir, env, 'HOMELAB_DATA_DIR', text(), './data', report);
      const databaseUrl = setting(opts.databaseUrl, env, 'DATABASE_URL', url(['postgres:', 'postgresql:']), undefined, report);
      printWarnings(report);
      writableFile('--out', opts.out);
      const started = performance.now();
      let manifest;
      if (databaseUrl) {
        const { backupPostgres } = await import('../../studio/backup/postgres-backup.js');
        manifest = await backupPostgres(databaseUrl, env.DATABASE_SCHEMA?.trim() || 'bruno', opts.out);
      } else {
        if (!existsSync(dataDir) || !statSync(dataDir).isDirectory()) throw new InvalidInput(`--data-dir ${dataDir}: no such folder (the studio's data directory)`, { field: '--data-dir' });
        const { backupSqlite } = await import('../../studio/backup/sqlite-backup.js');
        manifest = backupSqlite(dataDir, opts.out);
      }
      console.log(`backup written to ${opts.out} in ${Math.round(performance.now() - started)} ms (${total(manifest.tables)})`);
    });

  program.command('restore')
    .description('Restore a backup made by `homelab backup` into a studio data directory (or PostgreSQL schema) that holds no studio data; the studio must not be running on it.')
    .argument('<file>', 'the backup file')
    .option('-d, --data-dir <dir>', 'the data directory to restore into (env HOMELAB_DATA_DIR, default ./data)', flag(text()))
    .option('--database-url <url>', 'restore into this PostgreSQL store instead (env DATABASE_URL; schema DATABASE_SCHEMA)', flag(url(['postgres:', 'postgresql:'])))
    .option('--force', 'replace studio data that is already there')
    .action(async (file: string, opts: Where & { force?: boolean }) => {
      const report = { warnings: [] as string[] };
      const dataDir = setting(opts.dataDir, env, 'HOMELAB_DATA_DIR', text(), './data', report);
      const databaseUrl = setting(opts.databaseUrl, env, 'DATABASE_URL', url(['postgres:', 'postgresql:']), undefined, report);
      printWarnings(report);
      readableFile('<file>', file);
      const { readBackup } = await import('../../studio/backup/sqlite-backup.js');
      let manifest;
      try {
        manifest = readBackup(file).manifest;
      } catch (err) {
        throw new InvalidInput((err as Error).message, { field: '<file>', cause: err });
      }
      if (manifest.engine === 'postgres' || databaseUrl) {
        if (!databaseUrl) throw new InvalidInput(`${file} is a PostgreSQL backup: restore it with --database-url`, { field: '--database-url' });
        const { restorePostgres } = await import('../../studio/backup/postgres-backup.js');
        manifest = await restorePostgres(file, databaseUrl, env.DATABASE_SCHEMA?.trim() || 'bruno', Boolean(opts.force));
      } else {
        const { prepareDataDir } = await import('../../core/data-dir.js');
        const { lockDataDir } = await import('../../core/data-dir-lock.js');
        const { restoreSqlite } = await import('../../studio/backup/sqlite-backup.js');
        prepareDataDir(dataDir, '--data-dir DIR');
        // The studio's own lock: a studio running on the folder makes this exit naming its pid.
        const lock = lockDataDir(dataDir, 'studio', 'homelab restore');
        try {
          manifest = restoreSqlite(file, dataDir, Boolean(opts.force));
        } catch (err) {
          throw new InvalidInput((err as Error).message, { field: '<file>', cause: err });
        } finally {
          lock.release();
        }
      }
      console.log(`restored ${file} (made ${manifest.created_at}) into ${databaseUrl ? 'PostgreSQL' : dataDir} (${total(manifest.tables)})`);
    });
}
