import { test } from 'node:test';
import assert from 'node:assert/strict';
import { envChoice, envNumber, envUrl } from './env.js';

test('envNumber falls back with a warning on garbage and out-of-range values', () => {
  const report = { warnings: [] as string[] };
  assert.equal(envNumber({ N: '30' }, 'N', 60, { min: 1 }, report), 30);
  assert.equal(envNumber({ N: 'sixty' }, 'N', 60, { min: 1 }, report), 60);
  assert.equal(envNumber({ N: '0' }, 'N', 60, { min: 1 }, report), 60);
  assert.equal(envNumber({}, 'N', 60, {}, report), 60);
  assert.equal(report.warnings.length, 2);
  assert.match(report.warnings[0]!, /N="sixty"/);
});

test('envUrl and envChoice warn and fall back', () => {
  const report = { warnings: [] as string[] };
  assert.equal(envUrl({ U: 'not a url' }, 'U', 'http://x', report), 'http://x');
  assert.equal(envUrl({ U: 'http://studio:8080' }, 'U', undefined, report), 'http://studio:8080');
  assert.equal(envChoice({ T: 'carrier-pigeon' }, 'T', ['http', 'amqp'] as const, 'http', report), 'http');
  assert.equal(report.warnings.length, 2);
});
