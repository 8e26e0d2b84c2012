import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { AggregateSchema, ReadingSchema } from '../../core/schemas.js';
import { EventType } from '../../core/event-types.js';
import { ROLLUP_MS, type IngestItem, type SeriesFilter, type StudioStore } from './store.js';
import { COARSE_MS } from './tiers.js';

/** An unaligned start (not on a 5- or 30-minute boundary), so ranges cut coarse buckets. */
const T0 = Date.UTC(2026, 10, 20, 21, 47, 13);
const SPAN_MIN = 8 * 60;
const NODES = ['pi-a', 'pi-b'];
const SENSORS = ['t0', 't1'];
const YEAR = 365 * 86_400_000;

type Op =
  | { op: 'readings'; rows: { n: number; s: number; m: number; sec: number; v: number }[] }
  | { op: 'aggregate'; n: number; s: number; bucket: number; count: number; lo: number; hi: number; mean: number; tMin: number; tMax: number }
  | { op: 'retention'; atMin: number }
  | { op: 'rebuild' };

// Values in quarters from a small set, so equal extremes in several buckets (ties) are common.
const value = fc.integer({ min: -4, max: 4 }).map((q) => q / 4);
const readingsOp = fc.record({
  op: fc.constant('readings' as const),
  rows: fc.array(fc.record({ n: fc.nat(1), s: fc.nat(1), m: fc.nat(SPAN_MIN - 1), sec: fc.nat(59), v: value }), { minLength: 1, maxLength: 120 }),
});
const aggregateOp = fc.record({
  op: fc.constant('aggregate' as const), n: fc.nat(1), s: fc.nat(1), bucket: fc.nat(SPAN_MIN / 5 - 1), count: fc.integer({ min: 1, max: 9 }),
  lo: fc.integer({ min: -12, max: 0 }).map((q) => q / 4), hi: fc.integer({ min: 0, max: 12 }).map((q) => q / 4), mean: fc.double({ min: -1, max: 1, noNaN: true }),
  // Extremes timed anywhere from the bucket before to the one after: an edge clock need not agree with its window.
  tMin: fc.integer({ min: -300, max: 599 }), tMax: fc.integer({ min: -300, max: 599 }),
});
const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 8, arbitrary: readingsOp }, { weight: 4, arbitrary: aggregateOp },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('retention' as const), atMin: fc.nat(SPAN_MIN) }) },
  { weight: 1, arbitrary: fc.constant({ op: 'rebuild' as const }) },
);

let eventSeq = 0;
function itemOf(o: Extract<Op, { op: 'readings' | 'aggregate' }>): IngestItem {
  const event = { source: '/edge/tiers', id: `t${eventSeq++}`, time: T0 };
  if (o.op === 'readings') {
    return { event: { ...event, type: EventType.Reading }, readings: o.rows.map((r) => ReadingSchema.parse({
      node: NODES[r.n], sensor: SENSORS[r.s], kind: r.s ? 'humidity' : 'temperature', unit: '', location: `room-${r.n}`,
      ts: T0 + r.m * 60_000 + r.sec * 1000, value: r.v,
    })) };
  }
  const start = Math.floor(T0 / ROLLUP_MS) * ROLLUP_MS + o.bucket * ROLLUP_MS;
  const mean = (o.lo + o.hi) / 2 + o.mean * (o.hi - o.lo) / 2;
  return { event: { ...event, type: EventType.Aggregate }, aggregate: AggregateSchema.parse({
    node: NODES[o.n], window_start: start, window_end: start + ROLLUP_MS, series: [{
      sensor: SENSORS[o.s], kind: o.s ? 'humidity' : 'temperature', unit: '', location: `room-${o.n}`, count: o.count,
      min: o.lo, max: o.hi, mean, last: o.hi, min_ts: start + o.tMin * 1000, max_ts: start + o.tMax * 1000, last_ts: start + Math.max(o.tMin, o.tMax) * 1000,
    }] }) };
}

const close = (a: number, b: number) => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));

/** A read: a filter, a range that may start and end anywhere, and a step (some whole multiples of 30 minutes). */
const readArb = fc.record({
  filter: fc.constantFrom<SeriesFilter>({}, { node: 'pi-a' }, { node: 'pi-b', sensor: 't1' }, { kind: 'temperature' }, { location: 'room-1' }),
  fromMin: fc.integer({ min: -90, max: SPAN_MIN }), lenMin: fc.integer({ min: 1, max: SPAN_MIN + 120 }), sec: fc.nat(59),
  step: fc.constantFrom(ROLLUP_MS, 3 * ROLLUP_MS, COARSE_MS, 2 * COARSE_MS, 3 * COARSE_MS, 48 * COARSE_MS, 35 * 60_000, 7 * COARSE_MS + 60_000),
});

/**
 * A property over random histories of readings (late ones, in any order), edge aggregates that
 * replace raw readings of their window and merge with each other, retention cutting anywhere, and
 * the coarse tier dropped and rebuilt on open (as a migration does): every `series` and `stats` read
 * through the coarse tier answers what the same read computed from the 5-minute rows answers —
 * counts, minima and maxima with their times, first and last times exactly, means to 1e-9 (sums
 * are added in another grouping).
 * @example
 * tiersProperty('sqlite', async (run) => ({ tiered, reference, rebuild }), { runs: 30 });
 */
export function tiersProperty(engine: string, open: (run: number) => Promise<{ tiered: StudioStore; reference: StudioStore; rebuild: () => Promise<StudioStore>; done: () => Promise<void> }>, options: { runs: number }): void {
  test(`StudioStore ${engine}: series and stats through the coarse rollup tier equal the 5-minute reads, under late readings, edge aggregates, retention and rebuilds`, async () => {
    let run = 0;
    await fc.assert(fc.asyncProperty(fc.array(opArb, { minLength: 1, maxLength: 12 }), fc.array(readArb, { minLength: 4, maxLength: 10 }), fc.option(fc.nat(SPAN_MIN)), async (ops, reads, lastCut) => {
      const stores = await open(++run);
      let tiered = stores.tiered;
      try {
        for (const o of ops) {
          if (o.op === 'retention') await tiered.enforceRetention({ now: T0 + o.atMin * 60_000 + 7_000 + YEAR, rawMs: 10 * YEAR, rollupMs: YEAR });
          else if (o.op === 'rebuild') tiered = await stores.rebuild();
          else assert.deepEqual(await tiered.ingest([itemOf(o)]), ['stored']);
        }
        // Retention last too: no later ingest recomputes the coarse rows it cut.
        if (lastCut !== null) await tiered.enforceRetention({ now: T0 + lastCut * 60_000 + 7_000 + YEAR, rawMs: 10 * YEAR, rollupMs: YEAR });
        for (const r of reads) {
          const range = { from: T0 + r.fromMin * 60_000 + r.sec * 1000, to: T0 + (r.fromMin + r.lenMin) * 60_000 };
          const q = { ...r.filter, ...range };
          const [got, want] = await Promise.all([tiered.series({ ...q, stepMs: r.step }), stores.reference.series({ ...q, stepMs: r.step })]);
          const shape = (p: (typeof got)[number]) => [p.node, p.sensor, p.kind, p.ts, p.count, p.min, p.max];
          assert.deepEqual(got.map(shape), want.map(shape), `series ${JSON.stringify(q)} step ${r.step}`);
          got.forEach((p, i) => assert.ok(close(p.mean, want[i]!.mean), `series mean at ${p.ts}: ${p.mean} vs ${want[i]!.mean}`));
          const [gs, ws] = await Promise.all([tiered.stats(q), stores.reference.stats(q)]);
          const st = (s: (typeof gs)[number]) => [s.node, s.sensor, s.kind, s.unit, s.location, s.count, s.min, s.minTs, s.max, s.maxTs, s.firstTs, s.lastTs];
          assert.deepEqual(gs.map(st), ws.map(st), `stats ${JSON.stringify(q)}`);
          gs.forEach((s, i) => assert.ok(close(s.mean, ws[i]!.mean), `stats mean ${s.mean} vs ${ws[i]!.mean}`));
        }
      } finally {
        await stores.done();
      }
    }), { numRuns: options.runs });
  });

  test(`StudioStore ${engine}: raw readings joining a coarse bucket that holds an edge aggregate timed outside its window keep the coarse row exact`, async () => {
    const stores = await open(0);
    try {
      const c = Math.ceil(T0 / COARSE_MS) * COARSE_MS;
      const at = (min: number) => c + min * 60_000;
      const edge: IngestItem = { event: { source: '/edge/tiers', id: 'edge-late-clock', type: EventType.Aggregate, time: T0 }, aggregate: AggregateSchema.parse({
        node: 'pi-a', window_start: at(10), window_end: at(15),
        // The edge's clock puts its minimum after its own window, its maximum before it.
        series: [{ sensor: 't0', kind: 'temperature', unit: '', location: 'room-0', count: 4, min: 1, max: 9, mean: 5, last: 5, min_ts: at(25), max_ts: at(2), last_ts: at(14) }],
      }) };
      const raw = (id: string, ts: number, value: number): IngestItem => ({ event: { source: '/edge/tiers', id, type: EventType.Reading, time: T0 },
        readings: [ReadingSchema.parse({ node: 'pi-a', sensor: 't0', kind: 'temperature', unit: '', location: 'room-0', ts, value })] });
      assert.deepEqual(await stores.tiered.ingest([edge]), ['stored']);
      // Ties with both extremes, in 5-minute buckets after and before the edge's, each in its own batch.
      assert.deepEqual(await stores.tiered.ingest([raw('r1', at(20), 1)]), ['stored']);
      assert.deepEqual(await stores.tiered.ingest([raw('r2', at(1), 9)]), ['stored']);
      assert.deepEqual(await stores.tiered.ingest([raw('r3', at(27), 3)]), ['stored']);
      const q = { node: 'pi-a', from: c - COARSE_MS, to: c + 2 * COARSE_MS };
      const [got, want] = await Promise.all([stores.tiered.stats(q), stores.reference.stats(q)]);
      assert.equal(want[0]?.count, 7);
      const st = (x: (typeof got)[number]) => [x.count, x.min, x.minTs, x.max, x.maxTs, x.firstTs, x.lastTs];
      assert.deepEqual(got.map(st), want.map(st));
      const [gp, wp] = await Promise.all([stores.tiered.series({ ...q, stepMs: COARSE_MS }), stores.reference.series({ ...q, stepMs: COARSE_MS })]);
      assert.deepEqual(gp.map((p) => [p.ts, p.count, p.min, p.max]), wp.map((p) => [p.ts, p.count, p.min, p.max]));
    } finally {
      await stores.done();
    }
  });
}
