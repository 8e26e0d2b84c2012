import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { backupInWorker } from './backup-in-worker.js';

export interface BackupScheduleOptions {
  dataDir: string;
  /** Folder the backups go to (default `<dataDir>/backups`). */
  dir?: string;
  intervalMs: number;
  /** Backups kept; older ones are removed after each new one (default 7). */
  keep?: number;
  log?: (m: string) => void;
  /** Called after each attempt: the file, or the error (metrics); `skipped` when the last one still runs. */
  onDone?: (result: { file?: string; error?: Error; skipped?: boolean; ms: number }) => void;
}

/** Names sort by time: `studio-20261201T130000Z.tar.gz`. */
const NAME = /^studio-\d{8}T\d{6}Z\.tar\.gz$/;

/**
 * Scheduled backups of an embedded (SQLite) studio (`BACKUP_INTERVAL`, `BACKUP_KEEP`,
 * `BACKUP_DIR`): every interval one `homelab backup` into the folder, then the oldest beyond
 * `keep` removed. A failed backup is logged and counted, never fatal; the next one tries again.
 * The snapshot is taken on a worker thread, so the studio serves and ingests while it runs; an
 * interval that comes round while the previous backup still runs is skipped (counted), not stacked.
 * @example
 * const s = new BackupSchedule({ dataDir: './data', intervalMs: 86_400_000, keep: 7 }); s.start();
 */
export class BackupSchedule {
  private timer?: NodeJS.Timeout;
  private running?: Promise<string | undefined>;
  constructor(private readonly o: BackupScheduleOptions) {}

  get dir(): string {
    return this.o.dir ?? join(this.o.dataDir, 'backups');
  }

  start(): void {
    this.timer = setInterval(() => void this.runOnce(), this.o.intervalMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  /** One backup now, then pruning; resolves to the file written (undefined when it failed or was skipped). */
  runOnce(now = new Date()): Promise<string | undefined> {
    if (this.running) {
      this.o.log?.('scheduled backup skipped: the previous one is still running');
      this.o.onDone?.({ skipped: true, ms: 0 });
      return Promise.resolve(undefined);
    }
    this.running = this.backup(now).finally(() => { this.running = undefined; });
    return this.running;
  }

  private async backup(now: Date): Promise<string | undefined> {
    const started = performance.now();
    const file = join(this.dir, `studio-${now.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z')}.tar.gz`);
    try {
      mkdirSync(this.dir, { recursive: true });
      await backupInWorker(this.o.dataDir, file);
      const kept = readdirSync(this.dir).filter((n) => NAME.test(n)).sort();
      for (const old of kept.slice(0, Math.max(0, kept.length - (this.o.keep ?? 7)))) rmSync(join(this.dir, old), { force: true });
      this.o.onDone?.({ file, ms: performance.now() - started });
      return file;
    } catch (err) {
      this.o.log?.(`scheduled backup to ${file} failed: ${(err as Error).message}`);
      this.o.onDone?.({ error: err as Error, ms: performance.now() - started });
      return undefined;
    }
  }
}
