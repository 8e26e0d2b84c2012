import { HomelabError } from './errors.js';

/**
 * Parses a wire timestamp (RFC 3339 string or epoch milliseconds) into epoch milliseconds.
 * @example
 * parseTimestamp('2026-11-23T10:00:00Z') // 1795428000000
 * parseTimestamp(1795428000000)          // 1795428000000
 */
export function parseTimestamp(ts: unknown, field = 'ts'): number {
  if (typeof ts === 'number') {
    if (Number.isFinite(ts) && ts > 0) return Math.round(ts);
    throw new HomelabError(400, `${field} must be epoch milliseconds > 0 or an RFC 3339 string`, field);
  }
  if (typeof ts === 'string' && ts.length > 0) {
    if (/^\d+$/.test(ts)) return parseTimestamp(Number(ts), field);
    const ms = Date.parse(ts);
    if (Number.isFinite(ms)) return ms;
  }
  throw new HomelabError(400, `${field} must be an RFC 3339 string or epoch milliseconds, got ${JSON.stringify(ts)}`, field);
}

/** Formats epoch milliseconds as RFC 3339 UTC. */
export function isoTime(ms: number): string {
  return new Date(ms).toISOString();
}

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;
