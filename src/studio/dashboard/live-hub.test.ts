import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { IngestItem } from '../store/store.js';
import { createStudioBus } from '../studio-events.js';
import { LiveHub, type LiveFrame } from './live-hub.js';

const reading = (sensor: string, ts: number, value: number) => ({ node: 'pi-1', sensor, kind: 'temperature', unit: '°C', location: 'a', ts, value });
const item = (readings: ReturnType<typeof reading>[], extra: Partial<IngestItem> = {}): IngestItem => ({ event: { source: '/edge/pi-1', id: String(Math.random()), type: 'io.homelab.edge.reading', time: 0 }, readings, ...extra });
const parse = (frames: LiveFrame[]) => Object.fromEntries(frames.map((f) => [f.event, JSON.parse(f.data) as unknown]));

test('readings coalesce to the latest per series with a count; one frame set for every client', () => {
  const bus = createStudioBus();
  const hub = new LiveHub(bus, { flushMs: 60_000 });
  const got: LiveFrame[][] = [[], []];
  hub.join({ send: (f) => got[0]!.push(...f) });
  hub.join({ send: (f) => got[1]!.push(...f) });
  bus.emit('stored', [item([reading('t', 1000, 20), reading('t', 3000, 22), reading('t', 2000, 21), reading('h', 1000, 50)])]);
  bus.emit('stored', [{ event: { source: '/edge/pi-1', id: 'agg', type: 'io.homelab.edge.aggregate', time: 0 }, aggregate: { node: 'pi-1', window_start: 0, window_end: 300_000, series: [{ sensor: 'p', kind: 'pressure', unit: 'hPa', count: 300, min: 1, max: 2, mean: 1.5, last: 1.7, last_ts: 299_000 }] } }]);
  hub.flush();
  const frames = parse(got[0]!);
  assert.deepEqual(frames.readings, [
    { node: 'pi-1', sensor: 't', kind: 'temperature', unit: '°C', location: 'a', ts: 3000, value: 22, count: 3 },
    { node: 'pi-1', sensor: 'h', kind: 'temperature', unit: '°C', location: 'a', ts: 1000, value: 50, count: 1 },
    { node: 'pi-1', sensor: 'p', kind: 'pressure', unit: 'hPa', location: null, ts: 299_000, value: 1.7, count: 300 },
  ]);
  assert.deepEqual(got[0], got[1]);
  assert.deepEqual(hub.flush(), [], 'nothing new: nothing sent');
});

test('anomalies, alerts and rule edits go out in order; past the bound a single resync replaces them', () => {
  const bus = createStudioBus();
  const hub = new LiveHub(bus, { flushMs: 60_000, maxEventsPerFlush: 3 });
  const got: LiveFrame[] = [];
  hub.join({ send: (f) => got.push(...f) });
  const anomaly = { node: 'pi-1', sensor: 't', kind: 'temperature', unit: '°C', ts: 1, value: 90, score: 0.99, severity: 'critical' as const, reason: 'hot' };
  bus.emit('stored', [item([], { anomalies: [anomaly] })]);
  bus.emit('rule', { action: 'created', id: 'r1' });
  hub.flush();
  assert.deepEqual(got.map((f) => f.event), ['anomalies', 'rule']);
  got.length = 0;
  for (let i = 0; i < 5; i++) bus.emit('rule', { action: 'updated', id: `r${i}` });
  bus.emit('stored', [item([reading('t', 5, 1)])]);
  hub.flush();
  assert.deepEqual(got.map((f) => f.event), ['resync', 'readings'], 'readings still come: they are bounded by series');
});

test('the hub listens to the bus only while someone is connected', () => {
  const bus = createStudioBus();
  const hub = new LiveHub(bus, { flushMs: 60_000 });
  assert.equal(bus.count('stored'), 0);
  const leave = hub.join({ send: () => {} });
  assert.equal(bus.count('stored'), 1);
  leave();
  assert.equal(bus.count('stored'), 0);
  assert.equal(hub.size, 0);
});
