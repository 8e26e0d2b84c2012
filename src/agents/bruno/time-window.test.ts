import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseTimeWindow } from './time-window.js';

const now = new Date(2026, 10, 23, 15, 30, 0).getTime(); // local 15:30
const H = 3_600_000;

test('relative windows: last hour, last 24 hours, past 3 days, compact 30d', () => {
  assert.deepEqual(parseTimeWindow('readings in the last hour', now), { from: now - H, to: now, label: 'the last hour', explicit: true });
  assert.equal(parseTimeWindow('Show me readings from the last 24 hours', now).from, now - 24 * H);
  assert.equal(parseTimeWindow('past three days', now).from, now - 72 * H);
  assert.equal(parseTimeWindow('anomalies 30d', now).from, now - 30 * 24 * H);
  assert.equal(parseTimeWindow('last 15 minutes', now).label, 'the last 15 minutes');
});

test('calendar windows: today, yesterday, this week, since 2pm', () => {
  const midnight = new Date(2026, 10, 23).getTime();
  assert.deepEqual([parseTimeWindow('coldest today', now).from, parseTimeWindow('coldest today', now).to], [midnight, now]);
  const y = parseTimeWindow('what about yesterday', now);
  assert.deepEqual([y.from, y.to], [new Date(2026, 10, 22).getTime(), midnight]);
  assert.equal(parseTimeWindow('this week', now).from, new Date(2026, 10, 23).getTime()); // Nov 23 2026 is a Monday
  assert.equal(parseTimeWindow('since 2pm', now).from, new Date(2026, 10, 23, 14, 0).getTime());
  assert.equal(parseTimeWindow('since 16:00', now).from, new Date(2026, 10, 22, 16, 0).getTime(), 'a time later than now means yesterday');
});

test('no window named: the fallback, marked not explicit', () => {
  const w = parseTimeWindow('show me sensor anomalies', now);
  assert.equal(w.explicit, false);
  assert.equal(w.from, now - 24 * H);
});
