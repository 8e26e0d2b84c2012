import type { Hono } from 'hono';
import { stream } from 'hono/streaming';
import { HomelabError } from '../../core/errors.js';
import type { StudioStore } from '../store/store.js';
import { filterAndRange } from './params.js';

const DAY = 86_400_000;
const COLUMNS = ['ts', 'node', 'sensor', 'kind', 'value', 'unit', 'location', 'severity', 'score'] as const;

const csvCell = (v: unknown): string => {
  if (v === null || v === undefined) return '';
  const s = String(v);
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

/**
 * `GET /api/v1/export?format=csv|ndjson` with the readings filters: raw readings streamed a day
 * at a time, so a month of data never sits in memory at once. (Parquet is not offered yet.)
 */
export function exportRoute(app: Hono, store: StudioStore): void {
  app.get('/api/v1/export', (c) => {
    const q = c.req.query();
    const format = q.format ?? 'csv';
    if (format !== 'csv' && format !== 'ndjson') throw new HomelabError(400, 'format must be csv or ndjson (parquet is not available yet)', 'format');
    const f = filterAndRange({ range: '24h', ...q });
    c.header('content-type', format === 'csv' ? 'text/csv; charset=utf-8' : 'application/x-ndjson');
    c.header('content-disposition', `attachment; filename="readings.${format}"`);
    return stream(c, async (s) => {
      if (format === 'csv') await s.write(`${COLUMNS.join(',')}\n`);
      for (let from = f.from; from < f.to; from += DAY) {
        const rows = await store.readings({ ...f, from, to: Math.min(f.to, from + DAY), limit: 5_000_000 });
        let chunk = '';
        for (const r of rows) {
          const row = { ...r, ts: new Date(r.ts).toISOString() };
          chunk += format === 'csv' ? `${COLUMNS.map((k) => csvCell(row[k])).join(',')}\n` : `${JSON.stringify(row)}\n`;
          if (chunk.length > 64 * 1024) { await s.write(chunk); chunk = ''; }
        }
        if (chunk) await s.write(chunk);
      }
    });
  });
}
