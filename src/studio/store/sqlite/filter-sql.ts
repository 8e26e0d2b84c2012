import type { SeriesFilter } from '../store.js';

/**
 * Builds the WHERE clause narrowing series by node / sensor / kind / location, with `?`
 * placeholders: every value is a parameter, never spliced into SQL.
 * @example
 * seriesWhere({ kind: 'temperature' }, 's') // { sql: 's.kind = ?', params: ['temperature'] }
 */
export function seriesWhere(filter: SeriesFilter, alias: string): { sql: string; params: string[] } {
  const parts: string[] = [];
  const params: string[] = [];
  for (const key of ['node', 'sensor', 'kind', 'location'] as const) {
    const value = filter[key];
    if (value !== undefined) {
      parts.push(`${alias}.${key} = ?`);
      params.push(value);
    }
  }
  return { sql: parts.length ? parts.join(' AND ') : '1 = 1', params };
}
