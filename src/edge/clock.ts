import { existsSync } from 'node:fs';
import type { ClockState, ClockSync } from '../core/schemas.js';
import { EventType } from '../core/event-types.js';
import { edgeSource } from '../core/wire-event.js';

export interface ClockOptions {
  /** Wall clock (ms). */
  now?: () => number;
  /** Monotonic clock (ms), unaffected by clock steps. */
  monotonic?: () => number;
  /** Whether the OS says the clock is synchronised (e.g. systemd-timesyncd's flag file). */
  osSynced?: () => boolean | undefined;
  /** A wall clock before this year cannot be right (a Pi without RTC boots in 1970 or at its last shutdown). */
  minYear?: number;
  /** A step larger than this between wall and monotonic time is a sync. */
  stepMs?: number;
}

/** systemd-timesyncd creates this file once the clock is synchronised. */
const TIMESYNCD_FLAG = '/run/systemd/timesync/synchronized';

/** The OS's own word when there is one: the timesyncd flag where timesyncd runs, else no opinion. */
export function timesyncdSynced(): boolean | undefined {
  if (!existsSync('/run/systemd/timesync')) return undefined;
  return existsSync(TIMESYNCD_FLAG);
}

/**
 * Knows whether the node's wall clock can be trusted and, once it syncs, by how much it was off.
 * While unsynced, readings are stamped from the monotonic clock anchored at start; when the wall
 * clock steps (NTP sync), the step is the correction for everything stamped before it.
 * @example
 * const clock = new ClockTracker({});
 * clock.state(); // 'synced' on a normal machine
 */
export class ClockTracker {
  private readonly now: () => number;
  private readonly mono: () => number;
  private anchorWall = 0;
  private anchorMono = 0;
  private synced = true;
  /** ms to add to timestamps taken before the sync. */
  offsetMs = 0;
  /**
   * The last sync after running unsynced: stamps from `from` to `until` (on the unsynced clock)
   * are `offsetMs` off — what the studio needs to correct readings it held.
   */
  lastSync?: { from: number; until: number; offsetMs: number; at: number };

  constructor(private readonly options: ClockOptions) {
    this.now = options.now ?? Date.now;
    this.mono = options.monotonic ?? (() => performance.now());
  }

  start(): void {
    this.anchorWall = this.now();
    this.anchorMono = this.mono();
    const os = this.options.osSynced?.();
    const yearOk = new Date(this.anchorWall).getUTCFullYear() >= (this.options.minYear ?? 2024);
    this.synced = os ?? yearOk;
    if (!yearOk) this.synced = false;
  }

  state(): ClockState {
    return this.synced ? 'synced' : 'unsynced';
  }

  /** The time to stamp a reading with: the wall clock, or monotonic time while unsynced. */
  stamp(): number {
    return this.synced ? this.now() : this.anchorWall + (this.mono() - this.anchorMono);
  }

  /**
   * Checks for a sync; returns the correction (ms) the first time the clock is found synced.
   * Call it every few seconds.
   */
  poll(): number | undefined {
    if (this.synced) return undefined;
    const expected = this.anchorWall + (this.mono() - this.anchorMono);
    const actual = this.now();
    const stepped = Math.abs(actual - expected) > (this.options.stepMs ?? 5000);
    const os = this.options.osSynced?.();
    const yearOk = new Date(actual).getUTCFullYear() >= (this.options.minYear ?? 2024);
    if ((stepped || os === true) && yearOk && os !== false) {
      this.synced = true;
      this.offsetMs = actual - expected;
      this.lastSync = { from: this.anchorWall, until: expected, offsetMs: this.offsetMs, at: actual };
      return this.offsetMs;
    }
    return undefined;
  }
}

/**
 * The event telling the studio by how much this node's clock was off (`io.homelab.edge.clock`):
 * it corrects the readings beyond the node's own hold that it kept (they came marked unsynced).
 * The range is widened to whole milliseconds so a fractional stamp at either end is inside it.
 */
export function clockSyncEvent(node: string, boot: string, sync: NonNullable<ClockTracker['lastSync']>) {
  const data: ClockSync = { node, ts: Math.round(sync.at), offset_ms: Math.round(sync.offsetMs), from: Math.floor(sync.from), until: Math.ceil(sync.until) };
  return { type: EventType.Clock, source: edgeSource(node), id: `${node}:${boot}:clock:${data.ts}`, subject: node, data };
}
