import { InvalidInput } from './errors.js';

/**
 * Parses a wire timestamp (RFC 3339 string or epoch milliseconds) into epoch milliseconds.
 * @example
 * parseTimestamp('2026-11-23T10:00:00Z') // 1795428000000
 * parseTimestamp(1795428000000)          // 1795428000000
 */
export function parseTimestamp(ts: unknown, field = 'ts'): number {
  if (typeof ts === 'number') {
    if (Number.isFinite(ts) && ts > 0 && ts <= MAX_DATE_MS) return Math.round(ts);
    throw new InvalidInput(`${field} must be epoch milliseconds in (0, ${MAX_DATE_MS}] (JavaScript's date range) or an RFC 3339 string, got ${ts}`, { field });
  }
  if (typeof ts === 'string' && ts.length > 0) {
    if (/^\d+$/.test(ts)) return parseTimestamp(Number(ts), field);
    const ms = Date.parse(ts);
    if (Number.isFinite(ms) && ms > 0) return ms;
  }
  throw new InvalidInput(`${field} must be an RFC 3339 string or epoch milliseconds, got ${JSON.stringify(ts)}`, { field });
}

/** The latest instant a JavaScript Date can hold (±100,000,000 days from 1970). */
export const MAX_DATE_MS = 8.64e15;

/** Formats epoch milliseconds as RFC 3339 UTC. */
export function isoTime(ms: number): string {
  return new Date(ms).toISOString();
}

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;
