import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ClockTracker } from './clock.js';

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
