import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Hono } from 'hono';
import { ReadingSchema } from '../src/core/schemas.js';
import { exportRoute } from '../src/studio/http/export-route.js';
import { SqliteStore } from '../src/studio/store/sqlite/sqlite-store.js';
import type { IngestItem } from '../src/studio/store/store.js';

const MIN = 60_000;

/** `rows` readings from 50 series (10 nodes × 5 sensors) at 1/min, a few flagged, as events of 1000. */
function* dataset(rows: number, start: number): Generator<IngestItem> {
  const kinds = ['temperature', 'humidity', 'pressure', 'temperature', 'humidity'];
  let batch: NonNullable<IngestItem['readings']> = [];
  let n = 0;
  for (let i = 0, ts = start; i < rows; ts += MIN) {
    for (let node = 1; node <= 10 && i < rows; node++) {
      for (let s = 0; s < 5 && i < rows; s++, i++) {
        const flagged = i % 97 === 0;
        batch.push(ReadingSchema.parse({ node: `pi-node-${node}`, sensor: `s${s}`, kind: kinds[s], value: 20 + Math.sin(ts / 3.6e6) + s, unit: '', ts, location: `warehouse-${String.fromCharCode(97 + (node % 3))}`, ...(flagged ? { severity: 'warning', score: 0.8 } : {}) }));
      }
    }
    if (batch.length >= 1000) {
      yield { event: { source: '/bench', id: `e${n++}`, type: 'io.homelab.edge.reading', time: ts }, readings: batch };
      batch = [];
    }
  }
  if (batch.length) yield { event: { source: '/bench', id: `e${n++}`, type: 'io.homelab.edge.reading', time: start }, readings: batch };
}

/**
 * Reads a whole export through the route, keeping only the byte count; answers the time and the
 * peak growth of live memory (heap + ArrayBuffers, sampled after a full GC every 250 ms when
 * node runs with --expose-gc, as `npm run bench` does; without it, garbage inflates the figure).
 */
async function exportOnce(app: Hono, url: string): Promise<{ seconds: number; bytes: number; peakLiveMb: number }> {
  const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);
  const used = () => { const m = process.memoryUsage(); return m.heapUsed + m.arrayBuffers; };
  gc();
  const base = used();
  let peak = base;
  let last = performance.now();
  let gcMs = 0;
  const t0 = performance.now();
  const res = await app.request(url);
  if (res.status !== 200 || !res.body) throw new Error(`export answered ${res.status}: ${await res.text()}`);
  let bytes = 0;
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
    bytes += chunk.byteLength;
    const now = performance.now();
    if (now - last > 250) {
      gc();
      peak = Math.max(peak, used());
      last = performance.now();
      gcMs += last - now; // left out of the rate
    }
  }
  return { seconds: (performance.now() - t0 - gcMs) / 1000, bytes, peakLiveMb: Math.round((peak - base) / 1e5) / 10 };
}

/** Export figures: Parquet (and CSV, to compare) rows/s through `GET /api/v1/export` over a SQLite store. */
export async function run(): Promise<Record<string, number | string>> {
  const rows = Number(process.env.BENCH_EXPORT_ROWS ?? 1_000_000);
  const start = Date.UTC(2025, 0, 1);
  const dir = mkdtempSync(join(tmpdir(), 'bench-export-'));
  const store = new SqliteStore(join(dir, 'studio.db'));
  const out: Record<string, number | string> = {};
  try {
    await store.open();
    let pending: IngestItem[] = [];
    for (const item of dataset(rows, start)) {
      pending.push(item);
      if (pending.length === 10) { await store.ingest(pending); pending = []; }
    }
    if (pending.length) await store.ingest(pending);
    const app = new Hono();
    exportRoute(app, store);
    const range = `from=${start}&to=${start + Math.ceil(rows / 50 + 1) * MIN}`;
    for (const format of ['parquet', 'csv'] as const) {
      const r = await exportOnce(app, `/api/v1/export?format=${format}&${range}`);
      out[`export.${format}.rows`] = rows;
      out[`export.${format}.rows_per_s`] = Math.round(rows / r.seconds);
      out[`export.${format}.bytes_per_row`] = Number((r.bytes / rows).toFixed(1));
      out[`export.${format}.peak_live_mb`] = r.peakLiveMb;
    }
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
  return out;
}
