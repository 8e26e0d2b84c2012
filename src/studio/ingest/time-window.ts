import { HomelabError } from '../../core/errors.js';
import { DAY, isoTime } from '../../core/time.js';

/**
 * The timestamps the studio accepts in event data: not before 2000-01-01 (a Pi without a real-time
 * clock boots in 1970) and not more than a day ahead of the studio's clock (a clock set wrong, or
 * a typo in an import). Outside it, a reading would poison rollups, retention and the graph.
 */
export const TIME_WINDOW = { earliest: Date.UTC(2000, 0, 1), maxAheadMs: DAY } as const;

/**
 * Checks one data timestamp against {@link TIME_WINDOW}; the error names the field, the value and
 * the bound. `clock` is the node's clock state: an unsynced clock is the usual cause, and the
 * message says the edge should hold such readings until its clock syncs.
 * @example
 * checkTimeWindow(1, 'data.readings[0].ts', Date.now()) // throws: before 2000-01-01T00:00:00.000Z
 */
export function checkTimeWindow(ts: number, field: string, now: number, clock?: string): void {
  const latest = now + TIME_WINDOW.maxAheadMs;
  if (ts >= TIME_WINDOW.earliest && ts <= latest) return;
  const bound = ts < TIME_WINDOW.earliest
    ? `before ${isoTime(TIME_WINDOW.earliest)}, the earliest accepted`
    : `more than 1 day ahead of the studio's clock (latest accepted now: ${isoTime(latest)})`;
  const why = clock === 'unsynced' ? '; the node says its clock is unsynced: readings wait on the edge until it syncs and are sent corrected' : '';
  throw new HomelabError(400, `${field}: ${ts} (${isoTime(ts)}) is ${bound}${why}`, field, 'ts_out_of_window');
}

/** True when `ts` is inside the window (the fast ingest path's check; the full path words the refusal). */
export function inTimeWindow(ts: number, now: number): boolean {
  return ts >= TIME_WINDOW.earliest && ts <= now + TIME_WINDOW.maxAheadMs;
}
