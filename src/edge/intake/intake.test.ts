import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Collector } from '../collector.js';
import { Normaliser } from '../normalise.js';
import { Outbox } from '../outbox/outbox.js';
import { DEFAULT_SEVERITY } from '../route/classify.js';
import { Router } from '../route/router.js';
import { LocalStore } from '../store/index.js';
import fc from 'fast-check';
import type { Severity } from '../../core/severity.js';
import { createIntake, DiskFullError } from './index.js';
import { decode, encode, type JournalReading } from './journal.js';

const T0 = Date.UTC(2026, 11, 1, 10, 0, 0);
const WINDOW = 60_000;

/** One collector over `dir`, as a process would build it; `boot` differs per "process". */
function node(dir: string, boot: string) {
  const outbox = new Outbox({ path: join(dir, 'outbox.db'), maxBytes: 1 << 26, maxEvents: 100_000 });
  const store = new LocalStore({ path: join(dir, 'local.db'), flushEvery: 1_000_000, flushMs: 3_600_000 });
  store.open();
  const intake = createIntake(outbox, { dataDir: dir, node: 'pi', groupCommitMs: 1, diskReserveBytes: 0 });
  const router = new Router({ source: '/edge/pi', boot, windowMs: WINDOW, warningBatchMs: WINDOW }, intake);
  const collector = new Collector({
    sources: [], normaliser: new Normaliser(boot, () => 'synced'), scorer: { score: () => ({ score: 0, reason: 'none' }) }, severity: DEFAULT_SEVERITY,
    store, router, intake, forwarder: { start: () => outbox.open(), stop: async () => outbox.close() }, unhealthy: () => false, tickMs: 3_600_000,
  });
  return { outbox, store, intake, router, collector };
}
const samples = (from: number, n: number, sensor = 't') =>
  Array.from({ length: n }, (_, i) => ({ node: 'pi', sensor, kind: 'temperature', unit: '°C', value: 20 + (i % 5), ts: T0 + (from + i) * 100 }));
const aggregates = (outbox: Outbox) => (outbox.database().prepare("SELECT id, body FROM outbox WHERE body LIKE '%edge.aggregate%'").all() as { id: string; body: string }[])
  .map((r) => ({ id: r.id, series: (JSON.parse(r.body) as { data: { series: { sensor: string; count: number }[] } }).data.series }));

test('what was acknowledged survives an abandoned process: open windows and unflushed readings come back on start', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'intake-'));
  const a = node(dir, 'boot-a');
  // Started by hand, without the collector's tick: this "process" is abandoned, never stopped.
  a.outbox.open();
  a.intake.open(a.collector, a.store);
  await a.collector.readings(samples(0, 120));
  await a.collector.readings(samples(120, 80, 'h'));
  // kill -9: no stop(), no flush; the local store never flushed (flushEvery is huge), windows are open.
  assert.equal(a.store.stats().rawReadings, 0, 'nothing flushed to the local store yet');
  assert.equal(aggregates(a.outbox).length, 0, 'no window closed yet');
  a.intake.guard.stop();
  a.outbox.close();

  const b = node(dir, 'boot-b');
  await b.collector.start();
  assert.equal(b.intake.counters.replayed, 200, 'journal rows replayed into the local store');
  assert.equal(b.store.query({ from: 0, to: T0 + 3_600_000 }).length, 200, 'every reading is in the local store again');
  b.router.tick(T0 + 10 * WINDOW);
  b.intake.commit();
  const aggs = aggregates(b.outbox);
  const total = aggs.flatMap((x) => x.series).reduce((n, s) => n + s.count, 0);
  assert.equal(total, 200, 'the restored windows hold every acknowledged reading');
  assert.ok(aggs.every((x) => x.id.startsWith('pi:agg:') && !x.id.includes('boot-b')), `ids from content: ${aggs.map((x) => x.id).join(', ')}`);
  assert.ok(aggs.some((x) => x.id.includes('boot-a')), 'a window begun before the restart keeps its first reading (of boot-a) in its id');
  await b.collector.stop();
});

test('a commit that fails for space rolls back: nothing acknowledged, nothing half-kept, and the next write goes through', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'intake-'));
  const n = node(dir, 'b');
  await n.collector.start();
  await n.collector.readings(samples(0, 10));
  const before = n.router.held().windowReadings;
  const journal = n.outbox.database();
  // The next commit's journal insert hits a full disk (as SQLite reports it).
  const trigger = `CREATE TEMP TRIGGER full BEFORE INSERT ON intake_journal BEGIN SELECT RAISE(FAIL, 'database or disk is full'); END`;
  journal.exec(trigger);
  await assert.rejects(n.collector.readings(samples(10, 10)), (err: unknown) => err instanceof DiskFullError && /disk full/.test(err.message));
  assert.equal(n.router.held().windowReadings, before, 'the router is back to what is on disk');
  assert.ok(n.intake.guard.full(), 'the guard says the disk is full');
  await assert.rejects(n.collector.readings(samples(20, 5)), DiskFullError, 'normal readings are refused at once while full');
  assert.equal(n.collector.counters.refused.normal, 15, 'both refusals counted, the failed commit\'s 10 readings too');
  journal.exec('DROP TRIGGER temp.full');
  n.intake.guard.probe(); // a second later: the disk has room (or the next commit may try)
  await n.collector.readings(samples(20, 5));
  assert.equal(n.intake.guard.full(), undefined, 'a write went through: readings are taken again');
  assert.equal(n.router.held().windowReadings, before + 5);
  await n.collector.stop();
});

test('an MQTT message redelivered after a restart (its PUBACK lost with the process) is acknowledged, not taken twice', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'intake-'));
  const a = node(dir, 'boot-a');
  a.outbox.open();
  a.intake.open(a.collector, a.store);
  const origin = { key: 'mqtt:7', digest: 'd1', redelivery: false };
  await a.collector.readings(samples(0, 3), origin);
  a.intake.guard.stop();
  a.outbox.close();
  const b = node(dir, 'boot-b');
  await b.collector.start();
  await b.collector.readings(samples(0, 3), { ...origin, redelivery: true });
  assert.equal(b.collector.counters.redelivered, 3, 'the redelivery is recognised');
  await b.collector.readings(samples(3, 2), { key: 'mqtt:7', digest: 'd2', redelivery: false });
  await b.collector.readings(samples(5, 1), { key: 'mqtt:7', digest: 'd3', redelivery: true });
  assert.equal(b.collector.counters.redelivered, 3, 'a new message in the same slot, or a redelivery of one never taken, is taken');
  b.router.tick(T0 + 10 * WINDOW);
  b.intake.commit();
  const total = aggregates(b.outbox).flatMap((x) => x.series).reduce((n, s) => n + s.count, 0);
  assert.equal(total, 6, 'three, two and one readings, each once');
  await b.collector.stop();
});

test('journal rows round-trip every field, binary and as the JSON rows older collectors wrote', () => {
  const reading = fc.record({
    node: fc.constantFrom('pi', 'pi-é'), sensor: fc.constantFrom('t', 'h"x'), kind: fc.constantFrom('temperature', 'humidity'), unit: fc.constantFrom('', '°C'),
    ts: fc.integer({ min: 1, max: 2 ** 45 }), value: fc.double({ noNaN: true, noDefaultInfinity: true }).map((v) => (v === 0 ? 0 : v)), severity: fc.constantFrom<Severity[]>('normal', 'warning', 'critical'),
    score: fc.double({ min: 0, max: 1, noNaN: true }), location: fc.option(fc.constantFrom('a', 'b'), { nil: undefined }),
  }, { requiredKeys: ['node', 'sensor', 'kind', 'unit', 'ts', 'value', 'severity', 'score'] });
  fc.assert(fc.property(fc.array(reading, { maxLength: 40 }), (rs) => {
    const clean: JournalReading[] = rs.map((r) => { const { location, ...rest } = r; return location === undefined ? rest : { ...rest, location }; });
    assert.deepEqual(decode(encode(clean)), clean);
    // A row written by the JSON layout, as a collector before this one left it.
    const s: [string, string, string, string, string | null][] = [];
    const rows = clean.map((r) => {
      let i = s.findIndex((x) => x[0] === r.node && x[1] === r.sensor && x[2] === r.kind && x[3] === r.unit && x[4] === (r.location ?? null));
      if (i < 0) i = s.push([r.node, r.sensor, r.kind, r.unit, r.location ?? null]) - 1;
      return [i, r.ts, r.value, ['normal', 'warning', 'critical'].indexOf(r.severity), r.score];
    });
    assert.deepEqual(decode(JSON.stringify({ s, r: rows })), clean);
  }), { numRuns: 200 });
});
