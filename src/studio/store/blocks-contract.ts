import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { ReadingSchema, type Reading } from '../../core/schemas.js';
import { EventType } from '../../core/event-types.js';
import { SEVERITIES } from '../../core/severity.js';
import { MAX_HEAD_BLOCKS, SEAL } from './blocks.js';
import { columnsOf } from './columns.js';
import type { IngestItem, ReadingRow, StudioStore } from './store.js';

const T0 = Date.UTC(2026, 10, 20, 12, 0, 0);
const DAY = 86_400_000;

/** A small seeded generator, so a failure reproduces. */
const lcg = (seed: number) => () => ((seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648);

/** What `readings` must answer, computed the obvious way from everything ingested. */
function expected(all: Reading[], f: { node?: string; sensor?: string; from: number; to: number; limit: number }): ReadingRow[] {
  return all
    .filter((r) => (!f.node || r.node === f.node) && (!f.sensor || r.sensor === f.sensor) && r.ts >= f.from && r.ts < f.to)
    .map((r) => ({ node: r.node, sensor: r.sensor, kind: r.kind, unit: r.unit, location: r.location ?? null, ts: r.ts, value: r.value, severity: r.severity ?? null, score: r.score ?? null }))
    .sort((a, b) => a.ts - b.ts || (a.node < b.node ? -1 : a.node > b.node ? 1 : 0) || (a.sensor < b.sensor ? -1 : a.sensor > b.sensor ? 1 : 0))
    .slice(0, f.limit);
}

/** Rows in one millisecond of one series may come in any order: compare them as sorted sets. */
const canonical = (rows: ReadingRow[]) => rows.map((r) => JSON.stringify(r)).sort();

/**
 * Behaviour of the block layout every engine must keep: readings survive appends, head merges,
 * sealing, idle flushes, out-of-order arrival and retention exactly — values, severities, scores —
 * and `readings` pages by time across block boundaries as a row-per-reading table would.
 * @example
 * blocksContract('sqlite', async () => new SqliteStore(':memory:'));
 */
export function blocksContract(engine: string, makeStore: () => Promise<StudioStore>): void {
  describe(`StudioStore blocks: ${engine}`, () => {
    let store: StudioStore;
    const all: Reading[] = [];
    const rand = lcg(42);
    before(async () => {
      store = await makeStore();
      await store.open();
      // Three series over two days (a day boundary inside), arriving in batches of mixed sizes,
      // partly out of order, a few with severity, score or identity, some values not quantisable.
      const readings: Reading[] = [];
      for (let i = 0; i < 3 * SEAL + 777; i++) {
        const sensor = `b${i % 3}`;
        const late = rand() < 0.05 ? -Math.floor(rand() * 3_600_000) : 0;
        const ts = T0 + 20 * 3_600_000 + i * 37_000 + late;
        const value = rand() < 0.1 ? rand() * 100 : Math.round(rand() * 1000) / 10;
        const extra = rand() < 0.03 ? { severity: SEVERITIES[Math.floor(rand() * 3)], score: Math.round(rand() * 100) / 100 } : rand() < 0.02 ? { id: `pi-node-b:k3:${i}` } : {};
        readings.push(ReadingSchema.parse({ node: 'pi-node-b', sensor, kind: 'temperature', value, unit: '°C', ts, location: 'lab', ...extra }));
      }
      let n = 0;
      for (let at = 0; at < readings.length; n++) {
        const size = 1 + Math.floor(rand() * (n % 5 === 0 ? 400 : 30));
        const batch = readings.slice(at, at + size);
        at += size;
        const item: IngestItem = { event: { source: '/edge/pi-node-b', id: `blk-${n}`, type: EventType.Reading, time: T0 }, ...(n % 2 ? { readings: batch } : { series: columnsOf(batch) }) };
        await store.ingest([item]);
        all.push(...batch);
        if (n === 40) await store.flush?.(); // an idle flush in the middle of it all
      }
    });
    after(async () => store.close());

    test('every reading comes back exactly, whatever the block it landed in', async () => {
      const f = { node: 'pi-node-b', from: 0, to: T0 + 10 * DAY, limit: 1_000_000 };
      assert.deepEqual(canonical(await store.readings(f)), canonical(expected(all, f)));
      await store.flush?.();
      assert.deepEqual(canonical(await store.readings(f)), canonical(expected(all, f)), 'the same after flushing the heads');
      const counts = await store.counts();
      assert.equal(counts.readings, all.length);
    });

    test('ranges and limits page across block boundaries in (ts, node, sensor) order', async () => {
      for (const [from, to, limit, sensor] of [
        [T0 + DAY - 3_600_000, T0 + DAY + 3_600_000, 10_000, undefined], // across midnight
        [T0 + 21 * 3_600_000, T0 + 2 * DAY, 500, 'b1'],
        [T0, T0 + 3 * DAY, 1, undefined],
        [T0 + 22 * 3_600_000 + 1234, T0 + 22 * 3_600_000 + 99_999, 10_000, 'b2'],
      ] as const) {
        const f = { node: 'pi-node-b', ...(sensor ? { sensor } : {}), from, to, limit };
        const rows = await store.readings(f);
        const want = expected(all, f);
        assert.equal(rows.length, want.length, `${JSON.stringify(f)}`);
        assert.deepEqual(rows.map((r) => r.ts), want.map((r) => r.ts));
        assert.deepEqual(canonical(rows), canonical(want));
      }
    });

    test('a slow series never piles up more head blocks than the bound', async () => {
      for (let i = 0; i < MAX_HEAD_BLOCKS + 5; i++) {
        await store.ingest([{ event: { source: '/edge/pi-node-s', id: `slow-${i}`, type: EventType.Reading, time: T0 },
          readings: [ReadingSchema.parse({ node: 'pi-node-s', sensor: 'slow', kind: 'humidity', value: 40 + i, unit: '%', ts: T0 + i * 60_000 })] }]);
      }
      const rows = await store.readings({ sensor: 'slow', from: 0, to: T0 + DAY, limit: 1000 });
      assert.deepEqual(rows.map((r) => r.value), Array.from({ length: MAX_HEAD_BLOCKS + 5 }, (_, i) => 40 + i));
    });

    test('retention trims blocks that straddle the cutoff and drops older ones, counting readings', async () => {
      const before = (await store.counts()).readings;
      const cutoff = T0 + DAY + 5 * 3_600_000 + 17;
      const removed = await store.enforceRetention({ now: cutoff + 30 * DAY, rawMs: 30 * DAY, rollupMs: 365 * DAY });
      const gone = all.filter((r) => r.ts < cutoff).length;
      assert.ok(removed.readings! >= gone, `${removed.readings} removed, ${gone} of this suite's readings were older`);
      assert.equal((await store.counts()).readings, before - removed.readings!);
      const f = { node: 'pi-node-b', from: 0, to: T0 + 10 * DAY, limit: 1_000_000 };
      assert.deepEqual(canonical(await store.readings(f)), canonical(expected(all.filter((r) => r.ts >= cutoff), f)));
    });
  });
}
