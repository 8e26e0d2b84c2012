import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { AggregateSchema, ReadingSchema, type Reading } from '../../core/schemas.js';
import { EventType } from '../../core/event-types.js';
import { SEVERITIES } from '../../core/severity.js';
import { columnsOf } from './columns.js';
import { ROLLUP_MS, type IngestItem, type IngestStatus, type StudioStore } from './store.js';

/** 22:00 UTC: the readings run across a midnight, where blocks are cut. */
const T0 = Date.UTC(2026, 10, 20, 22, 0, 0);
const STEP = 37_000;
const SENSORS = ['m0', 'm1', 'm2'];

type Op =
  | { op: 'readings'; id: number; rows: { s: number; t: number; v: number; whole: boolean; sev: number }[]; columns: boolean }
  | { op: 'aggregate'; id: number; s: number; bucket: number; count: number; lo: number; hi: number; last: number; tMin: number; tMax: number }
  | { op: 'burst'; ops: Op[] }
  | { op: 'flush' }
  | { op: 'reopen' }
  | { op: 'crash' };

const readingsOp = fc.record({
  op: fc.constant('readings' as const),
  id: fc.integer({ min: 0, max: 30 }),
  rows: fc.array(fc.record({ s: fc.integer({ min: 0, max: 2 }), t: fc.integer({ min: 0, max: 300 }), v: fc.integer({ min: -12, max: 12 }), whole: fc.boolean(), sev: fc.integer({ min: -6, max: 3 }) }), { minLength: 1, maxLength: 40 }),
  columns: fc.boolean(),
});
const aggregateOp = fc.record({
  op: fc.constant('aggregate' as const),
  id: fc.integer({ min: 0, max: 30 }),
  s: fc.integer({ min: 0, max: 2 }),
  bucket: fc.integer({ min: 0, max: 40 }),
  count: fc.integer({ min: 1, max: 9 }),
  lo: fc.integer({ min: -50, max: 0 }), hi: fc.integer({ min: 0, max: 50 }), last: fc.integer({ min: -50, max: 50 }),
  tMin: fc.integer({ min: 0, max: 299 }), tMax: fc.integer({ min: 0, max: 299 }),
});
const simpleOp: fc.Arbitrary<Op> = fc.oneof({ weight: 6, arbitrary: readingsOp }, { weight: 2, arbitrary: aggregateOp },
  { weight: 1, arbitrary: fc.constant({ op: 'flush' as const }) }, { weight: 1, arbitrary: fc.constant({ op: 'reopen' as const }) },
  { weight: 1, arbitrary: fc.constant({ op: 'crash' as const }) });
const anyOp: fc.Arbitrary<Op> = fc.oneof({ weight: 8, arbitrary: simpleOp },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('burst' as const), ops: fc.array(fc.oneof(readingsOp, aggregateOp), { minLength: 2, maxLength: 4 }) }) });

function item(o: Extract<Op, { op: 'readings' | 'aggregate' }>): IngestItem {
  if (o.op === 'readings') {
    const readings = o.rows.map((r) => ReadingSchema.parse({
      node: 'pi-node-m', sensor: SENSORS[r.s], kind: 'temperature', unit: '°C', location: 'lab', ts: T0 + r.t * STEP,
      value: r.whole ? r.v / 10 : r.v / 7, ...(r.sev >= 0 ? { severity: SEVERITIES[r.sev % 3], score: (r.sev % 3) / 2 } : {}),
    }));
    return { event: { source: '/edge/pi-node-m', id: `e${o.id}`, type: EventType.Reading, time: T0 }, ...(o.columns ? { series: columnsOf(readings) } : { readings }) };
  }
  const start = T0 + o.bucket * ROLLUP_MS;
  const mean = (o.lo + o.hi) / 2;
  const aggregate = AggregateSchema.parse({ node: 'pi-node-m', window_start: start, window_end: start + ROLLUP_MS, series: [{
    sensor: SENSORS[o.s], kind: 'temperature', unit: '°C', location: 'lab', count: o.count, min: o.lo, max: o.hi, mean, last: o.last,
    min_ts: start + o.tMin * 1000, max_ts: start + o.tMax * 1000, last_ts: start + Math.max(o.tMin, o.tMax) * 1000,
  }] });
  return { event: { source: '/edge/pi-node-m', id: `e${o.id}`, type: EventType.Aggregate, time: T0 }, aggregate };
}

interface Bucket { count: number; sum: number; min: number; minTs: number; max: number; maxTs: number; last: number; lastTs: number; edge: boolean }

/** What the store must hold, kept the obvious way: every raw reading, every bucket, every touch. */
class Model {
  readonly keys = new Set<string>();
  readonly raw: Reading[] = [];
  readonly buckets = new Map<string, Bucket>();
  readonly latest = new Map<string, { ts: number; value: number }>();

  apply(it: IngestItem): IngestStatus {
    const key = `${it.event.source}\u0000${it.event.id}`;
    if (this.keys.has(key)) return 'duplicate';
    this.keys.add(key);
    for (const r of it.readings ?? readingsOfColumns(it)) {
      this.raw.push(r);
      this.touch(r.sensor, r.ts, r.value);
      const b = this.bucket(r.sensor, r.ts);
      if (b.edge) continue; // an edge aggregate replaced raw for its window
      b.count++; b.sum += r.value;
      if (r.value < b.min || (r.value === b.min && r.ts < b.minTs)) { b.min = r.value; b.minTs = r.ts; }
      if (r.value > b.max || (r.value === b.max && r.ts < b.maxTs)) { b.max = r.value; b.maxTs = r.ts; }
      if (r.ts >= b.lastTs) { b.last = r.value; b.lastTs = r.ts; }
    }
    const ag = it.aggregate;
    for (const s of ag?.series ?? []) {
      this.touch(s.sensor, s.last_ts!, s.last);
      const b = this.bucket(s.sensor, ag!.window_start);
      if (!b.edge) Object.assign(b, { edge: true, count: 0, sum: 0, min: Infinity, max: -Infinity, lastTs: -Infinity });
      b.count += s.count; b.sum += s.mean * s.count;
      if (s.min < b.min) { b.min = s.min; b.minTs = s.min_ts!; }
      if (s.max > b.max) { b.max = s.max; b.maxTs = s.max_ts!; }
      if (s.last_ts! >= b.lastTs) { b.last = s.last; b.lastTs = s.last_ts!; }
    }
    return 'stored';
  }

  private touch(sensor: string, ts: number, value: number): void {
    const cur = this.latest.get(sensor);
    if (!cur || ts >= cur.ts) this.latest.set(sensor, { ts, value });
  }

  private bucket(sensor: string, ts: number): Bucket {
    const key = `${sensor}@${Math.floor(ts / ROLLUP_MS) * ROLLUP_MS}`;
    let b = this.buckets.get(key);
    if (!b) this.buckets.set(key, (b = { count: 0, sum: 0, min: Infinity, minTs: NaN, max: -Infinity, maxTs: NaN, last: NaN, lastTs: -Infinity, edge: false }));
    return b;
  }

  bucketsOf(sensor: string): [number, Bucket][] {
    return [...this.buckets].filter(([k]) => k.startsWith(`${sensor}@`)).map(([k, b]) => [Number(k.split('@')[1]), b] as [number, Bucket]).sort((a, b) => a[0] - b[0]);
  }
}

function readingsOfColumns(it: IngestItem): Reading[] {
  return (it.series ?? []).flatMap((c) => Array.from(c.ts, (ts, i) => ({ node: c.node, sensor: c.sensor, kind: c.kind, unit: c.unit, location: c.location, ts, value: c.values[i]!,
    ...(c.levels && c.levels[i] ? { severity: SEVERITIES[c.levels[i]! - 1] } : {}), ...(c.scores && !Number.isNaN(c.scores[i]!) ? { score: c.scores[i] } : {}) }) as Reading));
}

const close = (a: number, b: number) => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));

/**
 * A property over random histories: ingest of readings (as objects or columns, some duplicates by
 * event id, some concurrent), edge aggregates replacing raw for their window, flushes, reopens and
 * crashes (the engine dropped without a flush, then opened again) in any order; afterwards every query — readings, latest, series with a step, statistics with
 * extremes' times, counts — answers what a naive model of the same history says.
 * @example
 * storeModelProperty('sqlite', () => new SqliteStore(file), { runs: 25 });
 * // concurrent: false where concurrent calls commit in any order (separate transactions): bursts then run in turn
 */
export function storeModelProperty(engine: string, makeStore: (run: number) => StudioStore, options: { runs: number; reopen?: (run: number) => StudioStore; crash?: (store: StudioStore) => Promise<void>; concurrent?: boolean }): void {
  test(`StudioStore ${engine}: every query matches a naive model under random ingest, dedupe, aggregate, flush and reopen orders`, async () => {
    let run = 0;
    await fc.assert(fc.asyncProperty(fc.array(anyOp, { minLength: 1, maxLength: 25 }), async (ops) => {
      run++;
      let store = makeStore(run);
      await store.open();
      const model = new Model();
      try {
        for (const o of ops) {
          if (o.op === 'flush') await store.flush?.();
          else if (o.op === 'reopen' || o.op === 'crash') {
            // A crash: the engine lets go without flushing (where it can say how); else a clean close.
            if (o.op === 'crash' && options.crash) await options.crash(store);
            else await store.close();
            store = (options.reopen ?? makeStore)(run);
            await store.open();
          } else if (o.op === 'burst') {
            const items = o.ops.map((x) => item(x as Extract<Op, { op: 'readings' | 'aggregate' }>));
            const got = options.concurrent === false ? [] as IngestStatus[][] : await Promise.all(items.map((x) => store.ingest([x])));
            if (options.concurrent === false) for (const x of items) got.push(await store.ingest([x]));
            assert.deepEqual(got.map((g) => g[0]), items.map((x) => model.apply(x)), 'concurrent calls answer as if one after another');
          } else {
            const x = item(o);
            assert.deepEqual(await store.ingest([x]), [model.apply(x)]);
          }
        }
        await check(store, model);
      } finally {
        await store.close();
      }
    }), { numRuns: options.runs });
  });
}

async function check(store: StudioStore, model: Model): Promise<void> {
  const range = { from: T0 - 86_400_000, to: T0 + 2 * 86_400_000 };
  const row = (r: Reading) => JSON.stringify([r.sensor, r.ts, r.value, r.severity ?? null, r.score ?? null]);
  const got = (await store.readings({ node: 'pi-node-m', ...range, limit: 1_000_000 })).map((r) => JSON.stringify([r.sensor, r.ts, r.value, r.severity, r.score]));
  assert.deepEqual(got.slice().sort(), model.raw.map(row).sort(), 'readings');
  assert.equal((await store.counts()).readings, model.raw.length, 'counts.readings');
  const latest = await store.latest({ node: 'pi-node-m' });
  assert.deepEqual(latest.map((s) => [s.sensor, s.lastTs, s.lastValue]), [...model.latest].sort((a, b) => (a[0] < b[0] ? -1 : 1)).map(([s, l]) => [s, l.ts, l.value]), 'latest');
  for (const sensor of SENSORS) {
    const buckets = model.bucketsOf(sensor).filter(([, b]) => b.count > 0);
    const step = 3 * ROLLUP_MS;
    const points = await store.series({ node: 'pi-node-m', sensor, ...range, stepMs: step });
    const want = new Map<number, { count: number; sum: number; min: number; max: number }>();
    for (const [at, b] of buckets) {
      const ts = at - (at % step);
      const p = want.get(ts) ?? { count: 0, sum: 0, min: Infinity, max: -Infinity };
      want.set(ts, { count: p.count + b.count, sum: p.sum + b.sum, min: Math.min(p.min, b.min), max: Math.max(p.max, b.max) });
    }
    assert.deepEqual(points.map((p) => [p.ts, p.count, p.min, p.max]), [...want].sort((a, b) => a[0] - b[0]).map(([ts, p]) => [ts, p.count, p.min, p.max]), `series ${sensor}`);
    for (const p of points) assert.ok(close(p.mean, want.get(p.ts)!.sum / p.count), `series ${sensor} mean at ${p.ts}`);
    const [stats] = await store.stats({ node: 'pi-node-m', sensor, ...range });
    if (!buckets.length) { assert.equal(stats, undefined); continue; }
    const count = buckets.reduce((n, [, b]) => n + b.count, 0);
    const min = Math.min(...buckets.map(([, b]) => b.min));
    const max = Math.max(...buckets.map(([, b]) => b.max));
    assert.deepEqual([stats!.count, stats!.min, stats!.max, stats!.firstTs, stats!.lastTs, stats!.minTs, stats!.maxTs],
      [count, min, max, buckets[0]![0], Math.max(...buckets.map(([, b]) => b.lastTs)), buckets.find(([, b]) => b.min === min)![1].minTs, buckets.find(([, b]) => b.max === max)![1].maxTs], `stats ${sensor}`);
    assert.ok(close(stats!.mean, buckets.reduce((s, [, b]) => s + b.sum, 0) / count), `stats ${sensor} mean`);
  }
}
