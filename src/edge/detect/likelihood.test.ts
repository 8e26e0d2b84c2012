import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Likelihood } from './likelihood.js';

/** Deterministic noise in [0, 1). */
const noise = (i: number) => ((i * 7919) % 101) / 101;

test('a burst of surprise this series does not produce scores high evidence; its usual noise does not', () => {
  const l = new Likelihood(new Float64Array(Likelihood.slots(10)), 0, 10, 0.001, 0.01);
  let usualMax = 0;
  for (let i = 0; i < 3000; i++) {
    const avg = l.push(0.1 + 0.1 * noise(i));
    if (i > 500) usualMax = Math.max(usualMax, l.evidence(avg));
    l.learn(avg);
  }
  let burst = 0;
  for (let i = 0; i < 5; i++) {
    const avg = l.push(0.9);
    burst = Math.max(burst, l.evidence(avg));
    l.learn(avg);
  }
  assert.ok(usualMax < 4, `usual ${usualMax}`);
  assert.ok(burst > 10, `burst ${burst}`);
});

test('a series that is always surprising learns that (evidence is relative to its own history)', () => {
  const l = new Likelihood(new Float64Array(Likelihood.slots(10)), 0, 10, 0.001, 0.01);
  let late = 0;
  for (let i = 0; i < 3000; i++) {
    const avg = l.push(noise(i));
    if (i > 1000) late = Math.max(late, l.evidence(avg));
    l.learn(avg);
  }
  assert.ok(late < 4, `evidence ${late}`);
  assert.equal(new Likelihood(new Float64Array(Likelihood.slots(10)), 0, 10, 0.001, 0.01).evidence(1), 0, 'nothing learned: no evidence');
});
