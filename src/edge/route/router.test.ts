import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { WireEvent } from '../../core/wire-event.js';
import { ReadingSchema, type Reading } from '../../core/schemas.js';
import type { Severity } from '../../core/severity.js';
import { Router } from './router.js';

const MIN = 60_000;
const T0 = Date.UTC(2026, 10, 23, 10, 0, 0);
const reading = (i: number, value: number, sensor = 't') =>
  ReadingSchema.parse({ node: 'pi-node-1', sensor, kind: 'temperature', value, unit: '°C', ts: T0 + i * 10_000, location: 'warehouse-a', id: `pi-node-1:b:${i}` });

function harness() {
  const sent: { event: WireEvent & { data: unknown }; priority: Severity }[] = [];
  const router = new Router({ source: '/edge/pi-node-1', boot: 'b', windowMs: 5 * MIN, warningBatchMs: 5 * MIN }, { enqueue: (event, priority) => sent.push({ event: { ...event, data: (JSON.parse(event.json) as { data: unknown }).data }, priority }) });
  return { router, sent };
}
const normal = { score: 0.1, severity: 'normal' as const, reason: 'none' };

test('normal readings leave only as one aggregate per node and window, with exact statistics', () => {
  const { router, sent } = harness();
  const values = Array.from({ length: 60 }, (_, i) => 20 + (i % 7) / 10); // 10 minutes at 0.1 Hz
  values.forEach((v, i) => { router.route(reading(i, v), normal); router.route(reading(i, v + 5, 'h'), normal); });
  router.tick(T0 + 11 * MIN);
  const aggs = sent.filter((s) => s.event.type === 'io.homelab.edge.aggregate');
  assert.equal(aggs.length, 2, 'two windows, both sensors in one event each');
  const first = aggs[0]!.event.data as { series: { sensor: string; count: number; min: number; max: number; mean: number; last: number }[] };
  const t = first.series.find((s) => s.sensor === 't')!;
  const win = values.slice(0, 30);
  assert.equal(t.count, 30);
  assert.equal(t.min, Math.min(...win));
  assert.equal(t.max, Math.max(...win));
  assert.ok(Math.abs(t.mean - win.reduce((a, b) => a + b) / 30) < 1e-9);
  assert.equal(t.last, win[29]);
  assert.ok(sent.every((s) => s.priority === 'normal'));
  assert.ok(router.counters.rawBytes > 60 * 2 * 100, 'raw bytes counted for every reading');
});

test('critical goes at once, warnings wait for the batch, every reading still counts in its aggregate', () => {
  const { router, sent } = harness();
  router.tick(T0); // first tick flushes the (empty) warning batch and schedules the next
  router.route(reading(0, 20), normal);
  router.route(reading(1, 35), { score: 0.99, severity: 'critical', reason: 'spike' });
  assert.equal(sent.length, 1);
  assert.equal(sent[0]!.priority, 'critical');
  assert.equal(sent[0]!.event.id, 'anomaly:pi-node-1:b:1');
  router.route(reading(2, 24), { score: 0.8, severity: 'warning', reason: 'drift' });
  router.tick(T0 + 2 * MIN);
  assert.equal(sent.length, 1, 'the warning waits');
  router.tick(T0 + 5 * MIN);
  const warning = sent.find((s) => s.priority === 'warning');
  assert.ok(warning, 'the warning goes with the batch');
  router.tick(T0 + 6 * MIN);
  const agg = sent.find((s) => s.event.type === 'io.homelab.edge.aggregate')!.event.data as { series: { count: number; max: number }[] };
  assert.equal(agg.series[0]!.count, 3);
  assert.equal(agg.series[0]!.max, 35);
});

test('a late reading is kept in an aggregate of its own window, with a distinct id', () => {
  const { router, sent } = harness();
  router.route(reading(40, 20), normal); // window 2 (T0+400 s)
  router.route(reading(1, 19), normal); // late: window 1
  router.flush();
  const ids = sent.map((s) => s.event.id);
  assert.equal(new Set(ids).size, ids.length);
  const counts = sent.map((s) => (s.event.data as { series: { count: number }[] }).series[0]!.count);
  assert.deepEqual(counts.sort(), [1, 1]);
});

test('raw bytes counted per reading equal the JSON a raw stream would send, for any series, value, time and id', () => {
  const json = (r: Reading) => Buffer.byteLength(JSON.stringify({ node: r.node, sensor: r.sensor, kind: r.kind, value: r.value, unit: r.unit, ts: r.ts, location: r.location, id: r.id })) + 1;
  const reading = fc.record({
    node: fc.constantFrom('a', 'pi-é'), sensor: fc.constantFrom('s', 'x"y'), kind: fc.constantFrom('temperature', 'h'), unit: fc.constantFrom('', '°C'),
    value: fc.double({ noNaN: true, noDefaultInfinity: true }), ts: fc.integer({ min: 1, max: 2 ** 45 }),
    location: fc.option(fc.constantFrom('l', 'wä\n'), { nil: undefined }), id: fc.option(fc.string(), { nil: undefined }),
  }, { requiredKeys: ['node', 'sensor', 'kind', 'unit', 'value', 'ts'] });
  fc.assert(fc.property(fc.array(reading, { maxLength: 30 }), (rs) => {
    const router = new Router({ source: '/edge/a', boot: 'b', windowMs: 1000, warningBatchMs: 1000 }, { enqueue: () => {} });
    let want = 0;
    for (const r of rs) {
      want += json(r as Reading);
      router.route(r as Reading, { score: 0, severity: 'normal', reason: 'none' });
    }
    assert.equal(router.counters.rawBytes, want);
  }), { numRuns: 300 });
});
