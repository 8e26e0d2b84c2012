import { test } from 'node:test';
import assert from 'node:assert/strict';
import { logNormalTail, squash } from './stats.js';

test('log normal tail matches known quantiles and stays finite far out', () => {
  assert.ok(Math.abs(logNormalTail(0) - Math.log(0.5)) < 1e-6);
  assert.ok(Math.abs(logNormalTail(1.6449) - Math.log(0.05)) < 1e-4);
  assert.ok(Math.abs(logNormalTail(4.2649) - Math.log(1e-5)) < 1e-3);
  assert.ok(Math.abs(logNormalTail(-1.6449) - Math.log(0.95)) < 1e-5);
  assert.ok(Number.isFinite(logNormalTail(60)) && logNormalTail(60) < logNormalTail(50));
});

test('squash is 0 at no evidence, monotone and below 1', () => {
  assert.equal(squash(0, 4), 0);
  assert.equal(squash(-3, 4), 0);
  assert.ok(squash(2, 4) < squash(3, 4));
  assert.ok(squash(1000, 4) <= 1);
});
