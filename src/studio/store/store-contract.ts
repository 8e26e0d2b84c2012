import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { ReadingSchema, AggregateSchema, HealthSchema, AnomalySchema } from '../../core/schemas.js';
import { EventType } from '../../core/event-types.js';
import { ROLLUP_MS, type IngestItem, type StudioStore } from './store.js';

const T0 = Date.UTC(2026, 10, 20, 12, 0, 0);
const ev = (id: string, type: string = EventType.Reading, source = '/edge/pi-node-1') => ({ source, id, type, time: T0 });
const reading = (sensor: string, kind: string, value: number, ts: number, node = 'pi-node-1', location = 'warehouse-a') =>
  ReadingSchema.parse({ node, sensor, kind, value, unit: kind === 'temperature' ? '°C' : '%', ts, location });

/**
 * The behaviour every StudioStore engine must have. Each engine's test file calls this with a
 * factory for a fresh, empty store.
 * @example
 * storeContract('sqlite', async () => new SqliteStore(':memory:'));
 */
export function storeContract(engine: string, makeStore: () => Promise<StudioStore>): void {
  describe(`StudioStore contract: ${engine}`, () => {
    let store: StudioStore;
    before(async () => {
      store = await makeStore();
      await store.open();
    });
    after(async () => store.close());

    test('stores an event once per source+id, even repeated within one batch', async () => {
      const item: IngestItem = { event: ev('dup-1'), readings: [reading('t1', 'temperature', 20, T0)] };
      assert.deepEqual(await store.ingest([item, item]), ['stored', 'duplicate']);
      assert.deepEqual(await store.ingest([item]), ['duplicate']);
      const other = { ...item, event: ev('dup-1', EventType.Reading, '/edge/pi-node-2') };
      assert.deepEqual(await store.ingest([other]), ['stored'], 'same id from another source is another event');
      const rows = await store.readings({ sensor: 't1', from: T0 - 1, to: T0 + 1 });
      assert.equal(rows.length, 2);
    });

    test('keeps the latest value per series, whatever the arrival order', async () => {
      await store.ingest([{ event: ev('late-2'), readings: [reading('t2', 'temperature', 22, T0 + 2000)] }]);
      await store.ingest([{ event: ev('late-1'), readings: [reading('t2', 'temperature', 21, T0 + 1000)] }]);
      const [s] = await store.latest({ sensor: 't2' });
      assert.equal(s?.lastValue, 22);
      assert.equal(s?.lastTs, T0 + 2000);
      assert.equal(s?.location, 'warehouse-a');
    });

    test('range statistics: mean, min and max with their times, count', async () => {
      const values = [18, 25, 21, 19.5, 30, 22];
      const readings = values.map((v, i) => reading('t3', 'temperature', v, T0 + i * 60_000));
      await store.ingest([{ event: ev('stats-1'), readings }]);
      const [s] = await store.stats({ sensor: 't3', from: T0, to: T0 + 3_600_000 });
      assert.ok(s);
      assert.equal(s.count, values.length);
      assert.ok(Math.abs(s.mean - values.reduce((a, b) => a + b) / values.length) < 1e-9);
      assert.equal(s.min, 18);
      assert.equal(s.minTs, T0);
      assert.equal(s.max, 30);
      assert.equal(s.maxTs, T0 + 4 * 60_000);
    });

    test('edge aggregates replace raw rollups of their window and merge with each other', async () => {
      const bucket = Math.floor(T0 / ROLLUP_MS) * ROLLUP_MS + 10 * ROLLUP_MS;
      await store.ingest([{ event: ev('raw-4'), readings: [reading('t4', 'temperature', 100, bucket + 1000)] }]);
      const agg = (id: string, count: number, min: number, max: number, mean: number) => ({
        event: ev(id, EventType.Aggregate),
        aggregate: AggregateSchema.parse({ node: 'pi-node-1', window_start: bucket, window_end: bucket + ROLLUP_MS, series: [{ sensor: 't4', kind: 'temperature', unit: '°C', location: 'warehouse-a', count, min, max, mean, last: max, min_ts: bucket + 5, max_ts: bucket + 9, last_ts: bucket + 9 }] }),
      });
      await store.ingest([agg('agg-4a', 10, 20, 24, 22)]);
      let [s] = await store.stats({ sensor: 't4', from: bucket, to: bucket + ROLLUP_MS });
      assert.equal(s?.count, 10, 'the edge aggregate covers the raw reading');
      assert.equal(s?.max, 24);
      await store.ingest([agg('agg-4b', 2, 19, 21, 20)]);
      [s] = await store.stats({ sensor: 't4', from: bucket, to: bucket + ROLLUP_MS });
      assert.equal(s?.count, 12);
      assert.equal(s?.min, 19);
      assert.ok(Math.abs(s!.mean - (10 * 22 + 2 * 20) / 12) < 1e-9);
    });

    test('within one batch the latest value is the newest by time, not the last in the array', async () => {
      await store.ingest([{ event: ev('order-10'), readings: [reading('t10', 'temperature', 5, T0 + 2000), reading('t10', 'temperature', 4, T0 + 1000)] }]);
      await store.ingest([
        { event: ev('order-10b'), readings: [reading('t10', 'temperature', 7, T0 + 4000)] },
        { event: ev('order-10a'), readings: [reading('t10', 'temperature', 6, T0 + 3000)] },
      ]);
      const [s] = await store.latest({ sensor: 't10' });
      assert.equal(s?.lastValue, 7);
      assert.equal(s?.lastTs, T0 + 4000);
      assert.equal(s?.firstSeen, T0 + 1000);
      const [st] = await store.stats({ sensor: 't10', from: T0, to: T0 + ROLLUP_MS });
      assert.deepEqual([st?.count, st?.min, st?.minTs, st?.max, st?.maxTs], [4, 4, T0 + 1000, 7, T0 + 4000]);
    });

    test('raw readings arriving after the edge aggregate of their window do not change it', async () => {
      const bucket = Math.floor(T0 / ROLLUP_MS) * ROLLUP_MS + 20 * ROLLUP_MS;
      const agg = {
        event: ev('agg-11', EventType.Aggregate),
        aggregate: AggregateSchema.parse({ node: 'pi-node-1', window_start: bucket, window_end: bucket + ROLLUP_MS, series: [{ sensor: 't11', kind: 'temperature', unit: '°C', location: 'warehouse-a', count: 30, min: 10, max: 12, mean: 11, last: 11, last_ts: bucket + 9 }] }),
      };
      // Same batch, aggregate first; then a later batch.
      await store.ingest([agg, { event: ev('raw-11a'), readings: [reading('t11', 'temperature', 50, bucket + 1000)] }]);
      await store.ingest([{ event: ev('raw-11b'), readings: [reading('t11', 'temperature', 60, bucket + 2000)] }]);
      const [s] = await store.stats({ sensor: 't11', from: bucket, to: bucket + ROLLUP_MS });
      assert.deepEqual([s?.count, s?.min, s?.max, s?.mean], [30, 10, 12, 11]);
      const [l] = await store.latest({ sensor: 't11' });
      assert.equal(l?.lastValue, 60, 'the raw readings are still the newest values of the series');
      assert.equal((await store.readings({ sensor: 't11', from: bucket, to: bucket + ROLLUP_MS })).length, 2);
    });

    test('counts grow by what a batch adds; duplicates add nothing', async () => {
      const before = await store.counts();
      const node = 'pi-node-12';
      const readingItem = { event: ev('c-12r', EventType.Reading, `/edge/${node}`), readings: [reading('h12', 'humidity', 40, T0, node), reading('h12', 'humidity', 41, T0 + 1000, node)] };
      await store.ingest([
        readingItem,
        { event: ev('c-12h', EventType.Health, `/edge/${node}`), health: HealthSchema.parse({ node, ts: T0, cpu_pct: 1, mem_pct: 2, disk_pct: 3, top: [] }) },
        { event: ev('c-12a', EventType.Anomaly, `/edge/${node}`), anomalies: [AnomalySchema.parse({ node, sensor: 'h12', kind: 'humidity', value: 41, unit: '%', ts: T0 + 1000, score: 0.9, severity: 'warning' })] },
        readingItem,
      ]);
      await store.ingest([readingItem]);
      const after = await store.counts();
      assert.deepEqual(
        { events: after.events - before.events, readings: after.readings - before.readings, anomalies: after.anomalies - before.anomalies, health: after.health - before.health, nodes: after.nodes - before.nodes },
        { events: 3, readings: 2, anomalies: 1, health: 1, nodes: 1 });
    });

    test('readings: filtered by location, ordered by time, limited, with severity and score when given', async () => {
      const r = (value: number, ts: number, extra = {}) =>
        ReadingSchema.parse({ node: 'pi-node-13', sensor: 'h13', kind: 'humidity', value, unit: '%', ts, location: 'roof', ...extra });
      await store.ingest([{ event: ev('rd-13', EventType.Reading, '/edge/pi-node-13'), readings: [r(3, T0 + 3000), r(1, T0 + 1000, { severity: 'warning', score: 0.8 }), r(2, T0 + 2000)] }]);
      const rows = await store.readings({ location: 'roof', from: T0, to: T0 + 10_000 });
      assert.deepEqual(rows.map((x) => x.value), [1, 2, 3]);
      assert.deepEqual(rows[0], { node: 'pi-node-13', sensor: 'h13', kind: 'humidity', unit: '%', location: 'roof', ts: T0 + 1000, value: 1, severity: 'warning', score: 0.8 });
      assert.equal(rows[1]?.severity, null);
      assert.equal((await store.readings({ location: 'roof', from: T0, to: T0 + 10_000, limit: 2 })).length, 2);
      assert.deepEqual(await store.readings({ location: 'nowhere', from: T0, to: T0 + 10_000 }), []);
    });

    test('downsampled series by step', async () => {
      const readings = Array.from({ length: 60 }, (_, i) => reading('t5', 'temperature', i, T0 + i * 60_000));
      await store.ingest([{ event: ev('series-5'), readings }]);
      const points = await store.series({ sensor: 't5', from: T0, to: T0 + 3_600_000, stepMs: 15 * 60_000 });
      assert.equal(points.length, 4);
      assert.deepEqual(points.map((p) => p.count), [15, 15, 15, 15]);
      assert.equal(points[0]!.mean, 7);
      assert.equal(points[3]!.max, 59);
    });

    test('equal extremes keep their earliest time, whichever batch brought them first', async () => {
      // The later batch holds the earlier readings: its times must win the ties in the same bucket.
      await store.ingest([{ event: ev('tie-1'), readings: [reading('t-tie', 'temperature', 5, T0 + 120_000), reading('t-tie', 'temperature', 9, T0 + 180_000)] }]);
      await store.ingest([{ event: ev('tie-2'), readings: [reading('t-tie', 'temperature', 5, T0 + 60_000), reading('t-tie', 'temperature', 9, T0 + 30_000)] }]);
      const [s] = await store.stats({ sensor: 't-tie', from: T0, to: T0 + ROLLUP_MS });
      assert.deepEqual([s!.min, s!.minTs, s!.max, s!.maxTs, s!.count], [5, T0 + 60_000, 9, T0 + 30_000, 4]);
    });

    test('a newer reading does not hide the latest health report', async () => {
      const health = HealthSchema.parse({ node: 'pi-node-8', ts: T0, cpu_pct: 12, mem_pct: 30, temp_c: 40, disk_pct: 20, top: [] });
      await store.ingest([
        { event: ev('r-8', EventType.Reading, '/edge/pi-node-8'), readings: [reading('t8', 'temperature', 20, T0 + 60_000, 'pi-node-8')] },
        { event: ev('h-8', EventType.Health, '/edge/pi-node-8'), health },
      ]);
      const node = (await store.nodes()).find((n) => n.node === 'pi-node-8');
      assert.equal(node?.health?.cpu_pct, 12);
      assert.equal(node?.lastSeen, T0 + 60_000);
    });

    test('an explanation arriving later is attached to its anomaly', async () => {
      const a = AnomalySchema.parse({ node: 'pi-node-7', sensor: 't7', kind: 'temperature', value: 31, unit: '°C', ts: T0, score: 0.9, severity: 'critical', reason: 'spike' });
      await store.ingest([{ event: ev('anomaly:x7', EventType.Anomaly, '/edge/pi-node-7'), anomalies: [a] }]);
      await store.ingest([{ event: ev('explanation:x7', 'io.homelab.edge.explanation', '/edge/pi-node-7'), explanation: { anomaly_id: 'anomaly:x7', text: 'HVAC likely off' } }]);
      const [row] = await store.anomalies({ node: 'pi-node-7', from: T0 - 1, to: T0 + 1 });
      assert.equal(row?.explanation, 'HVAC likely off');
    });

    test('retention drops raw data past its age and rollups past theirs, keeping the rest', async () => {
      const old = T0 - 40 * 86_400_000;
      await store.ingest([{ event: ev('ret-old'), readings: [reading('t12', 'temperature', 1, old), reading('t12', 'temperature', 2, T0)] }]);
      const removed = await store.enforceRetention({ now: T0 + 1000, rawMs: 30 * 86_400_000, rollupMs: 365 * 86_400_000 });
      assert.ok(removed.readings! >= 1);
      const left = await store.readings({ sensor: 't12', from: 0, to: T0 + 1 });
      assert.deepEqual(left.map((r) => r.value), [2]);
      const rolled = await store.stats({ sensor: 't12', from: old - 1, to: T0 + 1 });
      assert.equal(rolled[0]?.count, 2, 'rollups are kept a year');
      await store.enforceRetention({ now: T0 + 1000, rawMs: 30 * 86_400_000, rollupMs: 30 * 86_400_000 });
      assert.equal((await store.stats({ sensor: 't12', from: old - 1, to: T0 + 1 }))[0]?.count, 1);
    });

    test('health updates the node; anomalies filter by severity', async () => {
      const health = HealthSchema.parse({ node: 'pi-node-9', ts: T0, cpu_pct: 82, mem_pct: 91, temp_c: 68, disk_pct: 50, top: [{ name: 'video', cpu_pct: 60, mem_pct: 40 }], location: 'warehouse-c' });
      const anomaly = (id: string, severity: 'warning' | 'critical') => ({
        event: ev(id, EventType.Anomaly, '/edge/pi-node-9'),
        anomalies: [AnomalySchema.parse({ node: 'pi-node-9', sensor: 't9', kind: 'temperature', value: 28, unit: '°C', ts: T0, score: 0.97, severity, reason: 'spike', location: 'warehouse-c' })],
      });
      await store.ingest([{ event: ev('h-9', EventType.Health, '/edge/pi-node-9'), health }, anomaly('a-9w', 'warning'), anomaly('a-9c', 'critical')]);
      const node = (await store.nodes()).find((n) => n.node === 'pi-node-9');
      assert.equal(node?.health?.mem_pct, 91);
      assert.equal(node?.location, 'warehouse-c');
      assert.equal((await store.anomalies({ node: 'pi-node-9', from: T0 - 1, to: T0 + 1 })).length, 2);
      const critical = await store.anomalies({ node: 'pi-node-9', from: T0 - 1, to: T0 + 1, minSeverity: 'critical' });
      assert.deepEqual(critical.map((a) => a.eventId), ['a-9c']);
      assert.equal((await store.healthHistory('pi-node-9', { from: T0, to: T0 + 1 }))[0]?.top[0]?.name, 'video');
      const catalog = await store.catalog();
      assert.ok(catalog.nodes.includes('pi-node-9'));
      assert.ok(catalog.locations.includes('warehouse-c'));
      assert.ok(catalog.kinds.includes('temperature'));
    });

    describe('anomaliesAfter: stored anomalies in ingest order, after a sequence number', () => {
      const DAY = 86_400_000;
      const anomaly = (id: string, sensor: string, ts: number, extra: { location?: string; reason?: string } = {}) => ({
        event: ev(id, EventType.Anomaly, '/edge/pi-node-13'),
        anomalies: [AnomalySchema.parse({ node: 'pi-node-13', sensor, kind: 'temperature', value: 31, unit: '°C', ts, score: 0.95, severity: 'critical', ...extra })],
      });
      /** The highest seq stored so far (other tests share this store), paging as a consumer would. */
      const lastSeq = async (): Promise<number> => {
        let seq = 0;
        for (let page = await store.anomaliesAfter(seq, 50); page.length; page = await store.anomaliesAfter(seq, 50)) seq = page[page.length - 1]!.seq;
        return seq;
      };

      test('orders by ingest, not event time, with the row the time-range query gives plus its seq', async () => {
        const start = await lastSeq();
        await store.ingest([anomaly('q-1', 's1', T0, { location: 'warehouse-d', reason: 'spike' })]);
        await store.ingest([anomaly('q-2', 's2', T0 - 30 * DAY), anomaly('q-3', 's3', T0 + 5000)]);
        await store.ingest([anomaly('q-1', 's1', T0)]); // a duplicate event adds no anomaly
        await store.ingest([anomaly('q-4', 's4', T0 - 1000)]);
        const rows = await store.anomaliesAfter(start, 100);
        assert.deepEqual(rows.map((r) => r.anomaly.eventId), ['q-1', 'q-2', 'q-3', 'q-4']);
        assert.ok(rows.every((r, i) => r.seq > (i === 0 ? start : rows[i - 1]!.seq)), 'seqs strictly increase');
        const [byTime] = await store.anomalies({ node: 'pi-node-13', sensor: 's1', from: T0, to: T0 + 1 });
        assert.deepEqual(rows[0]!.anomaly, byTime, 'same fields as anomalies() answers');
        assert.equal(rows[0]!.anomaly.location, 'warehouse-d');
        assert.equal(rows[1]!.anomaly.location, undefined, 'absent optional fields are left out, not null');
        assert.equal(rows[1]!.anomaly.ts, T0 - 30 * DAY);
      });

      test('pages by limit; the last seq of a page is the cursor for the next; nothing after the end', async () => {
        const start = await lastSeq();
        await store.ingest(['p-1', 'p-2', 'p-3', 'p-4', 'p-5'].map((id, i) => anomaly(id, `p${i}`, T0 + i)));
        const seen: string[] = [];
        let cursor = start;
        let pages = 0;
        for (let page = await store.anomaliesAfter(cursor, 2); page.length; page = await store.anomaliesAfter(cursor, 2)) {
          assert.ok(page.length <= 2);
          pages++;
          seen.push(...page.map((r) => r.anomaly.eventId));
          cursor = page[page.length - 1]!.seq;
        }
        assert.deepEqual(seen, ['p-1', 'p-2', 'p-3', 'p-4', 'p-5']);
        assert.equal(pages, 3);
        assert.deepEqual(await store.anomaliesAfter(cursor, 10), []);
        assert.deepEqual(await store.anomaliesAfter(start, 0), [], 'limit 0 answers nothing');
        const middle = (await store.anomaliesAfter(start, 3))[2]!.seq;
        assert.deepEqual((await store.anomaliesAfter(middle, 10)).map((r) => r.anomaly.eventId), ['p-4', 'p-5'], 'strictly after the seq given');
      });

      test('a seq is never handed out again, even after retention deleted the newest anomaly', async () => {
        await store.ingest([anomaly('r-old', 'r1', T0 - 40 * DAY)]);
        const oldSeq = await lastSeq();
        await store.enforceRetention({ now: T0, rawMs: 30 * DAY, rollupMs: 365 * DAY });
        assert.ok((await store.anomaliesAfter(oldSeq - 1, 10)).every((r) => r.anomaly.eventId !== 'r-old'), 'retention removed it');
        await store.ingest([anomaly('r-new', 'r2', T0)]);
        const [next] = await store.anomaliesAfter(oldSeq, 10);
        assert.equal(next?.anomaly.eventId, 'r-new', 'the next anomaly lands after the cursor that passed the deleted one');
      });
    });
  });
}
