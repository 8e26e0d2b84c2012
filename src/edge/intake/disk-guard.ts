import { closeSync, existsSync, fsyncSync, ftruncateSync, openSync, statfsSync, statSync, truncateSync, unlinkSync, writeSync } from 'node:fs';
import type { Severity } from '../../core/severity.js';
import { isDiskFull } from '../../core/disk-full.js';

/** A write refused because the data directory's disk is full; the HTTP layer answers 507. */
export class DiskFullError extends Error {
  constructor(readonly dir: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'DiskFullError';
  }
}

/** The shared test for a full disk (SQLITE_FULL, ENOSPC, EDQUOT …), re-exported for the edge. */
export { isDiskFull };

export interface DiskGuardOptions {
  /** The data directory (named in every refusal). */
  dir: string;
  /** A file of `reserveBytes` kept in the data directory and deleted to make room for critical events. */
  reservePath: string;
  reserveBytes: number;
  /** How often a full disk is looked at again (default 1 s). */
  probeMs?: number;
  log?: (msg: string) => void;
}

export interface DiskGuardCounters {
  /** Times a write found the disk full. */
  trips: number;
  /** Readings refused while the disk was full, by the batch's highest severity. */
  refused: Record<Severity, number>;
  /** Times the reserve was given up for critical events. */
  reserveReleases: number;
}

/**
 * Turns a full disk into a state instead of a crash. `trip(err)` marks the data directory full;
 * from then `admit(severity)` tells the intake what to try: critical readings always (the reserve
 * file is deleted to give them room), anything else once per `probeMs` as a trial, and refused
 * otherwise. A trial or a probe that finds free space ends the state; the reserve is written
 * again once there is room for it twice over.
 * @example
 * const guard = new DiskGuard({ dir, reservePath: join(dir, 'reserve.bin'), reserveBytes: 4 << 20 });
 * guard.start();
 * if (!guard.admit('normal')) throw guard.error();
 */
export class DiskGuard {
  readonly counters: DiskGuardCounters = { trips: 0, refused: { normal: 0, warning: 0, critical: 0 }, reserveReleases: 0 };
  private state?: { since: number; reason: string };
  private timer?: NodeJS.Timeout;
  private trialDue = false;

  constructor(private readonly options: DiskGuardOptions) {}

  /** Sets the reserve aside; a disk that cannot take it is full from the start (normal readings refused, critical ones use what is there). */
  start(): void {
    if (this.writeReserve()) return;
    this.options.log?.(`[disk] could not set aside ${this.options.reserveBytes} bytes for critical events in ${this.options.dir}`);
    this.trip(new Error(`no room to set aside the ${this.options.reserveBytes}-byte reserve for critical readings`));
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  /** Why the disk refuses writes, or undefined when it takes them. */
  full(): { since: number; reason: string } | undefined {
    return this.state;
  }

  /** The refusal to hand to a source. */
  error(cause?: unknown): DiskFullError {
    return new DiskFullError(this.options.dir, this.state?.reason ?? `disk full: ${this.options.dir}`, { cause });
  }

  /** Whether a commit carrying readings of this severity is worth trying now. */
  admit(severity: Severity): boolean {
    if (!this.state) return true;
    if (severity === 'critical') {
      this.release();
      return true;
    }
    if (this.trialDue) {
      this.trialDue = false;
      return true;
    }
    return false;
  }

  /** A write failed for space: refuse from now until a probe or a trial finds room. */
  trip(err: unknown): void {
    this.counters.trips++;
    this.trialDue = false;
    if (this.state) return;
    const why = (err as Error)?.message ?? String(err);
    this.state = { since: Date.now(), reason: `disk full: the data directory ${this.options.dir} has no space left (${why}); readings are refused until space returns` };
    this.options.log?.(`[disk] ${this.state.reason}`);
    this.timer = setInterval(() => this.probe(), this.options.probeMs ?? 1000);
    this.timer.unref();
  }

  /**
   * A commit went through: the disk takes writes (again), unless the reserve is not whole: then
   * the write used the room the reserve gave up, which is no sign of space.
   */
  succeeded(): void {
    if (this.state && this.reserveWhole()) this.clear('a write went through');
  }

  private reserveWhole(): boolean {
    if (this.options.reserveBytes <= 0) return true;
    try {
      return statSync(this.options.reservePath).size >= this.options.reserveBytes;
    } catch {
      return false;
    }
  }

  refused(severity: Severity, readings: number): void {
    this.counters.refused[severity] += readings;
  }

  /**
   * Looks at the disk: free space ends the state; otherwise the next commit may try (SQLite may
   * have freed pages inside its file), but only once the reserve is whole again: room the reserve
   * gave up is for critical readings, not for the normal ones behind them.
   */
  probe(): void {
    if (!this.state) return;
    if (this.freeBytes() >= Math.max(2 * this.options.reserveBytes, 256 * 1024)) this.clear('free space returned');
    else if (this.writeReserve()) this.trialDue = true;
  }

  /**
   * Gives the reserve up so a commit carrying critical readings has its room; false when there is
   * none left to give (then a refusal of them is final until space returns).
   */
  release(): boolean {
    return this.releaseReserve();
  }

  private clear(how: string): void {
    this.options.log?.(`[disk] ${this.options.dir} takes writes again after ${Math.round((Date.now() - this.state!.since) / 1000)} s (${how})`);
    this.state = undefined;
    this.trialDue = false;
    clearInterval(this.timer);
    this.timer = undefined;
    if (this.freeBytes() >= 2 * this.options.reserveBytes) this.writeReserve();
  }

  private releaseReserve(): boolean {
    if (!existsSync(this.options.reservePath)) return false;
    try { unlinkSync(this.options.reservePath); } catch { return false; }
    this.counters.reserveReleases++;
    this.options.log?.(`[disk] released the ${this.options.reserveBytes}-byte reserve for critical events`);
    return true;
  }

  private freeBytes(): number {
    try {
      const s = statfsSync(this.options.dir);
      return s.bavail * s.bsize;
    } catch {
      return 0;
    }
  }

  private writeReserve(): boolean {
    const path = this.options.reservePath;
    const size = this.options.reserveBytes;
    if (size <= 0) return true;
    let had = 0;
    try {
      had = existsSync(path) ? statSync(path).size : 0;
      if (had >= size) return true;
    } catch { /* written below */ }
    // Grown from what is there (a start on a full disk may have taken part of it, see makeStartRoom);
    // when the disk cannot take the rest, back to what it was: that part is still set aside.
    let fd: number | undefined;
    try {
      fd = openSync(path, 'a');
      const chunk = Buffer.alloc(Math.min(size, 64 * 1024), 0);
      for (let left = size - had; left > 0; left -= chunk.length) writeSync(fd, chunk, 0, Math.min(chunk.length, left));
      fsyncSync(fd);
      closeSync(fd);
      return true;
    } catch {
      if (fd !== undefined) {
        try { ftruncateSync(fd, had); } catch { /* the file stays larger: more set aside */ }
        try { closeSync(fd); } catch { /* already closed */ }
      }
      if (had === 0) try { unlinkSync(path); } catch { /* nothing written */ }
      return false;
    }
  }
}

/**
 * Before a collector opens its databases on a disk with less than `room` bytes free (restarted
 * while full): takes what is missing from the end of the reserve file, so SQLite can open its WAL
 * and shared memory and the collector runs in its disk-full state instead of exiting with
 * ENOSPC. The rest of the reserve stays for critical readings; the guard grows it back once
 * there is room. Returns the bytes given.
 * @example
 * makeStartRoom(dir, join(dir, 'reserve-pi.bin'), 256 * 1024, log);
 */
export function makeStartRoom(dir: string, reservePath: string, room: number, log?: (msg: string) => void): number {
  let free: number;
  let size: number;
  try {
    const s = statfsSync(dir);
    free = s.bavail * s.bsize;
    size = existsSync(reservePath) ? statSync(reservePath).size : 0;
  } catch {
    return 0;
  }
  const give = Math.min(size, room - free);
  if (give <= 0) return 0;
  try { truncateSync(reservePath, size - give); } catch { return 0; }
  log?.(`[disk] ${dir} is full (${free} bytes free): took ${give} of the reserve's ${size} bytes to open the collector's files; the rest stays for critical readings`);
  return give;
}
