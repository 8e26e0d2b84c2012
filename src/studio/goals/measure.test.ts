import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { HealthSchema, ReadingSchema } from '../../core/schemas.js';
import { SqliteStore } from '../store/sqlite/sqlite-store.js';
import type { IngestItem } from '../store/store.js';
import { holds, type Op } from './goal.js';
import { measuredProgress } from './measure.js';

const SLOT = 5 * 60_000;
const T0 = Date.UTC(2026, 10, 23, 0, 0); // a Monday
const NODES = ['pi-a', 'pi-b'];

const readingsItem = (id: string, rows: { node: number; t: number; v: number }[]): IngestItem => ({
  event: { source: '/test', id, type: 'io.homelab.edge.reading', time: T0 },
  readings: rows.map((r, i) => ReadingSchema.parse({ node: NODES[r.node], sensor: 'dht22-t', kind: 'temperature', unit: '°C', location: 'warehouse-b', ts: T0 + r.t, value: r.v, id: `${id}-${i}` })),
});

const arb = fc.record({
  rows: fc.array(fc.record({ node: fc.integer({ min: 0, max: 1 }), t: fc.integer({ min: -2 * 3_600_000, max: 8 * 3_600_000 }), v: fc.integer({ min: 150, max: 350 }).map((x) => x / 10) }), { minLength: 1, maxLength: 200 }),
  threshold: fc.integer({ min: 180, max: 320 }).map((x) => x / 10),
  op: fc.constantFrom<Op>('<', '<=', '>', '>='),
  target: fc.integer({ min: 500, max: 999 }).map((x) => x / 10),
  nowAt: fc.integer({ min: 3_600_000, max: 12 * 3_600_000 }),
  startAt: fc.integer({ min: 0, max: 3 * 3_600_000 }),
});

test('time_share attainment, budget and average equal a brute-force count over the raw readings (random readings, thresholds, operators, targets)', async () => {
  await fc.assert(fc.asyncProperty(arb, async (c) => {
    const store = new SqliteStore(':memory:');
    await store.open();
    try {
      await store.ingest([readingsItem('r', c.rows)]);
      const start = T0 + c.startAt;
      const deadline = T0 + 7 * 86_400_000;
      const now = T0 + c.nowAt;
      const measure = { type: 'time_share' as const, scope: { location: 'warehouse-b' }, kind: 'temperature', op: c.op, threshold: c.threshold, target_pct: c.target };
      const p = await measuredProgress(store, { start, deadline, measure }, now);
      // Brute force: every reading in its 5-minute slot; a slot holds when every reading in it does.
      const first = Math.floor(start / SLOT) * SLOT;
      const end = Math.floor(now / SLOT) * SLOT + SLOT;
      const slots = new Map<number, boolean>();
      for (const r of c.rows) {
        const ts = Math.floor((T0 + r.t) / SLOT) * SLOT;
        if (ts < first || ts >= end) continue;
        slots.set(ts, (slots.get(ts) ?? true) && holds(c.op, r.v, c.threshold));
      }
      const observed = slots.size;
      const ok = [...slots.values()].filter(Boolean).length;
      assert.equal(p.measure, 'time_share');
      if (p.measure !== 'time_share') return;
      assert.equal(p.observed_slots, observed);
      assert.equal(p.ok_slots, ok);
      assert.equal(p.attainment, observed ? Math.round((ok / observed) * 100 * 1000) / 1000 : null);
      // Budget: the most failing slots still allowed if every slot to come is observed, found by trying each.
      const R = (deadline - end) / SLOT;
      let k = -(observed + R) - 1;
      for (let x = ok + R; x >= -(observed + R); x--) if ((ok + R - x) / (observed + R) >= c.target / 100 - 1e-12) { k = x; break; }
      if (observed) assert.equal(p.budget.left_minutes, k * 5, 'budget left');
      assert.equal(p.budget.used_minutes, (observed - ok) * 5);
      if (observed) assert.equal(p.status === 'breached', k < 0, `breached iff no budget is left (status ${p.status})`);
      assert.ok(p.costliest.reduce((s, m) => s + m.minutes, 0) <= (observed - ok) * 5);

      const inRange = c.rows.filter((r) => T0 + r.t >= first && T0 + r.t < end);
      const avg = await measuredProgress(store, { start, deadline, measure: { type: 'average', scope: { location: 'warehouse-b' }, kind: 'temperature', op: c.op, threshold: c.threshold } }, now);
      if (avg.measure !== 'average') assert.fail('average');
      if (!inRange.length) assert.equal(avg.attainment, null);
      else assert.ok(Math.abs(avg.attainment! - inRange.reduce((s, r) => s + r.v, 0) / inRange.length) <= 0.0051, `average ${avg.attainment}`);
    } finally {
      await store.close();
    }
  }), { numRuns: 100 });
});

test('reporting: node slots with any data over node slots since each node first reported; a silent hour is the costliest moment', async () => {
  const store = new SqliteStore(':memory:');
  await store.open();
  const items: IngestItem[] = [];
  // pi-a reports health every 5 minutes for 10 hours but is silent 02:00–03:00; pi-b every slot.
  for (let m = 0; m < 600; m += 5) {
    const ts = T0 + m * 60_000 + 1000;
    if (!(m >= 120 && m < 180)) items.push({ event: { source: '/t', id: `a${m}`, type: 'io.homelab.edge.health', time: ts }, health: HealthSchema.parse({ node: 'pi-a', ts, cpu_pct: 50, mem_pct: 40, disk_pct: 30, top: [], location: 'lab' }) });
    items.push({ event: { source: '/t', id: `b${m}`, type: 'io.homelab.edge.health', time: ts }, health: HealthSchema.parse({ node: 'pi-b', ts, cpu_pct: 70, mem_pct: 40, disk_pct: 30, top: [], location: 'lab' }) });
  }
  await store.ingest(items);
  const now = T0 + 600 * 60_000 - 1;
  const p = await measuredProgress(store, { start: T0, deadline: T0 + 86_400_000, measure: { type: 'reporting', scope: {}, target_pct: 99 } }, now);
  if (p.measure !== 'reporting') assert.fail('reporting');
  assert.equal(p.observed_slots, 240);
  assert.equal(p.failed_slots, 12);
  assert.equal(p.attainment, 95);
  assert.equal(p.status, 'breached', '12 of 576 node slots missing is over 1 %: (228 + 336) / 576 < 99 %');
  assert.deepEqual(p.costliest[0], { from: new Date(T0 + 120 * 60_000).toISOString(), to: new Date(T0 + 180 * 60_000).toISOString(), minutes: 60, peak: null, where: 'pi-a' });
  const cpu = await measuredProgress(store, { start: T0, deadline: T0 + 86_400_000, measure: { type: 'average', scope: { node: 'pi-b' }, kind: 'cpu', op: '<', threshold: 60 } }, now);
  if (cpu.measure !== 'average') assert.fail('average');
  assert.equal(cpu.attainment, 70);
  assert.equal(cpu.status, 'at_risk');
  assert.ok(cpu.budget.remaining_average_limit! < 60, 'the rest of the day must average under 60 to make up for 70 so far');
  await store.close();
});
