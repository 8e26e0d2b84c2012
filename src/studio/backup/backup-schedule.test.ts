import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import Database from 'better-sqlite3';
import { BackupSchedule } from './backup-schedule.js';
import { readBackup } from './sqlite-backup.js';

/** A studio.db of incompressible rows, large enough that copying and gzipping it takes a while. */
function seed(dir: string, rows: number): void {
  const db = new Database(join(dir, 'studio.db'));
  db.exec('CREATE TABLE blobs (id INTEGER PRIMARY KEY, data BLOB)');
  const insert = db.prepare('INSERT INTO blobs (data) VALUES (?)');
  db.transaction(() => { for (let i = 0; i < rows; i++) insert.run(randomBytes(1024)); })();
  db.close();
}

test('a scheduled backup runs off the studio\'s thread: the event loop keeps turning while it copies, and the copy is whole', { timeout: 120_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'backup-schedule-'));
  try {
    seed(dir, 40_000); // ~40 MB
    const outcomes: string[] = [];
    const schedule = new BackupSchedule({ dataDir: dir, intervalMs: 3_600_000, keep: 2, onDone: (r) => outcomes.push(r.skipped ? 'skipped' : r.error ? `failed: ${r.error.message}` : 'written') });
    let ticks = 0;
    const ticker = setInterval(() => { ticks++; }, 1);
    const first = schedule.runOnce(new Date('2026-12-01T10:00:00Z'));
    // Asked again while the first still runs: skipped and counted, not a second copy at once.
    assert.equal(await schedule.runOnce(new Date('2026-12-01T10:00:01Z')), undefined);
    const file = await first;
    clearInterval(ticker);
    // A backup on the main thread would end before any timer ran: the timers phase waits for it.
    assert.ok(ticks >= 3, `the event loop ran ${ticks} timer callbacks while the backup ran; a blocking backup runs none`);
    assert.deepEqual(outcomes, ['skipped', 'written']);
    assert.ok(file?.endsWith('studio-20261201T100000Z.tar.gz'), String(file));
    const { manifest, files } = readBackup(file!);
    assert.equal(manifest.tables['studio.db']?.blobs, 40_000);
    assert.ok((files.get('studio.db')?.length ?? 0) > 40_000 * 1024);

    // Pruning keeps the newest `keep`.
    await schedule.runOnce(new Date('2026-12-02T10:00:00Z'));
    await schedule.runOnce(new Date('2026-12-03T10:00:00Z'));
    assert.deepEqual(readdirSync(schedule.dir).sort(), ['studio-20261202T100000Z.tar.gz', 'studio-20261203T100000Z.tar.gz']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a scheduled backup that cannot be made is reported with its reason, and the next one is not blocked', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'backup-schedule-empty-'));
  try {
    const errors: string[] = [];
    const schedule = new BackupSchedule({ dataDir: dir, intervalMs: 3_600_000, onDone: (r) => { if (r.error) errors.push(r.error.message); } });
    assert.equal(await schedule.runOnce(), undefined);
    assert.match(errors[0] ?? '', /no studio data in .* \(no studio\.db\)/);
    seed(dir, 10);
    assert.ok(await schedule.runOnce(new Date('2026-12-01T11:00:00Z')));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
