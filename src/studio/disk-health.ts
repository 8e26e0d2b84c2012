/** Error codes that mean the disk (or the database's) cannot take writes, with what to tell a user. */
const DISK_CODES: Record<string, string> = {
  SQLITE_FULL: 'the disk holding the studio\'s data is full',
  ENOSPC: 'the disk holding the studio\'s data is full',
  EDQUOT: 'the disk quota of the studio\'s data directory is used up',
  SQLITE_IOERR: 'the disk holding the studio\'s data failed a read or write',
  EIO: 'the disk holding the studio\'s data failed a read or write',
  SQLITE_READONLY: 'the studio\'s data is on a read-only disk',
  EROFS: 'the studio\'s data is on a read-only disk',
  53100: 'PostgreSQL\'s disk is full', // disk_full
  53200: 'PostgreSQL is out of memory', // out_of_memory
};

/** How long readiness stays 503 after the last disk error without a successful write since. */
export const DISK_ERROR_HOLD_MS = 30_000;

/**
 * The disk problem behind an error, looking through its `cause` chain: the code (SQLite's
 * `SQLITE_FULL`, `SQLITE_IOERR_*`, errno `ENOSPC`, PostgreSQL's `53100`, …) and what it means;
 * undefined for any other error.
 * @example
 * diskProblem(Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' }))
 * // { code: 'SQLITE_FULL', text: "the disk holding the studio's data is full" }
 */
export function diskProblem(err: unknown): { code: string; text: string } | undefined {
  for (let e = err, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = String((e as { code?: unknown }).code ?? '');
    const known = DISK_CODES[code] ?? (code.startsWith('SQLITE_IOERR') ? DISK_CODES.SQLITE_IOERR : undefined);
    if (known) return { code: code.startsWith('SQLITE_IOERR') ? 'SQLITE_IOERR' : code, text: known };
  }
  return undefined;
}

/**
 * Whether the studio's storage can take writes, as the last writes found it: a disk error makes it
 * `failed` until a write succeeds or {@link DISK_ERROR_HOLD_MS} pass without another (so a pod
 * taken out of rotation is tried again once space may have been freed).
 * @example
 * const disk = new DiskHealth(); disk.failed({ code: 'SQLITE_FULL', text: '…' }); disk.status().ok // false
 */
export class DiskHealth {
  private last?: { code: string; text: string; at: number; count: number };
  constructor(private readonly clock: () => number = Date.now) {}

  failed(problem: { code: string; text: string }): void {
    this.last = { ...problem, at: this.clock(), count: (this.last?.count ?? 0) + 1 };
  }

  /** A write went through: the disk takes writes again. */
  ok(): void {
    this.last = undefined;
  }

  status(): { ok: true } | { ok: false; code: string; reason: string; since: string; errors: number } {
    if (!this.last || this.clock() - this.last.at > DISK_ERROR_HOLD_MS) return { ok: true };
    return { ok: false, code: this.last.code, reason: this.last.text, since: new Date(this.last.at).toISOString(), errors: this.last.count };
  }
}
