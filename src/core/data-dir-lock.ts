import { readFileSync, readlinkSync, symlinkSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { Conflict } from './errors.js';
import { logger, sink } from './logger.js';

/** What a lock file holds: who took it and when, to tell a live holder from a stale one. */
interface LockInfo {
  pid: number;
  /** The holder's start time in clock ticks since boot (Linux `/proc/<pid>/stat`), when known. */
  start?: string;
  command: string;
  since: string;
}

/** A held lock; `release()` removes the file if it is still this process's. */
export interface DataDirLock {
  readonly path: string;
  release(): void;
}

/** Lock files this process holds: a second lock on one of them in the same process is a clash too. */
const heldHere = new Set<string>();

/** Field 22 of /proc/<pid>/stat: when the process started, so a recycled pid is not taken for the holder. */
function startTime(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  } catch {
    return undefined;
  }
}

/** True when the process that wrote `info` still runs (a pid reused by another process does not count). */
function holderAlive(info: LockInfo): boolean {
  if (!Number.isInteger(info.pid) || info.pid <= 0 || info.pid === process.pid) return false;
  try {
    process.kill(info.pid, 0);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EPERM') return false; // ESRCH: gone
  }
  const now = startTime(info.pid);
  return info.start === undefined || now === undefined || now === info.start;
}

/**
 * Longest lock target, in bytes: ext4 keeps a symlink target under 60 bytes in the inode itself
 * (tmpfs under 128, xfs and btrfs inline too), so creating the lock takes no data block.
 */
const MAX_TARGET = 59;

/** The lock's target: `pid:start:since-ms:command`, the command cut to fit {@link MAX_TARGET}. */
function lockTarget(info: LockInfo): string {
  let target = `${info.pid}:${info.start ?? ''}:${Date.parse(info.since)}:${info.command}`;
  while (Buffer.byteLength(target) > MAX_TARGET) target = target.slice(0, -1);
  return target;
}

function readLock(path: string): LockInfo | undefined {
  let target: string;
  try {
    target = readlinkSync(path);
  } catch (err) {
    // EINVAL: a regular file, as older versions wrote the lock (JSON).
    if ((err as NodeJS.ErrnoException).code !== 'EINVAL') return undefined;
    try {
      return JSON.parse(readFileSync(path, 'utf8')) as LockInfo;
    } catch {
      return undefined; // unreadable or half-written by a process killed while writing: stale
    }
  }
  const m = /^(\d+):(\d*):(\d+):(.*)$/s.exec(target);
  if (!m) return undefined;
  return { pid: Number(m[1]), ...(m[2] ? { start: m[2] } : {}), since: new Date(Number(m[3])).toISOString(), command: m[4]! };
}

/**
 * Takes `<dir>/<name>.lock` for this process, so that a second process on the same data directory
 * exits with a message naming the first one's pid instead of both writing the same files. A lock
 * left by a process that died (kill -9, power loss) is detected by its pid and start time and
 * taken over. The lock is a symbolic link whose target says who holds it: `symlink()` creates it
 * whole or fails with EEXIST, so a reader never sees a half-written lock, and its short target lives
 * in the inode, so a process restarted on a full disk still takes it (a lock file written with its
 * content needed a data block: ENOSPC at start-up, a crash loop instead of the disk-full state).
 * Released on `release()` and on process exit.
 * @example
 * const lock = lockDataDir('./data', 'studio', 'homelab studio');
 * // … later
 * lock.release();
 */
export function lockDataDir(dir: string, name: string, command: string, log: (m: string) => void = sink(logger('data-dir'), 'warn')): DataDirLock {
  const path = join(dir, `${name}.lock`);
  if (heldHere.has(path)) throw new Conflict(`data directory ${dir} is already in use by this process (${name}); choose another data directory with --data-dir`, { field: 'data-dir', reason: 'data_dir_locked' });
  const info: LockInfo = { pid: process.pid, ...(startTime(process.pid) ? { start: startTime(process.pid)! } : {}), command, since: new Date().toISOString() };
  const target = lockTarget(info);
  for (let attempt = 0; ; attempt++) {
    try {
      symlinkSync(target, path);
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST' || attempt >= 3) throw err;
    }
    const holder = readLock(path);
    if (holder && holderAlive(holder)) {
      throw new Conflict(`data directory ${dir} is in use by ${holder.command} (pid ${holder.pid}, since ${holder.since}); stop that process or choose another data directory with --data-dir`, { field: 'data-dir', reason: 'data_dir_locked' });
    }
    log(`removing the stale lock ${path}${holder ? ` of pid ${holder.pid} (${holder.command}), which no longer runs` : ' (unreadable)'}`);
    try { unlinkSync(path); } catch { /* another process took it over first: retry */ }
  }
  heldHere.add(path);
  let held = true;
  const release = (): void => {
    if (!held) return;
    held = false;
    heldHere.delete(path);
    process.off('exit', release);
    if (readLock(path)?.pid === process.pid) try { unlinkSync(path); } catch { /* already gone */ }
  };
  process.on('exit', release);
  return { path, release };
}
