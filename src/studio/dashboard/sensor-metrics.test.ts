import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SqliteStore } from '../store/sqlite/sqlite-store.js';
import type { IngestItem } from '../store/store.js';
import { createStudioBus } from '../studio-events.js';
import { SensorMetrics } from './sensor-metrics.js';

const T0 = Date.UTC(2026, 0, 1);
let id = 0;
const readings = (node: string, sensor: string, values: number[], ts0: number, extra: Record<string, unknown> = {}): IngestItem => ({
  event: { source: `/edge/${node}`, id: `e${id++}`, type: 'io.homelab.edge.reading', time: ts0 },
  readings: values.map((value, i) => ({ node, sensor, kind: 'temperature', unit: '°C', location: 'warehouse "a"\\1', ts: ts0 + i * 1000, value, ...extra })),
});

/** Sample lines as name{labels} → value. */
const samples = (text: string) => new Map(text.split('\n').filter((l) => l && !l.startsWith('#')).map((l) => { const i = l.lastIndexOf(' '); return [l.slice(0, i), Number(l.slice(i + 1))]; }));

test('values from the store, counts and scores from the bus, labels escaped, 5-minute score window', async () => {
  const store = new SqliteStore(':memory:');
  await store.open();
  const bus = createStudioBus();
  let now = T0;
  const m = new SensorMetrics(store, bus, { clock: () => now });
  const feed = async (items: IngestItem[]) => { await store.ingest(items); bus.emit('stored', items); };
  await feed([readings('pi-1', 't', [20, 21, 22.5], T0)]);
  await feed([{ event: { source: '/edge/pi-1', id: 'a1', type: 'io.homelab.edge.anomaly', time: T0 }, anomalies: [{ node: 'pi-1', sensor: 't', kind: 'temperature', unit: '°C', ts: T0 + 2000, value: 22.5, score: 0.93, severity: 'critical', reason: 'hot', location: 'warehouse "a"\\1' }] }]);
  await feed([{ event: { source: '/edge/pi-1', id: 'g1', type: 'io.homelab.edge.aggregate', time: T0 }, aggregate: { node: 'pi-1', window_start: T0, window_end: T0 + 300_000, series: [{ sensor: 't', kind: 'temperature', unit: '°C', count: 297, min: 19, max: 23, mean: 21, last: 21 }] } }]);
  const text = await m.render();
  const l = 'node="pi-1",sensor="t",kind="temperature",location="warehouse \\"a\\"\\\\1",unit="°C"';
  const s = samples(text);
  const [latest] = await store.latest({ sensor: 't' });
  assert.equal(s.get(`homelab_sensor_value{${l}}`), 21, 'the aggregate\'s last value is the newest');
  assert.equal(s.get(`homelab_sensor_last_seen_timestamp_seconds{${l}}`), latest!.lastTs / 1000);
  assert.ok(latest!.lastTs > T0 + 2000);
  assert.equal(s.get(`homelab_sensor_readings_total{${l}}`), 300, 'three raw readings and an aggregate of 297');
  assert.equal(s.get(`homelab_sensor_anomalies_total{${l},severity="critical"}`), 1);
  assert.equal(s.get(`homelab_sensor_anomalies_total{${l},severity="warning"}`), 0, 'exported from 0, so the first anomaly is a rise');
  assert.equal(s.get(`homelab_sensor_anomaly_score{${l}}`), 0.93);
  assert.match(text, /# TYPE homelab_sensor_readings_total counter/);
  now += 7 * 60_000;
  assert.equal(samples(await m.render()).get(`homelab_sensor_anomaly_score{${l}}`), 0, 'the score is of the last 5 minutes');
  await store.close();
});

test('cardinality is bounded: the most recently seen series are kept and the rest counted', async () => {
  const store = new SqliteStore(':memory:');
  await store.open();
  const items = Array.from({ length: 12 }, (_, i) => readings(`pi-${i}`, 't', [i], T0 + i * 60_000));
  await store.ingest(items);
  const m = new SensorMetrics(store, undefined, { maxSeries: 5 });
  const s = samples(await m.render());
  const values = [...s.keys()].filter((k) => k.startsWith('homelab_sensor_value{'));
  assert.equal(values.length, 5);
  assert.deepEqual(values.map((k) => /node="([^"]+)"/.exec(k)![1]).sort(), ['pi-10', 'pi-11', 'pi-7', 'pi-8', 'pi-9']);
  assert.equal(s.get('homelab_sensor_series{state="exported"}'), 5);
  assert.equal(s.get('homelab_sensor_series{state="dropped"}'), 7);
  await store.close();
});
