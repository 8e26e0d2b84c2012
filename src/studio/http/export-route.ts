import type { Hono } from 'hono';
import { setImmediate as turn } from 'node:timers/promises';
import { PARQUET_MEDIA_TYPE, PARQUET_ROW_GROUP_ROWS } from './parquet-format.js';
import { HttpError } from './http-error.js';
import type { ReadingRow, SeriesFilter, StudioStore, TimeRange } from '../store/store.js';
import { filterAndRange } from './params.js';
import { logger } from '../../core/logger.js';
import type { EdgeReadings } from '../commands/edge-readings.js';
import { EXPORT_SOURCES, planExport, rollupText, type ExportSource } from './export-source.js';

const DAY = 86_400_000;
const COLUMNS = ['ts', 'node', 'sensor', 'kind', 'value', 'unit', 'location', 'severity', 'score'] as const;
/** Rows asked of the store at once: what the export holds in memory besides one Parquet row group. */
const PAGE_ROWS = 16_384;
/** Bound on the readings of one millisecond, read in one go when they alone fill a page. */
const ONE_MS_MAX_ROWS = 5_000_000;

/**
 * The formats and their media types; `format=` names the key, `Accept` the media type.
 * @example
 * EXPORT_FORMATS.parquet // 'application/vnd.apache.parquet'
 */
export const EXPORT_FORMATS = { csv: 'text/csv; charset=utf-8', ndjson: 'application/x-ndjson', parquet: PARQUET_MEDIA_TYPE } as const;
type Format = keyof typeof EXPORT_FORMATS;
const BY_MEDIA_TYPE: Record<string, Format> = { 'text/csv': 'csv', 'application/x-ndjson': 'ndjson', 'application/ndjson': 'ndjson', [PARQUET_MEDIA_TYPE]: 'parquet' };

/**
 * The format: `format=` when given (anything else is a 400), else the media type in `Accept`
 * with the highest q that is one of ours, else CSV (browsers send `*\/*`).
 * @example
 * chooseFormat(undefined, 'application/vnd.apache.parquet') // 'parquet'
 */
export function chooseFormat(format: string | undefined, accept: string | undefined): Format {
  if (format !== undefined) {
    if (Object.hasOwn(EXPORT_FORMATS, format)) return format as Format;
    throw new HttpError(400, `format must be one of ${Object.keys(EXPORT_FORMATS).join(', ')}; got "${format}"`, 'format');
  }
  let best: { f: Format; q: number } | undefined;
  for (const part of (accept ?? '').split(',')) {
    const [type = '', ...params] = part.split(';').map((x) => x.trim().toLowerCase());
    const f = BY_MEDIA_TYPE[type];
    const q = Number(params.find((p) => p.startsWith('q='))?.slice(2) ?? 1);
    if (f && q > 0 && (!best || q > best.q)) best = { f, q };
  }
  return best?.f ?? 'csv';
}

/**
 * The readings of a range a page at a time, in the store's order (ts, node, sensor). Reads a day
 * at a time so a filtered query never sorts more than a day; within a day, pages of `pageRows`
 * continue from the last timestamp of the page before, the rows of that millisecond re-read whole
 * so none is lost or repeated at a page boundary.
 * @example
 * for await (const page of readingPages(store, { from, to, node: 'pi-node-1' })) write(page);
 */
export async function* readingPages(store: StudioStore, f: SeriesFilter & TimeRange, pageRows = PAGE_ROWS): AsyncGenerator<ReadingRow[]> {
  for (let day = f.from; day < f.to; day += DAY) {
    const to = Math.min(f.to, day + DAY);
    let from = day;
    while (from < to) {
      const rows = await store.readings({ ...f, from, to, limit: pageRows });
      // An embedded store reads synchronously: give the event loop a turn after every page (and
      // every empty day), so probes and other requests are answered while a long export runs.
      await turn();
      if (rows.length < pageRows) {
        if (rows.length) yield rows;
        break;
      }
      const lastTs = rows[rows.length - 1]!.ts;
      let cut = rows.length;
      while (cut > 0 && rows[cut - 1]!.ts === lastTs) cut--;
      if (cut > 0) {
        yield rows.slice(0, cut);
        from = lastTs;
      } else {
        // One millisecond fills the page: read it alone (only a flood of series could do this).
        yield await store.readings({ ...f, from: lastTs, to: lastTs + 1, limit: ONE_MS_MAX_ROWS });
        await turn();
        from = lastTs + 1;
      }
    }
  }
}

const csvCell = (v: unknown): string => {
  if (v === null || v === undefined) return '';
  const s = String(v);
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

async function* textChunks(pages: AsyncIterable<ReadingRow[]>, format: 'csv' | 'ndjson'): AsyncGenerator<string> {
  if (format === 'csv') yield `${COLUMNS.join(',')}\n`;
  for await (const page of pages) {
    let chunk = '';
    for (const r of page) {
      const ts = new Date(r.ts).toISOString();
      chunk += format === 'csv'
        ? `${ts},${csvCell(r.node)},${csvCell(r.sensor)},${csvCell(r.kind)},${r.value},${csvCell(r.unit)},${csvCell(r.location)},${csvCell(r.severity)},${csvCell(r.score)}\n`
        : `${JSON.stringify({ ...r, ts })}\n`;
      if (chunk.length > 64 * 1024) {
        yield chunk;
        chunk = '';
        // A fast client takes chunks without the event loop turning: give it a turn per chunk.
        await turn();
      }
    }
    if (chunk) yield chunk;
  }
}

async function* parquetChunks(pages: AsyncIterable<ReadingRow[]>, rowGroupRows: number): AsyncGenerator<Uint8Array> {
  // Loaded on first use: the writer and its reader are ~50 modules a cold start need not load.
  const { ReadingsParquetWriter } = await import('./export-parquet.js');
  const ready: Uint8Array[] = [];
  const out = new ReadingsParquetWriter((bytes) => { ready.push(bytes); }, { rowGroupRows });
  for await (const page of pages) {
    await out.write(page);
    yield* ready.splice(0);
  }
  await out.end();
  yield* ready.splice(0);
}

/**
 * A response body pulled chunk by chunk: nothing is produced before the client reads, a client
 * that goes away stops the store reads, and a failure part way errors the body, so the client
 * sees a broken download rather than a short file that looks complete.
 */
function pulled(chunks: AsyncGenerator<string | Uint8Array>, what: string): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let cancelled = false; // the client went away while a chunk was being made: drop it, quietly
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const next = await chunks.next();
        if (cancelled) return;
        if (next.done) controller.close();
        else controller.enqueue(typeof next.value === 'string' ? encoder.encode(next.value) : next.value);
      } catch (err) {
        if (cancelled) return;
        logger('http:export').error({ err }, `${what} failed part way`);
        controller.error(err);
      }
    },
    async cancel() {
      cancelled = true;
      await chunks.return(undefined);
    },
  }, { highWaterMark: 0 });
}

/**
 * Sizes for tests and benches; the defaults suit production.
 * @example
 * exportRoute(app, store, { pageRows: 50, parquetRowGroupRows: 100 });
 */
export interface ExportOptions {
  /** Rows per store read (default 65 536). */
  pageRows?: number;
  /** Rows per Parquet row group (default 65 536). */
  parquetRowGroupRows?: number;
}

/**
 * `GET /api/v1/export` with the readings filters (default range 24h): raw readings as CSV,
 * NDJSON or Parquet, chosen by `format=csv|ndjson|parquet` or else by `Accept`. Streamed a page
 * of rows at a time, so a month of data never sits in memory at once; Parquet is written a row
 * group at a time and each group sent as soon as it is encoded.
 * @example
 * exportRoute(app, store);
 * // GET /api/v1/export?format=parquet&node=pi-node-1&range=7d → readings.parquet
 */
export function exportRoute(app: Hono, store: StudioStore, opts: ExportOptions = {}, edge?: EdgeReadings): void {
  app.get('/api/v1/export', async (c) => {
    const q = c.req.query();
    const format = chooseFormat(q.format, c.req.header('accept'));
    const f = filterAndRange({ range: '24h', ...q });
    const source = q.source ?? 'auto';
    if (!(EXPORT_SOURCES as readonly string[]).includes(source)) throw new HttpError(400, `source must be one of ${EXPORT_SOURCES.join(', ')}; got "${source.slice(0, 40)}"`, 'source');
    const plan = await planExport(store, f, source as ExportSource, edge);
    const said: Record<string, string> = { 'x-homelab-export-source': plan.source, ...(plan.note ? { 'x-homelab-export-note': plan.note } : {}), vary: 'accept' };
    if (plan.source === 'studio-rollups') {
      if (format === 'parquet') throw new HttpError(409, `${plan.note}. The Parquet export carries raw readings: ask format=csv or ndjson for the rollups, or source=node&node=<name> for the node's raw readings`, 'format', 'only_aggregates');
      return c.body(rollupText(plan.rows, format), 200, { ...said, 'content-type': EXPORT_FORMATS[format], 'content-disposition': `attachment; filename="rollups.${format}"` });
    }
    const pages = plan.source === 'node-raw-store' ? (async function* () { if (plan.rows.length) yield plan.rows; })() : readingPages(store, f, opts.pageRows);
    const chunks = format === 'parquet' ? parquetChunks(pages, opts.parquetRowGroupRows ?? PARQUET_ROW_GROUP_ROWS) : textChunks(pages, format);
    return c.body(pulled(chunks, `export ${format}`), 200, {
      ...said,
      'content-type': EXPORT_FORMATS[format],
      'content-disposition': `attachment; filename="readings.${format}"`,
    });
  });
}
