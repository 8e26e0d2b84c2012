import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ungroundedNumbers } from './grounding.js';

test('numbers must come from tool results, at the precision written', () => {
  const tools = ['[{"value":22.46,"ts":"2026-11-23T10:00:00Z"},{"cpu_pct":82}]'];
  assert.deepEqual(ungroundedNumbers('It is 22.5°C in 2026, CPU at 82%, 3 nodes.', tools), []);
  assert.deepEqual(ungroundedNumbers('It is 23.1°C and humidity 41%', tools), ['23.1', '41']);
});
