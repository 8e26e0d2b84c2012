import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CountModel } from './counts.js';
import { createDetector } from './detector.js';

/** Small counts with a burst every 50 readings (deterministic). */
function bursty(c: CountModel, n: number, burst = 60): void {
  for (let i = 0; i < n; i++) c.learn(i % 50 === 0 ? burst : 3 + (i % 5));
}

test('a burst of a size the series often makes is counted as ordinary; one far beyond its tail is not', () => {
  const c = new CountModel();
  bursty(c, 2000);
  const seen = c.ordinary(60)!;
  // 40 bursts in 2000 readings, the window is not yet full: every one of them counts.
  assert.ok(seen > 30 && seen <= 45, `a burst to 60 was seen ${seen} times`);
  assert.ok(c.ordinary(5)! > c.ordinary(7)!, 'the tail count falls with the value');
  const record = c.ordinary(70)!;
  const far = c.ordinary(5000)!;
  assert.ok(record < seen, `a record just above the bursts (${record}) is rarer than the bursts`);
  assert.ok(far < 0.01 * record, `a reading 80 times the bursts (${far}) is far rarer than a near record (${record})`);
});

test('the model says nothing before it has seen enough, for fractions, negatives, large medians or a series that barely moves', () => {
  const young = new CountModel();
  bursty(young, 299);
  assert.equal(young.ordinary(60), undefined, 'fewer readings than needed');
  const fraction = new CountModel();
  bursty(fraction, 1000);
  fraction.learn(2.5);
  bursty(fraction, 1000);
  assert.equal(fraction.ordinary(60), undefined, 'one fractional reading switches it off for good');
  const negative = new CountModel();
  bursty(negative, 1000);
  negative.learn(-1);
  assert.equal(negative.ordinary(60), undefined);
  const bytes = new CountModel();
  for (let i = 0; i < 1000; i++) bytes.learn(50_000 + (i % 7) * 9000);
  assert.equal(bytes.ordinary(200_000), undefined, 'a median of 50 000 is a quantity, not a count of events');
  const flat = new CountModel();
  for (let i = 0; i < 1000; i++) flat.learn(20);
  assert.equal(flat.ordinary(80), undefined, 'a constant series is not judged as a count');
  const speed = new CountModel();
  for (let i = 0; i < 1000; i++) speed.learn(60 + (i % 17) - (i % 288 < 30 ? 25 : 0));
  assert.equal(speed.ordinary(90), undefined, 'a speed rounded to whole km/h (never three times its median) is not a count');
});

test('readings kept out of the tails (inside an alarm) still switch the model off when they are not counts', () => {
  const c = new CountModel();
  bursty(c, 1000);
  const before = c.ordinary(60)!;
  for (let i = 0; i < 500; i++) c.learn(60, false);
  assert.equal(c.ordinary(60), before, 'unremembered readings do not enter the tail');
  c.learn(0.5, false);
  assert.equal(c.ordinary(60), undefined);
});

test('a state taken and restored answers exactly as the model that kept running; a state of another size is refused', () => {
  const a = new CountModel();
  bursty(a, 1500);
  const b = new CountModel();
  b.restore(JSON.parse(JSON.stringify(a.snapshot())) as ReturnType<CountModel['snapshot']>);
  bursty(a, 700, 90);
  bursty(b, 700, 90);
  for (const v of [0, 6, 60, 90, 91, 400]) assert.equal(b.ordinary(v), a.ordinary(v));
  assert.throws(() => new CountModel().restore({ ...a.snapshot(), bins: [1, 2] }), /bins/);
});

test('the forgetting weights are rescaled without changing the answer (a long-running series)', () => {
  const c = new CountModel();
  // 1e30 is passed after about 276 000 readings: run past it (twice) and check the tail is still sane.
  for (let i = 0; i < 600_000; i++) c.learn(i % 50 === 0 ? 60 : 3 + (i % 5));
  const seen = c.ordinary(60)!;
  assert.ok(Number.isFinite(seen) && Math.abs(seen - 80) < 2, `in a full window of 4000, 80 bursts; got ${seen}`);
});

test('a bursty count series: a new record its own tail makes ordinary scores below one far beyond it', () => {
  const d = createDetector();
  const off = createDetector({ countOrdinary: 0 });
  const STEP = 5 * 60_000;
  let seed = 7;
  const rand = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
  // Small counts with frequent heavy-tailed bursts, growing records now and then.
  const v: number[] = [];
  for (let i = 0; i < 6000; i++) v.push(Math.round(3 * rand() + (rand() < 0.02 ? 40 * Math.pow(rand(), -0.7) : 0)));
  v.forEach((x, i) => { d.score('c', i * STEP, x); off.score('c', i * STEP, x); });
  const max = Math.max(...v);
  const near = d.score('c', 6000 * STEP, Math.round(max * 1.3)).score;
  const nearOff = off.score('c', 6000 * STEP, Math.round(max * 1.3)).score;
  assert.ok(near < nearOff, `the count model damps a near record (${near} against ${nearOff} without it)`);
  d.reset('c');
  v.forEach((x, i) => d.score('c', i * STEP, x));
  assert.ok(d.score('c', 6000 * STEP, max * 50).score >= 0.5, 'a reading 50 times the largest burst still alarms');
});
