import { test } from 'node:test';
import assert from 'node:assert/strict';
import { StuckRun } from './stuck.js';

test('a varying sensor that repeats one value for long is stuck', () => {
  const s = new StuckRun(30, 3, 1e-4);
  for (let i = 0; i < 500; i++) s.learn(i % 7);
  for (let i = 0; i < 29; i++) s.learn(3.5);
  assert.equal(s.evidence(), 0, '29 repeats: below the minimum run');
  s.learn(3.5);
  assert.equal(s.evidence(), 1, 'exactly the minimum run');
  for (let i = 0; i < 30; i++) s.learn(3.5);
  assert.equal(s.evidence(), 2, 'twice the needed run');
});

test('a sensor that habitually repeats values needs a run far longer than its habit', () => {
  const s = new StuckRun(30, 3, 1e-4);
  for (let k = 0; k < 20; k++) for (let i = 0; i < 40; i++) s.learn(k % 2); // runs of 40
  for (let i = 0; i < 100; i++) s.learn(7);
  assert.equal(s.evidence(), 0, '100 < 3 × 40');
  for (let i = 0; i < 30; i++) s.learn(7);
  assert.ok(s.evidence() > 0);
});
