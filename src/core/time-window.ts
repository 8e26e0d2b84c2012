import { DAY, isoTime } from './time.js';

/**
 * The timestamps the studio accepts in event data: not before 2000-01-01 (a Pi without a real-time
 * clock boots in 1970) and not more than a day ahead of the studio's clock (a clock set wrong, or
 * a typo in an import). Outside it, a reading would poison rollups, retention and the graph. One
 * definition for both ends: the studio refuses outside it, and the collector's `/push` refuses
 * such readings before acknowledging them (an acknowledged reading the studio then refused was lost).
 */
export const TIME_WINDOW = { earliest: Date.UTC(2000, 0, 1), maxAheadMs: DAY } as const;

/** True when `ts` is inside the window (the fast ingest path's check; the full path words the refusal). */
export function inTimeWindow(ts: number, now: number): boolean {
  return ts >= TIME_WINDOW.earliest && ts <= now + TIME_WINDOW.maxAheadMs;
}

/**
 * Which bound `ts` is past, in words, or undefined inside the window. `now` undefined judges only
 * the earliest bound (a clock that cannot be trusted cannot say what is ahead of it).
 * @example
 * outsideTimeWindow(1, Date.now(), 'the studio') // 'before 2000-01-01T00:00:00.000Z, the earliest accepted'
 */
export function outsideTimeWindow(ts: number, now: number | undefined, whose: string): string | undefined {
  if (ts < TIME_WINDOW.earliest) return `before ${isoTime(TIME_WINDOW.earliest)}, the earliest accepted`;
  if (now === undefined || ts <= now + TIME_WINDOW.maxAheadMs) return undefined;
  return `more than 1 day ahead of ${whose} clock (latest accepted now: ${isoTime(now + TIME_WINDOW.maxAheadMs)})`;
}
