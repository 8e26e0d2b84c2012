import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { AggregateSchema, ReadingSchema } from '../../../core/schemas.js';
import { EventType } from '../../../core/event-types.js';
import { SqliteStore } from '../../../studio/store/sqlite/sqlite-store.js';
import { ROLLUP_MS, type IngestItem } from '../../../studio/store/store.js';
import { exactWindowStats } from './exact-window.js';

/** A 5-minute boundary; readings fall anywhere in the 2 hours after it, at millisecond times. */
const T0 = Date.UTC(2026, 10, 23, 8, 0, 0);
const SPAN = 2 * 3_600_000;
const SENSORS = ['s0', 's1', 's2'];

interface Raw { s: number; ts: number; v: number }
interface Agg { s: number; bucket: number; count: number; lo: number; hi: number }

const rawArb = fc.uniqueArray(fc.record({ s: fc.nat(2), ts: fc.integer({ min: T0, max: T0 + SPAN - 1 }), v: fc.integer({ min: -400, max: 400 }) }), { selector: (r) => `${r.s}:${r.ts}`, minLength: 1, maxLength: 160 });
const aggArb = fc.uniqueArray(fc.record({ s: fc.nat(2), bucket: fc.nat(SPAN / ROLLUP_MS - 1), count: fc.integer({ min: 1, max: 9 }), lo: fc.integer({ min: -400, max: 0 }), hi: fc.integer({ min: 1, max: 400 }) }), { selector: (a) => `${a.s}:${a.bucket}`, maxLength: 6 });
/** A window anywhere over the data (and a little beyond), at any millisecond. */
const windowArb = fc.tuple(fc.integer({ min: T0 - ROLLUP_MS, max: T0 + SPAN + ROLLUP_MS }), fc.integer({ min: 1, max: SPAN })).map(([from, len]) => ({ from, to: from + len }));

async function storeWith(raw: Raw[], aggs: Agg[]): Promise<SqliteStore> {
  const store = new SqliteStore(':memory:');
  await store.open();
  const items: IngestItem[] = raw.map((r, i) => ({
    event: { source: '/edge/pi-x', id: `r${i}`, type: EventType.Reading, time: r.ts },
    readings: [ReadingSchema.parse({ node: 'pi-x', sensor: SENSORS[r.s], kind: 'temperature', unit: '°C', location: 'lab', ts: r.ts, value: r.v / 10 })],
  }));
  aggs.forEach((a, i) => {
    const start = T0 + a.bucket * ROLLUP_MS;
    items.push({ event: { source: '/edge/pi-x', id: `a${i}`, type: EventType.Aggregate, time: start },
      aggregate: AggregateSchema.parse({ node: 'pi-x', window_start: start, window_end: start + ROLLUP_MS, series: [{ sensor: SENSORS[a.s], kind: 'temperature', unit: '°C', location: 'lab', count: a.count, min: a.lo / 10, max: a.hi / 10, mean: (a.lo + a.hi) / 20, last: a.hi / 10, min_ts: start + 1000, max_ts: start + 2000, last_ts: start + 2000 }] }) });
  });
  await store.ingest(items);
  return store;
}

test('statistics cover exactly the window asked for: counts, mean, extremes and their times against a brute force over the raw readings', async () => {
  await fc.assert(fc.asyncProperty(rawArb, fc.array(windowArb, { minLength: 1, maxLength: 4 }), async (raw, windows) => {
    const store = await storeWith(raw, []);
    try {
      for (const { from, to } of windows) {
        const w = await exactWindowStats(store, { kind: 'temperature' }, from, to);
        assert.equal(w.exact, true);
        assert.deepEqual([w.from, w.to], [from, to]);
        for (let s = 0; s < SENSORS.length; s++) {
          const inside = raw.filter((r) => r.s === s && r.ts >= from && r.ts < to);
          const got = w.stats.find((x) => x.sensor === SENSORS[s]);
          if (!inside.length) { assert.equal(got, undefined, `no readings of ${SENSORS[s]} in the window`); continue; }
          assert.ok(got, `${SENSORS[s]} has ${inside.length} readings in the window`);
          const values = inside.map((r) => r.v / 10);
          assert.equal(got.count, inside.length);
          assert.ok(Math.abs(got.mean - values.reduce((a, v) => a + v, 0) / values.length) < 1e-9);
          assert.equal(got.min, Math.min(...values));
          assert.equal(got.max, Math.max(...values));
          for (const [ts, value] of [[got.minTs, got.min], [got.maxTs, got.max]] as const) {
            assert.ok(ts >= from && ts < to, `extreme at ${ts} outside [${from}, ${to})`);
            assert.ok(inside.some((r) => r.ts === ts && r.v / 10 === value), 'a reading at the extreme\'s time has its value');
          }
        }
      }
    } finally { await store.close(); }
  }), { numRuns: 60 });
});

test('an edge bucket held only as an edge aggregate: the figures use the whole bucket and the window returned says so', async () => {
  await fc.assert(fc.asyncProperty(rawArb, aggArb, windowArb, async (raw0, aggs, { from, to }) => {
    // An aggregate's bucket holds no raw readings of its series (the node sent only the summary).
    const raw = raw0.filter((r) => !aggs.some((a) => a.s === r.s && Math.floor((r.ts - T0) / ROLLUP_MS) === a.bucket));
    const store = await storeWith(raw, aggs);
    try {
      const w = await exactWindowStats(store, { kind: 'temperature' }, from, to);
      assert.ok(w.from <= from && w.to >= to, 'the stated window holds the asked one');
      assert.ok(w.from === from || w.from % ROLLUP_MS === 0, 'it grows only to a bucket boundary');
      assert.ok(w.to === to || w.to % ROLLUP_MS === 0);
      assert.equal(w.exact, w.from === from && w.to === to);
      for (let s = 0; s < SENSORS.length; s++) {
        const got = w.stats.find((x) => x.sensor === SENSORS[s]);
        const rawIn = raw.filter((r) => r.s === s && r.ts >= w.from && r.ts < w.to).length;
        const aggIn = aggs.filter((a) => a.s === s && T0 + a.bucket * ROLLUP_MS >= Math.floor(w.from / ROLLUP_MS) * ROLLUP_MS && T0 + a.bucket * ROLLUP_MS < w.to);
        const expected = rawIn + aggIn.reduce((n, a) => n + a.count, 0);
        assert.equal(got?.count ?? 0, expected, `${SENSORS[s]}: readings in the window the answer states`);
        if (got) for (const ts of [got.minTs, got.maxTs]) assert.ok(ts >= w.from && ts < w.to, 'extremes inside the stated window');
      }
    } finally { await store.close(); }
  }), { numRuns: 60 });
});
