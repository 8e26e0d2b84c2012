/**
 * Whether an error means the disk is full: SQLite's SQLITE_FULL (and a write I/O error on a full
 * file system), PostgreSQL's 53100 disk_full, or the OS's ENOSPC / EDQUOT.
 * @example
 * isDiskFull(Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' })) // true
 */
export function isDiskFull(err: unknown): boolean {
  const e = err as { code?: unknown; message?: unknown; cause?: unknown } | undefined;
  const code = typeof e?.code === 'string' ? e.code : '';
  const message = typeof e?.message === 'string' ? e.message : '';
  if (code === 'SQLITE_FULL' || code === 'ENOSPC' || code === 'EDQUOT' || code === '53100' || code.startsWith('SQLITE_IOERR_WRITE')) return true;
  if (/database or disk is full|no space left on device|disk quota exceeded|could not extend file/i.test(message)) return true;
  return e?.cause !== undefined && e.cause !== err && isDiskFull(e.cause);
}
