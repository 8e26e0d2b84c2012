import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Hono } from 'hono';
import { httpErrorOf } from './http-error.js';
import { AggregateSchema, ReadingSchema } from '../../core/schemas.js';
import { SqliteStore } from '../store/sqlite/sqlite-store.js';
import { CommandQueue } from '../commands/command-queue.js';
import { EdgeReadings } from '../commands/edge-readings.js';
import { exportRoute } from './export-route.js';

const W = 300_000;
const T0 = Math.floor((Date.now() - 6 * 3_600_000) / W) * W;

async function setup() {
  const store = new SqliteStore(':memory:');
  await store.open();
  // Six 5-minute windows of pi-node-1 as aggregates only (normal data), one critical raw reading of pi-node-2.
  await store.ingest(Array.from({ length: 6 }, (_, i) => ({
    event: { source: '/edge/pi-node-1', id: `agg${i}`, type: 'io.homelab.edge.aggregate', time: T0 + (i + 1) * W },
    aggregate: AggregateSchema.parse({ node: 'pi-node-1', window_start: T0 + i * W, window_end: T0 + (i + 1) * W, series: [{ sensor: 'dht22-temperature', kind: 'temperature', unit: '°C', location: 'warehouse-a', count: 60, min: 20 + i, max: 21 + i, mean: 20.5 + i, last: 21 }] }),
  })));
  await store.ingest([{ event: { source: '/edge/pi-node-2', id: 'crit', type: 'io.homelab.edge.reading', time: T0 },
    readings: [ReadingSchema.parse({ node: 'pi-node-2', sensor: 'dht22-temperature', kind: 'temperature', unit: '°C', value: 31, ts: T0 + 60_000, location: 'warehouse-b' })] }]);
  const queue = new CommandQueue({ path: ':memory:' });
  await queue.open();
  const app = new Hono();
  app.onError((err, c) => { const e = httpErrorOf(err); return e ? c.json(e.toJSON(), e.status as 400) : c.json({ error: String(err) }, 500); });
  exportRoute(app, store, {}, new EdgeReadings(queue));
  const range = `from=${T0}&to=${T0 + 6 * W}`;
  return { store, queue, app, range };
}

test('export of a window held only as aggregates gives its rollups (count, min, max) and says so; never an empty file without a word', async () => {
  const { store, queue, app, range } = await setup();
  try {
    const res = await app.request(`/api/v1/export?node=pi-node-1&${range}&format=csv`);
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('x-homelab-export-source'), 'studio-rollups');
    assert.match(res.headers.get('x-homelab-export-note') ?? '', /only 5-minute aggregates of 360 readings/);
    const lines = (await res.text()).trim().split('\n');
    assert.equal(lines[0], 'window_start,window_end,node,sensor,kind,count,mean,min,max');
    assert.equal(lines.length, 7);
    const cols = lines[3]!.split(',');
    assert.deepEqual([cols[2], cols[5], cols[7], cols[8]], ['pi-node-1', '60', '22', '23']);
    // The strict raw export is empty, but says how many readings the window covers.
    const raw = await app.request(`/api/v1/export?node=pi-node-1&${range}&format=ndjson&source=raw`);
    assert.equal(raw.headers.get('x-homelab-export-source'), 'studio-raw');
    assert.match(raw.headers.get('x-homelab-export-note') ?? '', /covers 360 readings/);
    assert.equal(await raw.text(), '');
    // Parquet carries raw readings only: a 409 naming the ways to get the data.
    const pq = await app.request(`/api/v1/export?node=pi-node-1&${range}&format=parquet`);
    assert.equal(pq.status, 409);
    assert.match(((await pq.json()) as { error: { message: string } }).error.message, /format=csv or ndjson .* source=node/);
    // Part raw, part aggregates: the raw readings, with a note on what is only aggregated.
    const mixed = await app.request(`/api/v1/export?${range}&format=csv`);
    assert.equal(mixed.headers.get('x-homelab-export-source'), 'studio-raw');
    assert.match(mixed.headers.get('x-homelab-export-note') ?? '', /raw readings for 1 of the 361 readings/);
    assert.equal((await mixed.text()).trim().split('\n').length, 2);
    // Nothing at all: still said.
    const none = await app.request(`/api/v1/export?node=nobody&${range}&format=csv`);
    assert.equal(none.headers.get('x-homelab-export-source'), 'none');
    // The node's raw store: asked over the command channel; a node that does not answer is a 504 with the reason.
    const t0 = Date.now();
    const node = app.request(`/api/v1/export?node=pi-node-1&${range}&format=csv&source=node`);
    const [cmd] = await queue.next('pi-node-1', [], 5000);
    await queue.complete('pi-node-1', cmd!.id, { ok: true, result: { node: 'pi-node-1', from: T0, to: T0 + 6 * W, count: 1, truncated: false, readings: [{ node: 'pi-node-1', sensor: 'dht22-temperature', kind: 'temperature', unit: '°C', location: 'warehouse-a', ts: T0 + 5000, value: 20.25, severity: 'normal', score: null }] } }, 100);
    const fromNode = await node;
    assert.equal(fromNode.headers.get('x-homelab-export-source'), 'node-raw-store');
    assert.match(await fromNode.text(), /pi-node-1,dht22-temperature,temperature,20\.25/);
    assert.ok(Date.now() - t0 < 5000);
    assert.equal((await app.request(`/api/v1/export?${range}&source=node`)).status, 400, 'source=node needs a node');
    assert.equal((await app.request(`/api/v1/export?${range}&source=elsewhere`)).status, 400);
  } finally {
    await queue.close();
    await store.close();
  }
});
