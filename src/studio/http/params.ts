import { InvalidInput } from '../../core/errors.js';
import { parseTimestamp } from '../../core/time.js';
import type { SeriesFilter, TimeRange } from '../store/store.js';

const DURATION = /^(\d+)(ms|s|m|h|d|w)$/;
const UNIT: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/**
 * Parses a duration like `5m`, `1h`, `30d`.
 * @example
 * parseDuration('5m', 'step') // 300000
 */
export function parseDuration(text: string, field: string): number {
  const m = DURATION.exec(text.trim());
  if (!m || m[1]!.length > 12) throw new InvalidInput(`${field} must be a duration like 30s, 5m, 1h, 7d; got "${text.slice(0, 40)}"`, { field });
  return Number(m[1]) * UNIT[m[2]!]!;
}

/**
 * The longest span one request may read, by what it reads: raw readings and health (as long as
 * raw data is kept by default, plus a day), anomalies and chart series from rollups (a year and a
 * day). Longer spans are a 400 naming the limit: split them into several requests.
 */
export const MAX_SPAN = { raw: 31 * UNIT.d!, year: 366 * UNIT.d! } as const;

const showSpan = (ms: number): string => (ms % UNIT.d! === 0 ? `${ms / UNIT.d!}d` : ms % UNIT.h! === 0 ? `${ms / UNIT.h!}h` : `${ms} ms`);

/**
 * Reads `node`, `sensor`, `kind`, `location` and `from`/`to` (or `range`, default 1h) from a query
 * string; a span over `maxSpanMs` (default {@link MAX_SPAN}.raw) is a 400 naming the limit.
 * @example
 * filterAndRange({ range: '100000d' }) // throws: range spans 100000d; at most 31d per request
 */
export function filterAndRange(q: Record<string, string>, now = Date.now(), maxSpanMs: number = MAX_SPAN.raw): SeriesFilter & TimeRange {
  const to = q.to ? parseTimestamp(q.to, 'to') : now;
  const from = q.from ? parseTimestamp(q.from, 'from') : to - parseDuration(q.range ?? '1h', 'range');
  if (from >= to) throw new InvalidInput('from must be before to', { field: 'from' });
  if (to - from > maxSpanMs) {
    const field = q.from ? 'from' : 'range';
    throw new InvalidInput(`${field === 'from' ? 'from … to' : 'range'} spans ${showSpan(to - from)}; at most ${showSpan(maxSpanMs)} per request: split it into shorter ranges`, { field, reason: 'range_too_long' });
  }
  const filter: SeriesFilter & TimeRange = { from, to };
  for (const key of ['node', 'sensor', 'kind', 'location'] as const) if (q[key]) filter[key] = q[key];
  return filter;
}

/** Reads a positive integer `limit`, bounded. */
export function parseLimit(text: string | undefined, fallback: number, max: number): number {
  if (text === undefined) return fallback;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) throw new InvalidInput(`limit must be a positive integer, got "${text}"`, { field: 'limit' });
  return Math.min(n, max);
}
