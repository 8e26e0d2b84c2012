import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { createDetector } from './detector.js';

const STEP = 5 * 60_000;

/** A series with a daily cycle, noise, and optional planted spikes and shifts (varied by fast-check). */
const seriesArb = fc.record({
  n: fc.integer({ min: 200, max: 1400 }),
  cut: fc.double({ min: 0.05, max: 0.95, noNaN: true }),
  base: fc.double({ min: -20, max: 500, noNaN: true }),
  amp: fc.double({ min: 0, max: 20, noNaN: true }),
  noise: fc.double({ min: 0, max: 3, noNaN: true }),
  spikes: fc.array(fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: -100, max: 100, noNaN: true })), { maxLength: 4 }),
  seed: fc.integer({ min: 1, max: 1e6 }),
});

function values(s: { n: number; base: number; amp: number; noise: number; spikes: [number, number][]; seed: number }): number[] {
  let a = s.seed;
  const rand = () => ((a = (a * 16807) % 2147483647) / 2147483647);
  const out = Array.from({ length: s.n }, (_, i) => s.base + s.amp * Math.sin((2 * Math.PI * i) / 288) + s.noise * (rand() - 0.5));
  for (const [at, d] of s.spikes) out[Math.floor(at * (s.n - 1))]! += d;
  return out;
}

test('a snapshot taken anywhere, restored to continue, scores the rest exactly as the detector that kept running (also through JSON)', () => {
  fc.assert(fc.property(seriesArb, (s) => {
    const v = values(s);
    const cut = Math.floor(s.cut * s.n);
    const whole = createDetector();
    const all = v.map((x, i) => whole.score('k', i * STEP, x).score);
    const first = createDetector();
    v.slice(0, cut).forEach((x, i) => first.score('k', i * STEP, x));
    const state = JSON.parse(JSON.stringify(first.snapshot('k'))) as ReturnType<typeof first.snapshot>;
    const resumed = createDetector();
    resumed.restore('k', state!, false);
    const rest = v.slice(cut).map((x, i) => resumed.score('k', (cut + i) * STEP, x).score);
    assert.deepEqual(rest, all.slice(cut));
  }), { numRuns: 60 });
});

test('a fresh restore (a deployed baseline) skips probation and does not judge the gap since training as a step', () => {
  const d = createDetector();
  for (let i = 0; i < 288 * 3; i++) d.score('t', i * STEP, 20 + Math.sin((2 * Math.PI * i) / 288) + ((i * 7919) % 13) / 100);
  const node = createDetector();
  node.restore('t', d.snapshot('t')!);
  // Six hours later the level moved along the daily cycle: an ordinary value, not a jump.
  const later = 288 * 3 + 72;
  const r = node.score('t', later * STEP, 20 + Math.sin((2 * Math.PI * later) / 288) + 0.05);
  assert.ok(r.score < 0.45, `ordinary reading after the gap scored ${r.score}`);
  const spike = node.score('t', (later + 1) * STEP, 35);
  assert.ok(spike.score >= 0.5, `a spike right after deployment scored ${spike.score} (no probation)`);
  const cold = createDetector();
  assert.equal(cold.score('t', 0, 20).score, 0);
  assert.equal(cold.score('t', STEP, 35).score, 0, 'a cold detector is still in probation');
});

test('a state from another configuration is refused with a reason', () => {
  const d = createDetector();
  for (let i = 0; i < 50; i++) d.score('a', i * STEP, i);
  const other = createDetector({ profileBuckets: 48 });
  assert.throws(() => other.restore('a', d.snapshot('a')!), /buckets/);
  assert.throws(() => createDetector({ shortWindow: 5 }).restore('a', d.snapshot('a')!), /surprise slots/);
});
