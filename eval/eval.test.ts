import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runEval } from './run.js';

test('bruno without a model answers at least 95 % of the evaluation set right, every intent ≥ 80 %', { timeout: 120_000 }, async () => {
  const r = await runEval();
  assert.ok(r.total >= 200, `${r.total} questions`);
  assert.ok(r.passed / r.total >= 0.95, `${r.passed}/${r.total}\n${r.failures.slice(0, 5).join('\n')}`);
  assert.deepEqual(r.ungrounded, [], 'every number in every answer is in its data');
  for (const [intent, s] of r.perIntent) assert.ok(s.pass / s.total >= 0.8, `${intent}: ${s.pass}/${s.total}`);
});
