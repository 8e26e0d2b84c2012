import { test } from 'node:test';
import assert from 'node:assert/strict';
import { HealthSchema, ReadingSchema } from '../../core/schemas.js';
import { ROLLUP_MS, type IngestItem } from './store.js';
import { concatColumns, planIngest } from './plan.js';

// The planner runs without a database, so its merge rules are checked even where PostgreSQL is absent.
const T0 = Date.UTC(2026, 10, 20, 12, 0, 0);
const reading = (sensor: string, value: number, ts: number, location?: string) =>
  ReadingSchema.parse({ node: 'n1', sensor, kind: 'temperature', unit: '°C', value, ts, location });
const item = (id: string, extra: Omit<IngestItem, 'event'>): IngestItem =>
  ({ event: { source: '/edge/n1', id, type: 'io.homelab.edge.reading', time: T0 }, ...extra });

test('planIngest: one row per series, node and bucket, merged as in-order upserts would', () => {
  const plan = planIngest([
    item('a', { readings: [reading('t', 5, T0 + 2000, 'lab'), reading('t', 4, T0 + 1000), reading('u', 9, T0 + ROLLUP_MS)] }),
    item('b', { readings: [reading('t', 4, T0 + 3000)] }),
  ]);
  assert.deepEqual(plan.series.map((s) => [s.sensor, s.lastValue, s.lastTs, s.firstSeen, s.location]), [
    ['t', 4, T0 + 3000, T0 + 1000, 'lab'],
    ['u', 9, T0 + ROLLUP_MS, T0 + ROLLUP_MS, null],
  ]);
  assert.equal(plan.nodes.length, 1);
  assert.deepEqual([plan.nodes[0]?.firstSeen, plan.nodes[0]?.lastSeen, plan.nodes[0]?.location], [T0 + 1000, T0 + ROLLUP_MS, 'lab']);
  assert.equal(plan.readings, 4);
  // One head block per series for the whole batch, readings in batch order.
  const t = concatColumns(plan.heads.get(0)!);
  assert.deepEqual([...t.ts], [T0 + 2000, T0 + 1000, T0 + 3000]);
  assert.deepEqual([...concatColumns(plan.heads.get(1)!).values], [9]);
  const [tRollup] = plan.rawRollups;
  // Equal minimum 4 twice: the earlier reading keeps its time.
  assert.deepEqual(tRollup, { slot: 0, bucket: T0, count: 3, sum: 13, min: 4, minTs: T0 + 1000, max: 5, maxTs: T0 + 2000, last: 4, lastTs: T0 + 3000 });
  assert.equal(plan.rawRollups.length, 2);
});

test('planIngest: the newest health report wins, whatever the order', () => {
  const health = (ts: number, cpu: number) => HealthSchema.parse({ node: 'n1', ts, cpu_pct: cpu, mem_pct: 1, disk_pct: 1, top: [] });
  const plan = planIngest([item('h2', { health: health(T0 + 60_000, 20) }), item('h1', { health: health(T0, 10) })]);
  assert.equal(plan.nodes[0]?.health?.cpu_pct, 20);
  assert.equal(plan.nodes[0]?.healthTs, T0 + 60_000);
  assert.equal(plan.health.length, 2);
});
