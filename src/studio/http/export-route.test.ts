import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Hono } from 'hono';
import { parquetMetadata, parquetReadObjects, parquetSchema } from 'hyparquet';
import { HttpError, httpErrorOf } from './http-error.js';
import { ReadingSchema, type ReadingInput } from '../../core/schemas.js';
import { SqliteStore } from '../store/sqlite/sqlite-store.js';
import type { StudioStore } from '../store/store.js';
import { exportRoute, type ExportOptions } from './export-route.js';
import { PARQUET_MEDIA_TYPE } from './export-parquet.js';
import { configureLogging } from '../../core/logger.js';

/** The process's log lines from here on (the route logs through the process's logger). */
function logLines(): string[] {
  const lines: string[] = [];
  configureLogging({ destination: { write: (l: string) => { lines.push(l); } } });
  return lines;
}

const T0 = Date.UTC(2025, 10, 20, 22, 0, 0); // two hours before midnight: the data spans two days
const MIN = 60_000;

/** Three series; every minute all three report at the same millisecond, so pages split a millisecond. */
const SERIES = [
  { node: 'pi-node-1', sensor: 'dht22-temperature', kind: 'temperature', unit: '°C', location: 'warehouse-a' },
  { node: 'pi-node-1', sensor: 'dht22-humidity', kind: 'humidity', unit: '%', location: 'warehouse-a' },
  { node: 'pi-node-2', sensor: 'cpu', kind: 'cpu', unit: '%' }, // no location: a null in the export
];

function readingsFor(minutes: number, start = T0): ReadingInput[] {
  const out: ReadingInput[] = [];
  for (let i = 0; i < minutes; i++) {
    for (const [k, s] of SERIES.entries()) {
      const flagged = i % 7 === 3 && k === 0; // some readings carry an edge verdict, most do not
      out.push({ ...s, ts: start + i * MIN, value: Math.round((20 + Math.sin(i / 5) * 4 - k * 0.25) * 1000) / 1000, ...(flagged ? { severity: 'warning', score: 0.75 } : {}) });
    }
  }
  return out;
}

/** The stored rows as the export should give them, in its order (ts, node, sensor). */
function expected(rows: ReadingInput[]) {
  return rows.map((r) => ({
    ts: Number(r.ts), node: r.node, sensor: r.sensor, kind: r.kind, value: r.value, unit: r.unit ?? '',
    location: r.location ?? null, severity: r.severity ?? null, score: r.score ?? null,
  })).sort((a, b) => a.ts - b.ts || a.node.localeCompare(b.node) || a.sensor.localeCompare(b.sensor));
}

async function ingest(store: StudioStore, rows: ReadingInput[], id: string): Promise<void> {
  for (let i = 0; i < rows.length; i += 10_000) {
    await store.ingest([{ event: { source: '/test', id: `${id}-${i}`, type: 'io.homelab.edge.reading', time: T0 }, readings: rows.slice(i, i + 10_000).map((r) => ReadingSchema.parse(r)) }]);
  }
}

function appFor(store: StudioStore, opts?: ExportOptions): Hono {
  const app = new Hono();
  // The studio app's error handler, reduced to what this route needs.
  app.onError((err, c) => {
    const e = httpErrorOf(err) ?? new HttpError(500, String(err));
    return c.json(e.toJSON(), e.status as 400);
  });
  exportRoute(app, store, opts);
  return app;
}

/** Reads a Parquet body back with hyparquet, a reader that shares no code with the writer's encoding path. */
async function readParquet(res: Response) {
  const file = await res.arrayBuffer();
  const metadata = parquetMetadata(file);
  const rows = await parquetReadObjects({ file, metadata });
  const columns = parquetSchema(metadata).children.map((c) => c.element);
  return { file, metadata, rows, columns };
}

const asStored = (r: Record<string, unknown>) => ({ ...r, ts: (r.ts as Date).getTime() });

describe('GET /api/v1/export', () => {
  const store = new SqliteStore(':memory:');
  const stored = readingsFor(240); // 720 readings over 4 hours, across midnight
  const range = `from=${T0}&to=${T0 + 240 * MIN}`;

  before(async () => {
    await store.open();
    await ingest(store, stored, 'base');
  });
  after(() => store.close());

  test('format=parquet: every stored reading, typed columns, the CSV export\'s columns in its order', async () => {
    const app = appFor(store);
    const res = await app.request(`/api/v1/export?format=parquet&${range}`);
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), PARQUET_MEDIA_TYPE);
    assert.match(res.headers.get('content-disposition') ?? '', /readings\.parquet/);
    const { file, metadata, rows, columns } = await readParquet(res);
    assert.equal(new TextDecoder().decode(new Uint8Array(file, 0, 4)), 'PAR1');
    assert.equal(Number(metadata.num_rows), stored.length);

    const csv = await (await app.request(`/api/v1/export?format=csv&${range}`)).text();
    assert.deepEqual(columns.map((c) => c.name), csv.split('\n')[0]!.split(','));
    const byName = Object.fromEntries(columns.map((c) => [c.name, c]));
    assert.equal(byName.ts!.type, 'INT64');
    assert.deepEqual(byName.ts!.logical_type, { type: 'TIMESTAMP', isAdjustedToUTC: true, unit: 'MILLIS' });
    assert.equal(byName.ts!.repetition_type, 'REQUIRED');
    for (const n of ['value', 'score']) assert.equal(byName[n]!.type, 'DOUBLE', n);
    for (const n of ['node', 'sensor', 'kind', 'unit', 'location', 'severity']) {
      assert.equal(byName[n]!.type, 'BYTE_ARRAY', n);
      assert.equal(byName[n]!.converted_type, 'UTF8', n);
    }
    for (const n of ['location', 'severity', 'score']) assert.equal(byName[n]!.repetition_type, 'OPTIONAL', n);
    for (const n of ['node', 'sensor', 'kind', 'value', 'unit']) assert.equal(byName[n]!.repetition_type, 'REQUIRED', n);

    assert.ok(rows.every((r) => r.ts instanceof Date), 'ts reads back as a timestamp');
    assert.deepEqual(rows.map(asStored), expected(stored));
    assert.ok(rows.some((r) => r.location === null) && rows.some((r) => r.score === 0.75), 'nulls and values both survive');
  });

  test('filters narrow the Parquet export as they do the others', async () => {
    const res = await appFor(store).request(`/api/v1/export?format=parquet&${range}&node=pi-node-2`);
    const { rows } = await readParquet(res);
    assert.deepEqual(rows.map(asStored), expected(stored.filter((r) => r.node === 'pi-node-2')));
  });

  test('small pages and row groups: several row groups, nothing lost or repeated where a page splits a millisecond', async () => {
    // 50-row pages end mid-millisecond (3 rows per ms); 100-row groups do not line up with pages or days.
    const app = appFor(store, { pageRows: 50, parquetRowGroupRows: 100 });
    const { metadata, rows } = await readParquet(await app.request(`/api/v1/export?format=parquet&${range}`));
    assert.deepEqual(metadata.row_groups.map((g) => Number(g.num_rows)), [...Array(7).fill(100), stored.length - 700]);
    assert.deepEqual(rows.map(asStored), expected(stored));
    const ndjson = (await (await app.request(`/api/v1/export?format=ndjson&${range}`)).text()).trim().split('\n').map((l) => JSON.parse(l) as { ts: string; node: string; sensor: string });
    assert.deepEqual(ndjson.map((r) => `${Date.parse(r.ts)} ${r.node} ${r.sensor}`), expected(stored).map((r) => `${r.ts} ${r.node} ${r.sensor}`));
  });

  test('the default row group size splits a large export into several groups', async () => {
    const big = new SqliteStore(':memory:');
    await big.open();
    try {
      const rows = readingsFor(22_000, T0 - 30 * 86_400_000); // 66 000 readings over ~15 days
      await ingest(big, rows, 'big');
      const res = await appFor(big).request(`/api/v1/export?format=parquet&from=${T0 - 30 * 86_400_000}&to=${T0}`);
      const { metadata, rows: back } = await readParquet(res);
      assert.deepEqual(metadata.row_groups.map((g) => Number(g.num_rows)), [65_536, rows.length - 65_536]);
      assert.equal(back.length, rows.length);
      const want = expected(rows);
      for (const i of [0, 65_535, 65_536, rows.length - 1]) assert.deepEqual(asStored(back[i]!), want[i], `row ${i}`);
    } finally {
      await big.close();
    }
  });

  test('an empty range gives a valid Parquet file with the schema and no rows', async () => {
    const res = await appFor(store).request(`/api/v1/export?format=parquet&from=${T0 - 10 * MIN}&to=${T0 - MIN}`);
    assert.equal(res.status, 200);
    const { metadata, rows, columns } = await readParquet(res);
    assert.equal(Number(metadata.num_rows), 0);
    assert.equal(metadata.row_groups.length, 0);
    assert.equal(columns.length, 9);
    assert.deepEqual(rows, []);
  });

  test('Accept picks the format when format= is absent; format= wins when both are given', async () => {
    const app = appFor(store);
    const get = (q: string, accept: string) => app.request(`/api/v1/export?${range}${q}`, { headers: { accept } });
    const parquet = await get('', PARQUET_MEDIA_TYPE);
    assert.equal(parquet.headers.get('content-type'), PARQUET_MEDIA_TYPE);
    assert.equal((await readParquet(parquet)).rows.length, stored.length);
    const ndjson = await get('', 'text/csv;q=0.5, application/x-ndjson');
    assert.equal(ndjson.headers.get('content-type'), 'application/x-ndjson');
    assert.equal((await ndjson.text()).trim().split('\n').length, stored.length);
    assert.match((await get('', 'text/html,*/*;q=0.8')).headers.get('content-type') ?? '', /^text\/csv/);
    assert.match((await get('&format=csv', PARQUET_MEDIA_TYPE)).headers.get('content-type') ?? '', /^text\/csv/);
  });

  test('a bad format or range is a 400 naming the field, in the error shape', async () => {
    const app = appFor(store);
    for (const [q, field] of [['format=xlsx', 'format'], ['format=PARQUET', 'format'], ['format=toString', 'format'], ['format=parquet&range=forever', 'range']] as const) {
      const res = await app.request(`/api/v1/export?${q}`);
      assert.equal(res.status, 400, q);
      const body = (await res.json()) as { error: { status: number; reason: string; message: string; field?: string } };
      assert.equal(body.error.status, 400);
      assert.equal(body.error.reason, 'invalid');
      assert.equal(body.error.field, field, q);
      if (field === 'format') assert.match(body.error.message, /csv, ndjson, parquet/);
    }
  });

  test('a store failure part way breaks the download instead of ending it like a complete file', async () => {
    let calls = 0;
    const failing = withReadings(store, async (f) => { if (f.limit === 50 && ++calls > 1) throw new Error('disk gone'); return store.readings(f); }); // page reads only: the export's one-row probes come first
    const logged = logLines();
    for (const format of ['parquet', 'csv']) {
      calls = 0;
      const res = await appFor(failing, { pageRows: 50, parquetRowGroupRows: 40 }).request(`/api/v1/export?format=${format}&${range}`);
      assert.equal(res.status, 200); // the headers went before the failure
      await assert.rejects(res.arrayBuffer(), /disk gone/, format);
    }
    assert.equal(logged.filter((l) => /ERROR http:export: .* failed part way {2}err="disk gone"/.test(l)).length, 2, logged.join(''));
  });

  test('a client that goes away stops the store reads, and that is no error', async () => {
    let calls = 0;
    const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
    const counting = withReadings(store, async (f) => { calls++; await sleep(20); return store.readings(f); });
    const logged = logLines();
    for (const format of ['parquet', 'ndjson']) {
      calls = 0;
      const res = await appFor(counting, { pageRows: 30, parquetRowGroupRows: 30 }).request(`/api/v1/export?format=${format}&${range}`);
      const reader = res.body!.getReader();
      assert.equal((await reader.read()).done, false);
      const inFlight = reader.read();
      await sleep(5); // the next chunk is being made (its store read takes 20 ms) when the client leaves
      await reader.cancel();
      assert.equal((await inFlight).done, true);
      const atCancel = calls;
      await sleep(100);
      assert.ok(atCancel < 10, `${format}: read ${atCancel} pages before the first chunk`);
      assert.ok(calls <= atCancel + 1, `${format}: ${calls - atCancel} store reads after the client left`);
    }
    assert.deepEqual(logged.filter((l) => /ERROR/.test(l)), []);
  });
});

/** The store with `readings` replaced, the rest as it is. */
function withReadings(store: StudioStore, readings: StudioStore['readings']): StudioStore {
  return new Proxy(store, {
    get(target, key) {
      if (key === 'readings') return readings;
      const v = Reflect.get(target, key, target) as unknown;
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
    },
  });
}
