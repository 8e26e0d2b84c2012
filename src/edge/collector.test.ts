import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Reading } from '../core/schemas.js';
import { ClockTracker } from './clock.js';
import { Collector } from './collector.js';
import { Normaliser } from './normalise.js';
import { DEFAULT_SEVERITY } from './route/classify.js';
import { Router } from './route/router.js';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Outbox } from './outbox/outbox.js';
import { createIntake } from './intake/index.js';

test('readings taken before the clock syncs are held, then corrected by the step and routed', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'collector-'));
  const outbox = new Outbox({ path: join(dir, 'outbox.db'), maxBytes: 1 << 20, maxEvents: 1000 });
  outbox.open();
  const intake = createIntake(outbox, { dataDir: dir, node: 'pi', groupCommitMs: 0, diskReserveBytes: 0 });
  let wall = 5_000; // booted in 1970, no RTC
  let mono = 0;
  const clock = new ClockTracker({ now: () => wall, monotonic: () => mono });
  const stored: Reading[] = [];
  const syncs: number[] = [];
  const router = new Router({ source: '/edge/pi', boot: 'b', windowMs: 300_000, warningBatchMs: 300_000 }, intake);
  const collector = new Collector({
    sources: [], normaliser: new Normaliser('b', () => clock.state()), clock,
    scorer: { score: () => ({ score: 0, reason: 'none' }) }, severity: DEFAULT_SEVERITY,
    store: { append: (r) => stored.push(r), close: () => {} }, router, intake,
    forwarder: { start: () => {}, stop: async () => {} }, unhealthy: () => false, tickMs: 1000,
    onClockSync: (s) => syncs.push(s.offsetMs),
  });
  intake.open(collector, collector.parts.store);
  clock.start();
  mono = wall = 65_000;
  await collector.readings([{ node: 'pi', sensor: 't', kind: 'temperature', value: 20, unit: '°C', ts: clock.stamp() }]);
  assert.equal(stored.length, 0, 'held while unsynced');
  const truth = Date.UTC(2026, 10, 23, 8, 0, 0);
  mono += 1000;
  wall = truth;
  collector.tick(wall);
  intake.commit();
  assert.equal(stored.length, 1);
  assert.equal(stored[0]!.ts, truth - 1000, 'corrected to when it was really taken');
  assert.equal(stored[0]!.clock, 'corrected');
  assert.deepEqual(syncs, [truth - 71_000], 'the studio is told the offset once (for what went beyond the hold)');
  collector.tick(wall + 1000);
  assert.equal(syncs.length, 1);
  await collector.readings([{ node: 'pi', sensor: 't', kind: 'temperature', value: 20, unit: '°C', ts: clock.stamp() }]);
  assert.equal(stored[1]!.clock, 'synced');
  outbox.close();
});
