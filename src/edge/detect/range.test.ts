import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ValueRange } from './range.js';

test('values inside the range plus tolerance are not new; beyond it, excess is in range widths', () => {
  const r = new ValueRange(0.1, 0);
  for (const v of [10, 20, 15, 12]) r.learn(v, 15);
  assert.equal(r.excess(15), 0);
  assert.equal(r.excess(20.9), 0, 'within the 10 % tolerance');
  assert.ok(Math.abs(r.excess(31) - 1) < 1e-9, 'one width beyond the tolerance');
  assert.ok(Math.abs(r.excess(4) - 0.5) < 1e-9, 'below the range');
  assert.equal(new ValueRange(0.1, 0).excess(100), 0, 'no range yet');
});

test('the range is forgotten slowly towards the level', () => {
  const r = new ValueRange(0, 0.01);
  r.learn(0, 5);
  r.learn(10, 5);
  assert.equal(r.excess(9), 0);
  for (let i = 0; i < 500; i++) r.learn(5, 5);
  assert.ok(r.excess(9) > 0, 'after a long quiet spell, 9 is new territory again');
  assert.equal(r.excess(5), 0);
});
