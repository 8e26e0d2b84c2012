import { accessSync, constants, mkdirSync, statSync } from 'node:fs';
import { InvalidInput } from './errors.js';

const REASONS: Record<string, string> = {
  ENOTDIR: 'a part of the path is a file, not a folder',
  EEXIST: 'it is a file, not a folder',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EROFS: 'the file system is read-only',
  ENOSPC: 'the disk is full',
  ELOOP: 'too many symbolic links',
  ENAMETOOLONG: 'the path is too long',
};

/**
 * Makes sure `dir` is a folder this process can write (creating it and its parents), or throws an
 * InvalidInput naming the folder and why not: a data directory under a file, on a read-only disk or
 * without permission is reported at start, in one line, not retried forever.
 * @example
 * prepareDataDir('./data', '--data-dir or HOMELAB_DATA_DIR')
 */
export function prepareDataDir(dir: string, howToChoose: string): void {
  try {
    mkdirSync(dir, { recursive: true });
    if (!statSync(dir).isDirectory()) throw Object.assign(new Error('not a folder'), { code: 'EEXIST' });
    accessSync(dir, constants.W_OK | constants.X_OK);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? '';
    const why = REASONS[code] ?? (err as Error).message;
    throw new InvalidInput(`data directory ${dir} is unusable: ${why}; choose another with ${howToChoose}`, { field: 'data-dir', reason: 'data_dir_unusable', cause: err });
  }
}
