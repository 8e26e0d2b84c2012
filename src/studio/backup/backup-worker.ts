import { parentPort, workerData } from 'node:worker_threads';
import { backupSqlite } from './sqlite-backup.js';

/** The worker side of `backupInWorker`: one SQLite backup, its manifest or its error posted back. */
const { dataDir, out } = workerData as { dataDir: string; out: string };
try {
  parentPort?.postMessage({ ok: true, manifest: backupSqlite(dataDir, out) });
} catch (err) {
  parentPort?.postMessage({ ok: false, message: (err as Error).message });
}
