import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, lstatSync, mkdtempSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { lockDataDir } from './data-dir-lock.js';
import { Conflict, InvalidInput } from './errors.js';
import { prepareDataDir } from './data-dir.js';
import { fillDisk, mountTmpfs, tmpfsUnavailable, unmount } from '../../test/support/tmpfs.js';

/** Whether a path exists, a dangling symlink (the lock) included. */
const present = (path: string): boolean => { try { lstatSync(path); return true; } catch { return false; } };

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
    assert.throws(() => lockDataDir(dir, 'studio', 'second'), (err: Error) => {
      assert.ok(err instanceof Conflict && err.reason === 'data_dir_locked' && err.field === 'data-dir', String(err));
      assert.match(err.message, new RegExp(`in use by homelab studio \\(test\\) \\(pid ${child.pid},`));
      return true;
    });
    const killed = new Promise((r) => child.once('exit', r));
    child.kill('SIGKILL');
    await killed;
    assert.ok(lstatSync(join(dir, 'studio.lock')).isSymbolicLink(), 'kill -9 leaves the lock behind');
    const logs: string[] = [];
    const lock = lockDataDir(dir, 'studio', 'third', (m) => logs.push(m));
    assert.match(logs[0]!, new RegExp(`stale lock .* of pid ${child.pid}`));
    assert.ok(readlinkSync(lock.path).startsWith(`${process.pid}:`), 'the lock names this process now');
    assert.throws(() => lockDataDir(dir, 'studio', 'same process'), /already in use by this process/);
    lock.release();
    assert.equal(present(lock.path), false, 'release removes the file');
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
    assert.throws(() => prepareDataDir(join(dir, 'file', 'data'), '--data-dir'), (err: Error) =>
      err instanceof InvalidInput && err.reason === 'data_dir_unusable' && err.message === `data directory ${join(dir, 'file', 'data')} is unusable: a part of the path is a file, not a folder; choose another with --data-dir`);
    assert.throws(() => prepareDataDir(join(dir, 'file'), '--data-dir'), /is unusable: it is a file, not a folder/);
    prepareDataDir(join(dir, 'a', 'b'), '--data-dir');
    assert.ok(existsSync(join(dir, 'a', 'b')));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

const noTmpfs = tmpfsUnavailable();

test('on a full disk the lock is still taken (a restart after kill -9 while full), refused to a second process and taken over when stale', { timeout: 30_000 }, async (t) => {
  if (noTmpfs) {
    if (process.env.CI === 'true') assert.fail(`the full-disk lock test must run under CI=true (run it as root): ${noTmpfs}`);
    t.skip(noTmpfs);
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), 'lock-full-'));
  assert.equal(mountTmpfs(dir, '1m'), undefined);
  let child: Awaited<ReturnType<typeof holder>> | undefined;
  try {
    assert.ok(fillDisk(join(dir, 'filler')) > 0);
    assert.throws(() => writeFileSync(join(dir, 'probe'), 'x'), /ENOSPC/, 'the disk is really full: writing a byte fails');
    child = await holder(dir);
    assert.throws(() => lockDataDir(dir, 'studio', 'second'), new RegExp(`in use by homelab studio \\(test\\) \\(pid ${child.pid},`));
    const killed = new Promise((r) => child!.once('exit', r));
    child.kill('SIGKILL');
    await killed;
    const logs: string[] = [];
    const lock = lockDataDir(dir, 'studio', 'restarted on a full disk', (m) => logs.push(m));
    assert.match(logs[0] ?? '', new RegExp(`stale lock .* of pid ${child.pid}`));
    assert.ok(readlinkSync(lock.path).startsWith(`${process.pid}:`));
    lock.release();
    assert.equal(present(lock.path), false);
  } finally {
    child?.kill('SIGKILL');
    unmount(dir);
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a long command is cut so the lock stays small, and the holder is still named', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lock-'));
  try {
    const lock = lockDataDir(dir, 'edge', `homelab edge for node ${'n'.repeat(200)}`, () => {});
    assert.ok(Buffer.byteLength(readlinkSync(lock.path)) < 60, 'fits in an ext4 inode (fast symlink)');
    lock.release();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
