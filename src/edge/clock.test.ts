import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ClockSyncSchema } from '../core/schemas.js';
import { ClockTracker, clockSyncEvent } from './clock.js';

test('a Pi booting in 1970 is unsynced; the NTP step gives the correction', () => {
  let wall = 1000; // 1970
  let mono = 0;
  const clock = new ClockTracker({ now: () => wall, monotonic: () => mono });
  clock.start();
  assert.equal(clock.state(), 'unsynced');
  mono += 60_000;
  wall += 60_000;
  assert.equal(clock.stamp(), 61_000);
  assert.equal(clock.poll(), undefined, 'no step yet');
  const truth = Date.UTC(2026, 10, 23, 10, 0, 0);
  wall = truth; // NTP steps the clock
  const offset = clock.poll();
  assert.equal(offset, truth - 61_000);
  assert.equal(clock.state(), 'synced');
  assert.equal(61_000 + offset!, truth, 'a reading stamped just before the sync lands on the true time');
});

test('a clock with a plausible year and no OS opinion is trusted; the OS flag wins when present', () => {
  const now = Date.UTC(2026, 10, 23);
  const trusted = new ClockTracker({ now: () => now, monotonic: () => 0 });
  trusted.start();
  assert.equal(trusted.state(), 'synced');
  let flag = false;
  const waiting = new ClockTracker({ now: () => now, monotonic: () => 0, osSynced: () => flag });
  waiting.start();
  assert.equal(waiting.state(), 'unsynced');
  flag = true;
  assert.equal(waiting.poll(), 0);
  assert.equal(waiting.state(), 'synced');
});

test('the sync names the unsynced range and offset; its event corrects a reading stamped in it to the true time', () => {
  let wall = 1000.25; // 1970, and performance.now() gives fractions
  let mono = 0;
  const clock = new ClockTracker({ now: () => wall, monotonic: () => mono });
  clock.start();
  assert.equal(clock.lastSync, undefined);
  mono += 30_000.5;
  const stamped = clock.stamp();
  mono += 30_000;
  const truth = Date.UTC(2026, 10, 23, 10, 0, 0);
  wall = truth;
  const offset = clock.poll()!;
  assert.deepEqual(clock.lastSync, { from: 1000.25, until: 61_000.75, offsetMs: offset, at: truth });
  const event = clockSyncEvent('pi-7', 'b1', clock.lastSync!);
  assert.equal(event.type, 'io.homelab.edge.clock');
  const data = ClockSyncSchema.parse(event.data);
  assert.ok(data.from <= stamped && stamped <= data.until, 'the range holds every stamp of the unsynced run');
  assert.ok(Math.abs(stamped + data.offset_ms - (truth - 30_000)) <= 1, 'corrected to when it was taken, within the rounding');
  assert.equal(clock.poll(), undefined, 'one sync, one correction');
});
