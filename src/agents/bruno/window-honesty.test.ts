import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { ReadingSchema } from '../../core/schemas.js';
import { EventType } from '../../core/event-types.js';
import { SqliteStore } from '../../studio/store/sqlite/sqlite-store.js';
import type { IngestItem } from '../../studio/store/store.js';
import { Bruno } from './bruno.js';

const T0 = Date.UTC(2026, 10, 23, 6, 0, 0);
const HOURS = 8;
const STEP = 37_000; // off every 5-minute boundary, so edge buckets are partial
const readings: { node: string; ts: number; value: number }[] = [];
for (const [n, node] of ['pi-node-1', 'pi-node-2'].entries()) {
  for (let ts = T0 + n * 11_000; ts < T0 + HOURS * 3_600_000; ts += STEP) readings.push({ node, ts, value: Math.round((20 + 5 * Math.sin(ts / 2_000_000 + n) + ((ts / STEP) % 7) / 10) * 10) / 10 });
}

let store: SqliteStore;
before(async () => {
  store = new SqliteStore(':memory:');
  await store.open();
  const items: IngestItem[] = readings.map((r, i) => ({
    event: { source: `/edge/${r.node}`, id: `r${i}`, type: EventType.Reading, time: r.ts },
    readings: [ReadingSchema.parse({ node: r.node, sensor: 'dht22-temperature', kind: 'temperature', unit: '°C', location: r.node === 'pi-node-1' ? 'warehouse-a' : 'warehouse-b', ts: r.ts, value: r.value })],
  }));
  await store.ingest(items);
});
after(async () => store.close());

const phrasing = fc.constantFrom(
  (n: string, u: string) => `average temperature over the last ${n} ${u}`,
  (n: string, u: string) => `min and max temperature in the past ${n} ${u}`,
  (n: string, u: string) => `what was the highest temperature in the last ${n} ${u}?`,
  (n: string, u: string) => `lowest temperature during the previous ${n} ${u}`,
  (n: string, u: string) => `temperature stats for the last ${n} ${u}`,
);
const span = fc.oneof(fc.integer({ min: 6, max: 180 }).map((m) => ({ n: m, unit: 'minutes', ms: m * 60_000 })), fc.integer({ min: 1, max: 5 }).map((h) => ({ n: h, unit: h === 1 ? 'hour' : 'hours', ms: h * 3_600_000 })));

test('"last N hours/minutes" statistics and extremes are over exactly the window the answer states (random clock, any phrasing)', async () => {
  await fc.assert(fc.asyncProperty(fc.integer({ min: T0 + 5.5 * 3_600_000, max: T0 + HOURS * 3_600_000 }), span, phrasing, async (now, { n, unit, ms }, say) => {
    const bruno = new Bruno({ store, clock: () => now });
    const a = await bruno.ask(say(String(n), unit));
    assert.ok(a.intent === 'statistics' || a.intent === 'extreme', `${a.intent}: ${a.response}`);
    const window = a.data.window as { from: number; to: number };
    assert.deepEqual([window.from, window.to], [now - ms, now], 'the window read from the question');
    const inside = readings.filter((r) => r.ts >= now - ms && r.ts < now);
    const lo = Math.min(...inside.map((r) => r.value)), hi = Math.max(...inside.map((r) => r.value));
    if (a.intent === 'statistics') {
      const k = (a.data.kinds as { count: number; min: number; max: number; min_ts: number; max_ts: number }[])[0]!;
      assert.equal(k.count, inside.length, a.response);
      assert.match(a.response, new RegExp(`\\b${inside.length} readings\\b`));
      assert.deepEqual([k.min, k.max], [lo, hi]);
      for (const ts of [k.min_ts, k.max_ts]) assert.ok(ts >= now - ms && ts < now, `extreme time ${new Date(ts).toISOString()} outside the window`);
    } else {
      const e = a.data.extreme as { value: number; ts: number; which: string };
      assert.equal(e.value, e.which === 'min' ? lo : hi, a.response);
      assert.ok(e.ts >= now - ms && e.ts < now, `extreme time ${new Date(e.ts).toISOString()} outside the window`);
      assert.ok(inside.some((r) => r.ts === e.ts && r.value === e.value));
    }
  }), { numRuns: 80 });
});
