import { execFileSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A small real file system to fill: a tmpfs of `size` mounted on `dir` (needs root). Returns the
 * reason it cannot be had, or undefined once mounted. Tests skip with that reason (and fail under
 * CI=true) rather than fake ENOSPC: the point is what the kernel really refuses.
 */
export function mountTmpfs(dir: string, size: string): string | undefined {
  if (process.getuid?.() !== 0) return 'not running as root: cannot mount a small tmpfs to fill';
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', dir], { stdio: 'pipe' });
    return undefined;
  } catch (err) {
    return `mount -t tmpfs failed: ${String((err as { stderr?: Buffer }).stderr ?? err).trim()}`;
  }
}

/** Why no tmpfs can be mounted here (probed once with a 1 MiB mount), or undefined. */
export function tmpfsUnavailable(): string | undefined {
  const probe = mkdtempSync(join(tmpdir(), 'tmpfs-probe-'));
  const why = mountTmpfs(probe, '1m');
  if (!why) execFileSync('umount', [probe]);
  rmSync(probe, { recursive: true, force: true });
  return why;
}

/** Unmounts `dir` (lazily when a file is still open there, so a failing test's cleanup does not hide its failure). */
export function unmount(dir: string): void {
  try { execFileSync('umount', [dir], { stdio: 'pipe' }); } catch {
    try { execFileSync('umount', ['-l', dir], { stdio: 'pipe' }); } catch { /* not mounted */ }
  }
}

/** Fills the file system under `dir` with `file` until the kernel says ENOSPC; returns the bytes written. */
export function fillDisk(file: string): number {
  const fd = openSync(file, 'a');
  const chunk = Buffer.alloc(64 * 1024);
  let written = 0;
  try {
    for (let size = chunk.length; size >= 1;) {
      try {
        written += writeSync(fd, chunk, 0, size);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ENOSPC') throw err;
        size = Math.floor(size / 2);
      }
    }
  } finally {
    closeSync(fd);
  }
  return written;
}
