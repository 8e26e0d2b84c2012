import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readingsOf } from './forwarder.js';

test('readingsOf counts a reading batch\'s readings and an aggregate\'s series counts; other events carry none', () => {
  assert.equal(readingsOf(JSON.stringify({ data: { readings: [{}, {}, {}] } })), 3);
  assert.equal(readingsOf(JSON.stringify({ data: { series: [{ count: 4 }, { count: 6 }] } })), 10);
  assert.equal(readingsOf(JSON.stringify({ data: { cpu_pct: 3 } })), 0);
  assert.equal(readingsOf('not json'), 0);
});
