import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { ReadingSchema, AggregateSchema } from '../../core/schemas.js';
import { SqliteStore } from '../store/sqlite/sqlite-store.js';
import { ROLLUP_MS, type IngestItem } from '../store/store.js';
import { chartSeries } from './series-query.js';

const MIN = 60_000;
const T0 = Date.UTC(2026, 0, 10, 0, 0, 0);
const store = new SqliteStore(':memory:');
let n = 0;
const event = (time: number) => ({ source: '/edge/test', id: `e${n++}`, type: 'io.homelab.edge.reading', time });
const reading = (node: string, sensor: string, value: number, ts: number, extra: Record<string, unknown> = {}) =>
  ReadingSchema.parse({ node, sensor, kind: 'temperature', value, unit: '°C', ts, location: 'warehouse-a', ...extra });

before(async () => {
  await store.open();
  // pi-a/t: one reading a minute for 30 days, a 90 °C spike on day 17.
  const items: IngestItem[] = [];
  let batch = [];
  for (let i = 0; i < 30 * 1440; i++) {
    batch.push(reading('pi-a', 't', i === 17 * 1440 + 333 ? 90 : 20 + (i % 7) / 10, T0 + i * MIN));
    if (batch.length === 2000) { items.push({ event: event(T0), readings: batch }); batch = []; }
  }
  items.push({ event: event(T0), readings: batch });
  await store.ingest(items);
  // pi-b/t: only edge aggregates (normal readings stay on the node) plus one critical raw reading.
  const aggs: IngestItem[] = [];
  for (let w = 0; w < 24; w++) {
    const start = T0 + 29 * 1440 * MIN + w * ROLLUP_MS;
    aggs.push({ event: event(start), aggregate: AggregateSchema.parse({ node: 'pi-b', window_start: start, window_end: start + ROLLUP_MS, series: [{ sensor: 't', kind: 'temperature', unit: '°C', location: 'warehouse-a', count: 300, min: 19, max: w === 5 ? 41 : 21, mean: 20, last: 20 }] }) });
  }
  aggs.push({ event: event(T0), readings: [reading('pi-b', 't', 41, T0 + 29 * 1440 * MIN + 5 * ROLLUP_MS + 60_000, { severity: 'critical', score: 0.99 })] });
  await store.ingest(aggs);
});
after(() => store.close());

test('30 days at 800 px: at most 800 points from rollups, the spike kept, every reading counted', async () => {
  const chart = await chartSeries(store, { node: 'pi-a', sensor: 't', from: T0, to: T0 + 30 * 1440 * MIN, width: 800 });
  const [s] = chart.series;
  assert.ok(s);
  assert.equal(typeof s.source, 'number', 'rollups, not raw');
  assert.ok(s.points.ts.length <= 800 && s.points.ts.length > 700, `${s.points.ts.length} points`);
  assert.equal(Math.max(...s.points.max), 90);
  assert.equal(s.points.count.reduce((a, b) => a + b), 30 * 1440);
  for (let i = 1; i < s.points.ts.length; i++) assert.ok(s.points.ts[i]! > s.points.ts[i - 1]!);
});

test('one hour at 800 px: every raw reading at its own time', async () => {
  const from = T0 + 17 * 1440 * MIN + 300 * MIN;
  const chart = await chartSeries(store, { node: 'pi-a', sensor: 't', from, to: from + 60 * MIN, width: 800 });
  const s = chart.series[0]!;
  assert.equal(s.source, 'raw');
  assert.equal(s.points.ts.length, 60);
  assert.equal(s.points.ts[33], T0 + (17 * 1440 + 333) * MIN);
  assert.equal(s.points.max[33], 90);
});

test('an aggregate-only series shows at short ranges, counts from its aggregates, the raw critical reading not counted twice', async () => {
  const from = T0 + 29 * 1440 * MIN;
  const chart = await chartSeries(store, { node: 'pi-b', from, to: from + 2 * 3_600_000, width: 800 });
  const s = chart.series[0]!;
  assert.equal(s.source, 'raw');
  assert.equal(s.points.count.reduce((a, b) => a + b), 24 * 300, 'an aggregate covers the raw reading of its window');
  assert.equal(Math.max(...s.points.max), 41);
  assert.ok(s.points.ts.includes(T0 + 29 * 1440 * MIN + 5 * ROLLUP_MS + 60_000), 'the critical reading at its own time');
});

test('a location with several series answers each; maxSeries truncates and says so', async () => {
  const from = T0 + 29 * 1440 * MIN;
  const all = await chartSeries(store, { location: 'warehouse-a', from, to: from + 3_600_000, width: 100 });
  assert.deepEqual(all.series.map((s) => s.node), ['pi-a', 'pi-b']);
  assert.equal(all.truncated, false);
  const one = await chartSeries(store, { location: 'warehouse-a', from, to: from + 3_600_000, width: 100 }, { rawLimit: 50_000, maxSeries: 1 });
  assert.equal(one.series.length, 1);
  assert.equal(one.truncated, true);
});

test('over the raw limit it falls back to rollups instead of reading everything', async () => {
  const from = T0;
  const chart = await chartSeries(store, { node: 'pi-a', sensor: 't', from, to: from + 2 * 86_400_000, width: 2000 }, { rawLimit: 1000, maxSeries: 10 });
  assert.equal(chart.series[0]!.source, ROLLUP_MS);
  assert.equal(chart.series[0]!.points.count.reduce((a, b) => a + b), 2 * 1440);
});

test('a range with no data answers no series, not an error', async () => {
  const chart = await chartSeries(store, { node: 'pi-a', from: T0 - 10 * 86_400_000, to: T0 - 9 * 86_400_000, width: 800 });
  assert.deepEqual(chart.series, []);
});

test('a range that cuts 5-minute buckets adds no point of its own: one per raw reading, whatever the offsets', async () => {
  for (const offset of [0, 1, 59_999, 60_000, 150_001, 299_999]) {
    const from = T0 + 17 * 1440 * MIN + offset;
    const chart = await chartSeries(store, { node: 'pi-a', sensor: 't', from, to: from + 3_600_000, width: 1240 });
    const raw = await store.readings({ node: 'pi-a', sensor: 't', from, to: from + 3_600_000 });
    assert.equal(chart.series[0]!.points.ts.length, raw.length, `offset ${offset}`);
    assert.deepEqual(chart.series[0]!.points.ts, raw.map((r) => r.ts));
  }
});
