import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Reading } from '../../core/schemas.js';
import type { HeldReading, HeldReadingsRepository } from './held-readings.js';
import { SqliteHeldReadings } from './sqlite-held-readings.js';
import { PostgresHeldReadings } from './postgres-held-readings.js';
import { ClockHold } from './clock-hold.js';
import { dropSchema, PG_URL, pgSkipReason, randomSchema } from '../graph/graph-test-fixtures.js';

const reading = (node: string, ts: number, value = 20): Reading => ({ node, sensor: 't', kind: 'temperature', value, unit: '°C', ts, clock: 'unsynced' });
const held = (source: string, eventId: string, index: number, r: Reading, receivedAt = 1000): HeldReading => ({ source, eventId, index, reading: r, receivedAt });

function contract(name: string, skip: string | false, make: () => HeldReadingsRepository, teardown: () => Promise<void>) {
  describe(`HeldReadingsRepository contract: ${name}`, { skip }, () => {
    let repo: HeldReadingsRepository;
    before(async () => { repo = make(); await repo.open(); await repo.open(); });
    after(async () => { await repo.close(); await teardown(); });

    test('holding is idempotent by (source, event, index); take is per node and range, whole events, in event order', async () => {
      const rows = [held('/e/a', 'e1', 0, reading('pi-1', 5000)), held('/e/a', 'e1', 1, reading('pi-1', 6000)), held('/e/a', 'e2', 0, reading('pi-1', 7000)), held('/e/b', 'x', 0, reading('pi-2', 5000))];
      assert.equal(await repo.hold(rows), 4);
      assert.equal(await repo.hold(rows.slice(0, 2)), 0, 'a redelivered event is not held twice');
      assert.equal(await repo.count(), 4);
      const all = await repo.take('pi-1', 0, 10_000, 10);
      assert.deepEqual(all.map((r) => [r.eventId, r.index, r.reading.ts]), [['e1', 0, 5000], ['e1', 1, 6000], ['e2', 0, 7000]]);
      assert.equal(all[0]!.reading.clock, 'unsynced', 'the reading comes back as held');
      assert.deepEqual((await repo.take('pi-1', 5500, 6500, 10)).map((r) => r.index), [1], 'by the raw (unsynced) timestamp');
      // A page of 2 would cut e1|e2 after e1's two rows: it ends at the event boundary.
      assert.deepEqual((await repo.take('pi-1', 0, 10_000, 2)).map((r) => r.eventId), ['e1', 'e1']);
      assert.deepEqual((await repo.take('pi-1', 0, 10_000, 1)).map((r) => r.eventId), ['e1'], 'never an empty page while rows remain');
      await repo.remove(all);
      assert.equal(await repo.count(), 1);
      assert.deepEqual((await repo.take('pi-2', 0, 10_000, 10)).map((r) => r.source), ['/e/b']);
    });

    test('a correction is kept, replaced for the same range, per node; expiry drops old readings and corrections', async () => {
      await repo.saveCorrection({ node: 'pi-1', ts: 9e11, offset_ms: 100, from: 0, until: 50 }, 2000);
      await repo.saveCorrection({ node: 'pi-1', ts: 9e11, offset_ms: 200, from: 0, until: 50 }, 3000);
      await repo.saveCorrection({ node: 'pi-3', ts: 9e11, offset_ms: 5, from: 10, until: 20 }, 4000);
      assert.deepEqual((await repo.corrections('pi-1')).map((c) => c.offset_ms), [200]);
      assert.equal((await repo.allCorrections()).length, 2);
      await repo.hold([held('/e/c', 'old', 0, reading('pi-4', 1), 10), held('/e/c', 'new', 0, reading('pi-4', 1), 5000)]);
      const before = await repo.count();
      assert.equal(await repo.expire(3500), 2, 'what was received before the cut goes (pi-2 at 1000 and old at 10)');
      assert.equal(await repo.count(), before - 2);
      assert.deepEqual((await repo.allCorrections()).map((c) => c.node), ['pi-3']);
    });
  });
}

contract('SQLite', false, () => new SqliteHeldReadings(':memory:'), async () => {});
const pgSkip = await pgSkipReason();
const schema = randomSchema('held');
contract('PostgreSQL', pgSkip, () => new PostgresHeldReadings(PG_URL, schema), () => dropSchema(schema));

test('the hold is bounded: beyond maxHeld a reading is refused by name and counted, never dropped silently', async () => {
  const counted: Record<string, number> = {};
  const hold = new ClockHold({ repo: new SqliteHeldReadings(':memory:'), limits: { maxHeld: 3 }, count: (o, n) => { counted[o] = (counted[o] ?? 0) + n; } });
  await hold.open();
  const list = [0, 1, 2, 3, 4].map((index) => ({ index, reading: reading('pi-1', 1000 + index) }));
  const r = await hold.admit('/e', 'e1', list);
  assert.equal(r.held, 3);
  assert.deepEqual(r.refused.map((x) => x.index), [3, 4]);
  assert.match(r.refused[0]!.reason, /data\.readings\[3\]\.ts: the node's clock is unsynced and the hold for clock correction is full \(3 readings\)/);
  assert.deepEqual(counted, { held: 3, refused: 2 });
  assert.equal(await hold.waiting(), 3);
  await hold.close();
});

test('a correction that puts a reading outside the window still refuses it (counted), and one covering it later corrects on arrival', async () => {
  const counted: Record<string, number> = {};
  let now = Date.UTC(2026, 11, 1);
  const hold = new ClockHold({ repo: new SqliteHeldReadings(':memory:'), now: () => now, count: (o, n) => { counted[o] = (counted[o] ?? 0) + n; } });
  await hold.open();
  await hold.admit('/e', 'e1', [{ index: 0, reading: reading('pi-1', 1000) }, { index: 1, reading: reading('pi-1', 2000) }]);
  const stored: unknown[] = [];
  // An offset that leaves 1000 + offset before 2000-01-01: still outside.
  const r = await hold.correct({ node: 'pi-1', ts: now, offset_ms: 100, from: 0, until: 5000 }, async (events) => { stored.push(...events); });
  assert.deepEqual(r, { corrected: 0, refused: 2 });
  assert.equal(stored.length, 0);
  assert.equal(await hold.waiting(), 0, 'decided, not left waiting');
  now += 1000; // the newer correction wins where ranges overlap
  const offset = now - 60_000 - 3000;
  await hold.correct({ node: 'pi-1', ts: now, offset_ms: offset, from: 2500, until: 5000 }, async () => {});
  const late = await hold.admit('/e', 'e2', [{ index: 0, reading: reading('pi-1', 3000) }, { index: 1, reading: reading('pi-1', 9000) }]);
  assert.deepEqual(late.corrected.map((c) => [c.index, c.reading.ts, c.reading.clock]), [[0, now - 60_000, 'corrected']]);
  assert.equal(late.held, 1, 'outside every known correction range: waits');
  assert.deepEqual(counted, { refused: 2, held: 3, corrected: 1 });
  await hold.close();
});
