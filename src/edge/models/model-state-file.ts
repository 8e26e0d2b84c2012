import { closeSync, fsyncSync, openSync, readFileSync, renameSync, writeSync, existsSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * A small JSON file written whole and atomically: a temporary file beside it, fsync, rename, fsync
 * of the directory. A kill -9 or power loss leaves the old content or the new, never half of it.
 * @example
 * writeJsonAtomic('./data/model-pi-node-1.json', { state: 'shadow' });
 */
export function writeJsonAtomic(path: string, value: unknown): void {
  const tmp = `${path}.tmp`;
  const fd = openSync(tmp, 'w');
  try {
    writeSync(fd, JSON.stringify(value));
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, path);
  try {
    const dir = openSync(dirname(path), 'r');
    try { fsyncSync(dir); } finally { closeSync(dir); }
  } catch {
    // Some filesystems cannot fsync a directory; the rename itself is atomic.
  }
}

/** The file's JSON, or undefined when there is none; a file that does not parse is an error naming it. */
export function readJson<T>(path: string): T | undefined {
  if (!existsSync(path)) return undefined;
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as T;
  } catch (err) {
    throw new Error(`${path} is not readable JSON`, { cause: err });
  }
}
