import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ReadingSchema } from '../../core/schemas.js';
import { SqliteStore } from '../store/sqlite/sqlite-store.js';
import { sharedReads } from './shared-reads.js';

test('sharedReads: identical reads made once per request, other arguments read apart, a new request sees new data', async () => {
  const store = new SqliteStore(':memory:');
  await store.open();
  const T = Date.UTC(2026, 11, 1);
  const item = (id: string, value: number, ts: number) => ({ event: { source: '/t', id, type: 'io.homelab.edge.reading', time: ts }, readings: [ReadingSchema.parse({ node: 'pi-1', sensor: 't', kind: 'temperature', unit: '°C', location: 'lab', ts, value })] });
  await store.ingest([item('a', 21, T)]);
  let calls = 0;
  const series = store.series.bind(store);
  store.series = async (f) => { calls++; return series(f); };
  const reads = sharedReads(store);
  const q = { location: 'lab', from: T - 3_600_000, to: T + 3_600_000, stepMs: 300_000 };
  const [a, b] = await Promise.all([reads.series(q), reads.series({ ...q })]);
  assert.equal(calls, 1);
  assert.deepEqual(a, b);
  await reads.series({ ...q, kind: 'temperature' });
  assert.equal(calls, 2);
  assert.equal(reads.engine, 'sqlite', 'everything else is the store itself');
  await store.ingest([item('b', 30, T + 60_000)]);
  assert.equal((await reads.series(q))[0]!.max, 21, 'the same request keeps what it read');
  assert.equal((await sharedReads(store).series(q))[0]!.max, 30, 'the next request reads afresh');
  await store.close();
});
