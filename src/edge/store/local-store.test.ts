import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Severity } from '../../core/severity.js';
import { DAY, MINUTE } from '../../core/time.js';
import { LocalStore } from './local-store.js';
import { BUCKET_MS } from './rollup.js';
import { SMALL_BLOCK } from './compaction.js';
import type { LocalStoreOptions } from './types.js';

const tmp = () => join(mkdtempSync(join(tmpdir(), 'local-store-')), 'readings.db');
const T0 = Date.UTC(2026, 10, 1, 8, 0, 0);
const open = (o: Partial<LocalStoreOptions> = {}) => {
  const s = new LocalStore({ path: tmp(), clock: () => T0 + DAY, ...o });
  s.open();
  return s;
};
type In = Parameters<LocalStore['append']>[0];
const reading = (sensor: string, ts: number, value: number, severity: Severity = 'normal', score = 0.1, node = 'pi-node-1'): In => ({
  node, sensor, kind: 'temperature', unit: '°C', location: 'warehouse-a', ts, value, severity, score,
});
/** Deterministic noise so failures repeat. */
const lcg = (seed: number) => () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);

test('round trip is exact: 0.1 resolution, negatives, irregular and out-of-order ts, raw floats, marks', () => {
  const s = open();
  const rand = lcg(7);
  const input: In[] = [];
  for (let i = 0; i < 500; i++) {
    const ts = T0 + i * 1000 + Math.floor(rand() * 40) - (i % 50 === 7 ? 5000 : 0);
    input.push(reading('t', ts, Number((-5 + rand() * 10).toFixed(1)), i % 97 === 3 ? 'critical' : 'normal', 0.9));
    input.push(reading('raw', ts, (rand() - 0.5) * Math.PI * 1e3, i % 31 === 0 ? 'warning' : 'normal', 0.6 + i / 10_000));
    if (i === 250) s.flush(); // data spans two blocks and the buffer
  }
  input.forEach((r) => s.append(r));
  const expected = input
    .map(({ score, severity, ...r }) => (severity === 'normal' ? { ...r, severity } : { ...r, severity, score }))
    .sort((a, b) => a.ts - b.ts);
  const before = s.query({ from: 0, to: Infinity });
  s.flush();
  const after = s.query({ from: 0, to: Infinity });
  const key = (r: { ts: number; sensor: string }) => `${r.ts}:${r.sensor}`;
  const sort = <T extends { ts: number; sensor: string }>(xs: T[]) => [...xs].sort((a, b) => a.ts - b.ts || key(a).localeCompare(key(b)) );
  assert.deepEqual(sort(before), sort(expected));
  assert.deepEqual(sort(after), sort(expected));
  assert.equal(s.query({ sensor: 'raw', from: T0 + 100_000, to: T0 + 200_000 }).length,
    expected.filter((r) => r.sensor === 'raw' && r.ts >= T0 + 100_000 && r.ts < T0 + 200_000).length);
  assert.equal(s.query({ node: 'nobody', from: 0, to: Infinity }).length, 0);
  s.close();
});

test('aggregates equal independently computed 5-minute windows, on disk and buffered', () => {
  const s = open();
  const rand = lcg(3);
  const input: In[] = [];
  for (let i = 0; i < 3000; i++) input.push(reading(i % 2 ? 'a' : 'b', T0 + Math.floor(rand() * 40 * MINUTE), Number((20 + rand() * 5).toFixed(2))));
  input.slice(0, 1700).forEach((r) => s.append(r));
  s.flush();
  input.slice(1700).forEach((r) => s.append(r)); // some windows are half on disk, half buffered
  const got = s.aggregates({ from: T0, to: T0 + 40 * MINUTE });
  const want = new Map<string, In[]>();
  for (const r of input) {
    const k = `${r.sensor}@${Math.floor(r.ts / BUCKET_MS) * BUCKET_MS}`;
    want.set(k, [...(want.get(k) ?? []), r]);
  }
  assert.equal(got.length, want.size);
  for (const a of got) {
    const rs = want.get(`${a.sensor}@${a.windowStart}`)!;
    const values = rs.map((r) => r.value);
    const last = rs.reduce((x, r) => (r.ts >= x.ts ? r : x));
    assert.equal(a.count, rs.length);
    assert.equal(a.min, Math.min(...values));
    assert.equal(a.max, Math.max(...values));
    assert.ok(Math.abs(a.mean - values.reduce((x, y) => x + y, 0) / values.length) < 1e-9);
    assert.equal(a.last, last.value);
    assert.equal(a.lastTs, last.ts);
    assert.equal(a.windowEnd - a.windowStart, BUCKET_MS);
    assert.equal(a.location, 'warehouse-a');
  }
  s.flush();
  assert.deepEqual(s.aggregates({ from: T0, to: T0 + 40 * MINUTE }).map((a) => a.count), got.map((a) => a.count));
  assert.deepEqual(s.aggregates({ sensor: 'a', from: T0 + 10 * MINUTE, to: T0 + 15 * MINUTE }).map((a) => a.windowStart), [T0 + 10 * MINUTE]);
  s.close();
});

test('retention drops raw blocks past rawRetention and aggregates past aggregateRetention', () => {
  const s = open({ rawRetentionMs: DAY, aggregateRetentionMs: 10 * DAY });
  for (const age of [20, 5, 0.5]) {
    for (let i = 0; i < 10; i++) s.append(reading('t', T0 - age * DAY + i * 1000, 20 + i / 10));
    s.flush();
  }
  s.enforceRetention(T0 + MINUTE);
  const ages = s.query({ from: 0, to: Infinity }).map((r) => Math.round((T0 - r.ts) / DAY * 10) / 10);
  assert.deepEqual([...new Set(ages)], [0.5]);
  const windows = s.aggregates({ from: 0, to: Infinity }).map((a) => a.windowStart);
  assert.deepEqual(windows, [T0 - 5 * DAY, T0 - 0.5 * DAY]);
  assert.equal(s.stats().rawReadings, 10);
  assert.equal(s.stats().droppedForRetention, 20);
  s.close();
});

test('at maxBytes the oldest raw readings go first, counted, and the file stays bounded', () => {
  const maxBytes = 512 * 1024;
  const s = open({ maxBytes, clock: () => T0 + 400 * DAY });
  const rand = lcg(11);
  for (let minute = 0; minute < 400; minute++) {
    for (let k = 0; k < 30; k++) {
      for (let i = 0; i < 60; i++) s.append(reading(`s${k}`, T0 + minute * MINUTE + i * 1000, (rand() - 0.5) * 1e6)); // incompressible
    }
    s.flush();
  }
  const st = s.stats();
  assert.ok(st.droppedForSpace > 0);
  assert.equal(st.rawReadings + st.droppedForSpace, 400 * 30 * 60);
  const kept = s.query({ from: 0, to: Infinity });
  assert.equal(kept.length, st.rawReadings);
  // Oldest first, at block granularity: each series keeps a gap-free newest stretch, and the
  // stretches start within one block's span (SMALL_BLOCK readings at 1 Hz) of each other.
  const last = T0 + 399 * MINUTE + 59_000;
  const starts = Array.from({ length: 30 }, (_, k) => {
    const mine = kept.filter((r) => r.sensor === `s${k}`);
    const first = Math.min(...mine.map((r) => r.ts));
    assert.equal(mine.length, (last - first) / 1000 + 1, `s${k} has a hole`);
    return first;
  });
  assert.ok(Math.max(...starts) - Math.min(...starts) <= SMALL_BLOCK * 1000);
  assert.ok(last - Math.max(...starts) > 10 * MINUTE, 'keeps more than the last few minutes');
  s.close();
  const again = new LocalStore({ path: (s as unknown as { options: LocalStoreOptions }).options.path });
  again.open();
  assert.ok(again.stats().bytesOnDisk <= maxBytes * 1.1, `${again.stats().bytesOnDisk} bytes on disk`);
  assert.equal(again.stats().droppedForSpace, st.droppedForSpace);
  again.close();
});

test('reopening after close keeps readings, series, aggregates and counters', () => {
  const path = tmp();
  const s = new LocalStore({ path, clock: () => T0 });
  s.open();
  for (let i = 0; i < 100; i++) s.append(reading(i % 2 ? 'a' : 'b', T0 + i * 500, i / 10, i === 42 ? 'warning' : 'normal', 0.7));
  const before = { readings: s.query({ from: 0, to: Infinity }), aggs: s.aggregates({ from: 0, to: Infinity }) };
  s.close(); // flushes the buffer
  const again = new LocalStore({ path, clock: () => T0 });
  again.open();
  assert.deepEqual(again.query({ from: 0, to: Infinity }), before.readings);
  assert.deepEqual(again.aggregates({ from: 0, to: Infinity }), before.aggs);
  assert.equal(again.stats().rawReadings, 100);
  assert.equal(again.stats().series, 2);
  assert.equal(again.query({ from: 0, to: Infinity }).filter((r) => r.severity === 'warning')[0]?.score, 0.7);
  again.close();
});

test('append never writes: nothing reaches disk until a flush', async () => {
  const s = open({ flushEvery: 1_000_000, flushMs: 3_600_000 });
  for (let i = 0; i < 500; i++) s.append(reading('t', T0 + i * 1000, 21.5));
  assert.equal(s.stats().rawReadings, 0);
  assert.equal(s.stats().buffered, 500);
  s.flush();
  assert.equal(s.stats().rawReadings, 500);
  assert.equal(s.stats().blocks, 1);
  s.close();
});

test('flushEvery triggers a flush on the next turn of the event loop, in one block per series', async () => {
  const s = open({ flushEvery: 100, flushMs: 3_600_000 });
  for (let i = 0; i < 100; i++) s.append(reading(i % 2 ? 'a' : 'b', T0 + i * 1000, 21.5));
  assert.equal(s.stats().rawReadings, 0);
  await new Promise((r) => setImmediate(r));
  assert.equal(s.stats().rawReadings, 100);
  assert.equal(s.stats().blocks, 2);
  s.close();
});

test('small per-flush blocks are merged once they fill a block; readings and marks survive exactly', () => {
  const s = open();
  const input: In[] = [];
  for (let f = 0; f < 70; f++) {
    for (let i = 0; i < 12; i++) {
      const n = f * 12 + i;
      const r = reading('slow', T0 + n * 5000 + (n % 3), Number((18 + Math.sin(n / 30)).toFixed(1)), n % 100 === 5 ? 'warning' : 'normal', 0.75);
      input.push(r);
      s.append(r);
    }
    s.flush();
  }
  assert.ok(s.stats().blocks < 70 / 4, `${s.stats().blocks} blocks after 70 flushes`);
  const got = s.query({ from: 0, to: Infinity });
  assert.deepEqual(got.map((r) => [r.ts, r.value, r.severity, r.score]),
    input.map((r) => [r.ts, r.value, r.severity, r.severity === 'normal' ? undefined : r.score]));
  s.close();
});

test('realistic data (simulated warehouse, 9 series at 1 Hz for 2 h) costs well under 12 bytes per reading', async () => {
  const { SimulatorSource } = await import('../sources/simulator.js');
  const path = tmp();
  const s = new LocalStore({ path, clock: () => T0 + 2 * 3_600_000 });
  s.open();
  const sim = new SimulatorSource({ intervalMs: 1000, healthIntervalMs: 60_000, seed: 5 });
  let n = 0;
  for (let ts = T0; ts < T0 + 2 * 3_600_000; ts += 1000) {
    for (const r of sim.sampleAt(ts + (n % 5))) s.append({ ...r, unit: r.unit ?? '', ts: r.ts, severity: 'normal', score: 0.02 });
    n++;
    if (ts % 60_000 === 0) s.flush(); // what flushMs = 60 s does
  }
  s.close();
  const again = new LocalStore({ path, clock: () => T0 });
  again.open();
  const st = again.stats();
  assert.equal(st.rawReadings, n * 9);
  console.log(`realistic: ${st.rawReadings} readings, ${st.bytesOnDisk} bytes, ${st.bytesPerReading.toFixed(2)} bytes/reading`);
  assert.ok(st.bytesPerReading <= 12, `${st.bytesPerReading} bytes per reading`);
  again.close();
});
