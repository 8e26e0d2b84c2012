import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PERIOD, SeasonalProfile } from './seasonal.js';

const HOUR = 3_600_000;
const daily = (ts: number) => 20 + 5 * Math.sin((2 * Math.PI * (ts % PERIOD.day)) / PERIOD.day);

test('learns a daily cycle and predicts it between bucket centres', () => {
  const p = new SeasonalProfile(PERIOD.day, new Float32Array(96).fill(NaN), 0.2, 0.01, 2);
  const t0 = Date.UTC(2024, 0, 1);
  assert.equal(p.ready(t0 + HOUR), false, 'nothing learned yet');
  for (let ts = t0; ts < t0 + 3 * PERIOD.day; ts += 5 * 60_000) p.learn(ts, daily(ts), 0.01);
  const at = t0 + 3 * PERIOD.day + 7 * HOUR + 7 * 60_000;
  assert.equal(p.ready(at), true);
  assert.ok(Math.abs(p.expected(at) - daily(at)) < 0.05, `${p.expected(at)} vs ${daily(at)}`);
  assert.ok(p.dev < 0.1, `residual spread ${p.dev}`);
});

test('not trusted before two cycles; a level change moves the whole curve through the bias', () => {
  const p = new SeasonalProfile(PERIOD.day, new Float32Array(48).fill(NaN), 0.2, 0.05, 2);
  const t0 = Date.UTC(2024, 0, 1);
  for (let ts = t0; ts < t0 + 1.5 * PERIOD.day; ts += 10 * 60_000) p.learn(ts, daily(ts), 0.01);
  assert.equal(p.ready(t0 + 1.5 * PERIOD.day), false);
  let ts = t0 + 1.5 * PERIOD.day;
  for (; ts < t0 + 4 * PERIOD.day; ts += 10 * 60_000) p.learn(ts, daily(ts), 0.01);
  for (let i = 0; i < 120; i++, ts += 10 * 60_000) p.learn(ts, daily(ts) + 3, 0.01);
  assert.ok(Math.abs(p.expected(ts) - (daily(ts) + 3)) < 0.5, `${p.expected(ts)} vs ${daily(ts) + 3}`);
});
