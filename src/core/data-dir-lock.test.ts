import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { lockDataDir } from './data-dir-lock.js';
import type { HomelabError } from './errors.js';
import { prepareDataDir } from './data-dir.js';

const lockModule = fileURLToPath(new URL('./data-dir-lock.ts', import.meta.url));

/** Another process that takes the lock and then waits to be killed. */
async function holder(dir: string) {
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e',
    `import { lockDataDir } from ${JSON.stringify(lockModule)}; lockDataDir(${JSON.stringify(dir)}, 'studio', 'homelab studio (test)'); console.log('locked'); setInterval(() => {}, 1000);`],
  { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (c: Buffer) => { if (c.toString().includes('locked')) resolve(); });
    child.once('exit', (code) => reject(new Error(`holder exited ${code}`)));
  });
  return child;
}

test('a second process on a locked data directory is refused with the holder\'s pid; after kill -9 the stale lock is taken over', { timeout: 30_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'lock-'));
  const child = await holder(dir);
  try {
    assert.throws(() => lockDataDir(dir, 'studio', 'second'), (err: HomelabError) => {
      assert.equal(err.status, 409);
      assert.match(err.message, new RegExp(`in use by homelab studio \\(test\\) \\(pid ${child.pid},`));
      return true;
    });
    const killed = new Promise((r) => child.once('exit', r));
    child.kill('SIGKILL');
    await killed;
    assert.ok(existsSync(join(dir, 'studio.lock')), 'kill -9 leaves the lock file behind');
    const logs: string[] = [];
    const lock = lockDataDir(dir, 'studio', 'third', (m) => logs.push(m));
    assert.match(logs[0]!, new RegExp(`stale lock .* of pid ${child.pid}`));
    assert.equal((JSON.parse(readFileSync(lock.path, 'utf8')) as { pid: number }).pid, process.pid);
    assert.throws(() => lockDataDir(dir, 'studio', 'same process'), /already in use by this process/);
    lock.release();
    assert.equal(existsSync(lock.path), false, 'release removes the file');
  } finally {
    child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a lock whose pid now belongs to another process (recycled after a reboot) or that is unreadable is stale', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lock-'));
  try {
    // pid 1 runs, but it did not start at the time written in the lock.
    writeFileSync(join(dir, 'studio.lock'), JSON.stringify({ pid: 1, start: '-1', command: 'old', since: 'then' }));
    lockDataDir(dir, 'studio', 'new', () => {}).release();
    writeFileSync(join(dir, 'studio.lock'), '{"pid": 12');
    lockDataDir(dir, 'studio', 'new', () => {}).release();
    // Our own pid in the file: a previous life of this process (pid 1 in a restarted container).
    writeFileSync(join(dir, 'studio.lock'), JSON.stringify({ pid: process.pid, command: 'me before', since: 'then' }));
    lockDataDir(dir, 'studio', 'new', () => {}).release();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a data directory under a file is refused at once, naming it and why', () => {
  const dir = mkdtempSync(join(tmpdir(), 'datadir-'));
  try {
    writeFileSync(join(dir, 'file'), 'x');
    assert.throws(() => prepareDataDir(join(dir, 'file', 'data'), '--data-dir'), (err: HomelabError) =>
      err.status === 400 && err.message === `data directory ${join(dir, 'file', 'data')} is unusable: a part of the path is a file, not a folder; choose another with --data-dir`);
    assert.throws(() => prepareDataDir(join(dir, 'file'), '--data-dir'), /is unusable: it is a file, not a folder/);
    prepareDataDir(join(dir, 'a', 'b'), '--data-dir');
    assert.ok(existsSync(join(dir, 'a', 'b')));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
