import { InvalidInput } from '../../core/errors.js';
import { isoTime } from '../../core/time.js';
import { outsideTimeWindow } from '../../core/time-window.js';

// The window is defined once, in core: the collector's /push applies the same one.
export { TIME_WINDOW, inTimeWindow } from '../../core/time-window.js';

/**
 * Checks one data timestamp against {@link TIME_WINDOW}; the error names the field, the value and
 * the bound. `clock` is the node's clock state: an unsynced clock is the usual cause, and the
 * message says the edge should hold such readings until its clock syncs.
 * @example
 * checkTimeWindow(1, 'data.readings[0].ts', Date.now()) // throws: before 2000-01-01T00:00:00.000Z
 */
export function checkTimeWindow(ts: number, field: string, now: number, clock?: string): void {
  const bound = outsideTimeWindow(ts, now, "the studio's");
  if (bound === undefined) return;
  const why = clock === 'unsynced' ? '; the node says its clock is unsynced: readings wait on the edge until it syncs and are sent corrected' : '';
  throw new InvalidInput(`${field}: ${ts} (${isoTime(ts)}) is ${bound}${why}`, { field, reason: 'ts_out_of_window' });
}
