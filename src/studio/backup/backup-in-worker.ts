import { Worker } from 'node:worker_threads';
import type { BackupManifest } from './sqlite-backup.js';

/**
 * `backupSqlite` on a worker thread. VACUUM INTO, reading the copies back and gzip are all
 * synchronous: on the studio's own thread a backup of a large store would stop every request
 * (`/healthz` included) until it ends. The worker has its own SQLite connections, so the studio
 * goes on serving and ingesting while the snapshot is taken.
 * Sources run the worker's TypeScript through tsx; the bundle has it as its own entry
 * (`backup-worker.js` beside the chunk that imports this, see scripts/bundle.mjs).
 * @example
 * const manifest = await backupInWorker('./data', './backups/studio.tar.gz');
 */
export function backupInWorker(dataDir: string, out: string): Promise<BackupManifest> {
  const fromSources = import.meta.url.endsWith('.ts');
  const file = new URL(fromSources ? './backup-worker.ts' : './backup-worker.js', import.meta.url);
  // A worker does not inherit the main thread's module hooks: from sources it registers tsx first.
  const worker = fromSources
    ? new Worker(`import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(file.href)}); });`, { eval: true, workerData: { dataDir, out } })
    : new Worker(file, { workerData: { dataDir, out } });
  return new Promise((resolve, reject) => {
    let settled = false;
    worker.once('message', (m: { ok: true; manifest: BackupManifest } | { ok: false; message: string }) => {
      settled = true;
      if (m.ok) resolve(m.manifest);
      else reject(new Error(m.message));
    });
    worker.once('error', (err) => { settled = true; reject(err); });
    worker.once('exit', (code) => { if (!settled) reject(new Error(`backup worker exited with code ${code} before it finished`)); });
  });
}
