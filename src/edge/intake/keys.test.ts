import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { Collector } from '../collector.js';
import { Normaliser } from '../normalise.js';
import { Outbox } from '../outbox/outbox.js';
import { DEFAULT_SEVERITY } from '../route/classify.js';
import { Router } from '../route/router.js';
import { LocalStore } from '../store/index.js';
import type { Sample } from '../sources/source.js';
import { createIntake, DiskFullError, KeyReuseError } from './index.js';

const T0 = Date.UTC(2026, 11, 1, 10, 0, 0);

/** One collector "process" over `dir`; abandoning it without stop() is kill -9 after its last commit. */
function node(dir: string, boot: string, idempotencyKeys = 10_000) {
  const outbox = new Outbox({ path: join(dir, 'outbox.db'), maxBytes: 1 << 26, maxEvents: 100_000 });
  const store = new LocalStore({ path: join(dir, 'local.db'), flushEvery: 1_000_000, flushMs: 3_600_000 });
  store.open();
  const intake = createIntake(outbox, { dataDir: dir, node: 'pi', groupCommitMs: 1, diskReserveBytes: 0, idempotencyKeys, idempotencyTtlMs: 3_600_000 });
  const router = new Router({ source: '/edge/pi', boot, windowMs: 60_000, warningBatchMs: 60_000 }, intake);
  const collector = new Collector({
    sources: [], normaliser: new Normaliser(boot, () => 'synced'), scorer: { score: () => ({ score: 0, reason: 'none' }) }, severity: DEFAULT_SEVERITY,
    store, router, intake, forwarder: { start: () => outbox.open(), stop: async () => outbox.close() }, unhealthy: () => false, tickMs: 3_600_000,
  });
  // kill -9: the process's timers die with it (the collector's tick would keep this test process alive).
  const kill = () => { clearInterval((collector as unknown as { timer?: NodeJS.Timeout }).timer); intake.guard.stop(); outbox.close(); };
  return { outbox, store, intake, router, collector, kill };
}
const stored = (n: ReturnType<typeof node>) => n.store.query({ from: 0, to: T0 + 86_400_000 }).length;
/** A batch's readings: `batch` decides the values, `n` how many; timestamps are the sender's own (distinct per batch). */
const readingsOf = (batch: number, n: number): Sample[] =>
  Array.from({ length: n }, (_, i) => ({ node: 'pi', sensor: `s${i % 3}`, kind: 'temperature', unit: '°C', value: batch + i / 10, ts: T0 + batch * 1000 + i }));

test('property: under any order of sends, retries, key reuse and kill -9 after a commit, each key is taken once and answered alike', async () => {
  // A send: which key, which of two bodies (the retry resends body 0; body 1 reuses the key for other readings).
  const op = fc.oneof(
    fc.record({ kind: fc.constant('send' as const), key: fc.integer({ min: 0, max: 5 }), body: fc.integer({ min: 0, max: 1 }) }),
    fc.record({ kind: fc.constant('kill' as const) }),
  );
  await fc.assert(fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 25 }), async (ops) => {
    const dir = mkdtempSync(join(tmpdir(), 'keys-'));
    let n = node(dir, 'b0');
    await n.collector.start();
    const first = new Map<number, { body: number; result: string }>();
    let boots = 0;
    for (const o of ops) {
      if (o.kind === 'kill') { n.kill(); n = node(dir, `b${++boots}`); await n.collector.start(); continue; }
      // Body b of key k: its own readings (distinct timestamps per key and body, so identity dedupe does not hide a double take).
      const batch = o.key * 2 + o.body;
      const samples = readingsOf(batch, 1 + o.key);
      const result = `{"accepted":${samples.length},"batch":${batch}}`;
      const known = first.get(o.key);
      const got = n.collector.readingsOnce(samples, { key: `k${o.key}`, digest: `d${o.body}`, result });
      if (known && known.body !== o.body) { await assert.rejects(got, KeyReuseError); continue; }
      const answer = await got;
      if (known) assert.equal(answer, known.result, 'a replay is answered with the first result');
      else { assert.equal(answer, undefined, 'a new key is taken'); first.set(o.key, { body: o.body, result }); }
    }
    const expected = [...first.keys()].reduce((sum, k) => sum + 1 + k, 0);
    n.kill();
    const last = node(dir, 'end');
    await last.collector.start();
    assert.equal(stored(last), expected, 'every key\'s readings are kept once, across restarts');
    await last.collector.stop();
  }), { numRuns: 40 });
});

test('a retry racing its first send (same key, commit in flight) waits for that commit and is not taken twice', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'keys-'));
  const n = node(dir, 'b');
  await n.collector.start();
  const samples = readingsOf(1, 4);
  const a = n.collector.readingsOnce(samples, { key: 'race', digest: 'd', result: 'first' });
  const b = n.collector.readingsOnce(samples.map((s) => ({ ...s, ts: s.ts + 10_000 })), { key: 'race', digest: 'd', result: 'second' });
  assert.deepEqual(await Promise.all([a, b]), [undefined, 'first']);
  assert.equal(n.intake.keys.counters.replayed, 1);
  await n.collector.stop();
  const again = node(dir, 'c');
  await again.collector.start();
  assert.equal(stored(again), 4, 'the racing retry took nothing');
  await again.collector.stop();
});

test('a key whose commit rolled back (full disk) is not remembered: the retry is taken once the disk has room', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'keys-'));
  const n = node(dir, 'b');
  await n.collector.start();
  const db = n.outbox.database();
  db.exec(`CREATE TEMP TRIGGER full BEFORE INSERT ON intake_journal BEGIN SELECT RAISE(FAIL, 'database or disk is full'); END`);
  const samples = readingsOf(2, 3);
  await assert.rejects(n.collector.readingsOnce(samples, { key: 'k', digest: 'd', result: 'r' }), DiskFullError);
  assert.equal(n.intake.keys.find('k'), undefined, 'nothing remembered of a batch that was refused');
  db.exec('DROP TRIGGER temp.full');
  n.intake.guard.probe();
  assert.equal(await n.collector.readingsOnce(samples, { key: 'k', digest: 'd', result: 'r' }), undefined, 'the retry is taken');
  assert.equal(n.collector.counters.duplicates, 0, 'the refused copy left nothing behind in the identity dedupe');
  assert.equal(await n.collector.readingsOnce(samples, { key: 'k', digest: 'd', result: 'r' }), 'r', 'and only once');
  await n.collector.stop();
});

test('keys are bounded: past IDEMPOTENCY_KEYS the oldest are forgotten (counted) and kept on disk across restarts', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'keys-'));
  const n = node(dir, 'b', 3);
  await n.collector.start();
  for (let k = 0; k < 5; k++) await n.collector.readingsOnce(readingsOf(10 + k, 1), { key: `k${k}`, digest: 'd', result: `r${k}` });
  assert.equal(n.intake.keys.size(), 3);
  assert.equal(n.intake.keys.counters.forgotten, 2);
  n.kill();
  const m = node(dir, 'c', 3);
  await m.collector.start();
  assert.equal(m.intake.keys.size(), 3, 'the count is read back from disk');
  assert.equal(m.intake.keys.find('k0'), undefined, 'the oldest key is forgotten');
  assert.equal(m.intake.keys.find('k4')?.result, 'r4');
  assert.equal(await m.collector.readingsOnce(readingsOf(14, 1), { key: 'k4', digest: 'd', result: 'x' }), 'r4');
  await m.collector.stop();
});

test('identity dedupe: the same readings sent again without a key, even after kill -9, are not taken twice; a new value at the same time is', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'keys-'));
  const a = node(dir, 'a');
  await a.collector.start();
  const samples = readingsOf(3, 6);
  await a.collector.readings(samples);
  await a.collector.readings(samples.slice(2, 4));
  assert.equal(a.collector.counters.duplicates, 2);
  a.kill();
  const b = node(dir, 'b');
  await b.collector.start();
  await b.collector.readings(samples);
  assert.equal(b.collector.counters.duplicates, 6, 'remembered from the journal replayed into the local store');
  await b.collector.readings([{ ...samples[0]!, value: samples[0]!.value + 1 }]);
  assert.equal(b.collector.counters.duplicates, 6, 'another value at the same time is another reading');
  await b.collector.stop();
  const c = node(dir, 'c');
  await c.collector.start();
  await c.collector.readings(samples);
  assert.equal(c.collector.counters.duplicates, 6, 'remembered from the flushed local store too');
  assert.equal(stored(c), 7);
  await c.collector.stop();
});
