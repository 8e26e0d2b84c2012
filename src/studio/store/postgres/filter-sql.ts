import type { SeriesFilter } from '../store.js';

/**
 * Builds the WHERE clause narrowing series by node / sensor / kind / location. Each value is
 * appended to `params` and referenced as `$n`, so nothing from the caller is spliced into SQL.
 * @example
 * const params: unknown[] = [];
 * seriesWhere({ kind: 'temperature' }, 's', params) // 's.kind = $1', params = ['temperature']
 */
export function seriesWhere(filter: SeriesFilter, alias: string, params: unknown[]): string {
  const parts: string[] = [];
  for (const key of ['node', 'sensor', 'kind', 'location'] as const) {
    const value = filter[key];
    if (value !== undefined) parts.push(`${alias}.${key} = $${params.push(value)}`);
  }
  return parts.length ? parts.join(' AND ') : 'true';
}

/**
 * Appends `value` to `params` and answers its placeholder, for values after the filter's.
 * @example
 * const params: unknown[] = ['pi-node-1'];
 * param(params, 42) // '$2'
 */
export function param(params: unknown[], value: unknown): string {
  return `$${params.push(value)}`;
}
