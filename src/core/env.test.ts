import { test } from 'node:test';
import assert from 'node:assert/strict';
import { envBoolean, envChoice, envDuration, envInteger, envNumber, envPort, envUrl } from './env.js';

test('envNumber falls back with a warning on garbage and out-of-range values', () => {
  const report = { warnings: [] as string[] };
  assert.equal(envNumber({ N: '30' }, 'N', 60, { min: 1 }, report), 30);
  assert.equal(envNumber({ N: 'sixty' }, 'N', 60, { min: 1 }, report), 60);
  assert.equal(envNumber({ N: '0' }, 'N', 60, { min: 1 }, report), 60);
  assert.equal(envNumber({}, 'N', 60, {}, report), 60);
  assert.equal(report.warnings.length, 2);
  assert.equal(report.warnings[0], 'N="sixty" is not a number in [1, ∞]; using 60');
});

test('envUrl and envChoice warn and fall back', () => {
  const report = { warnings: [] as string[] };
  assert.equal(envUrl({ U: 'not a url' }, 'U', 'http://x', report), 'http://x');
  assert.equal(envUrl({ U: 'http://studio:8080' }, 'U', undefined, report), 'http://studio:8080');
  assert.equal(envUrl({ U: 'mqtt://broker' }, 'U', undefined, report, ['http:']), undefined);
  assert.equal(envChoice({ T: 'carrier-pigeon' }, 'T', ['http', 'amqp'] as const, 'http', report), 'http');
  assert.equal(report.warnings.length, 3);
  assert.match(report.warnings[1]!, /^U="mqtt:\/\/broker" is not a URL starting http:\/\/; using none$/);
});

test('ports, booleans, integers and durations: each bad value names the variable, the value, the range and the default', () => {
  const report = { warnings: [] as string[] };
  const env = { PORT: 'abc', FLAG: 'maybe', N: '2.5', EVERY: '5', OK: 'yes', D: '90m' };
  assert.equal(envPort(env, 'PORT', 8080, report), 8080);
  assert.equal(envBoolean(env, 'FLAG', false, report), false);
  assert.equal(envBoolean(env, 'OK', false, report), true);
  assert.equal(envInteger(env, 'N', 7, { min: 1, max: 100 }, report), 7);
  assert.equal(envDuration(env, 'EVERY', undefined, { minMs: 60_000 }, report), undefined);
  assert.equal(envDuration(env, 'D', undefined, { minMs: 60_000 }, report), 5_400_000);
  assert.deepEqual(report.warnings, [
    'PORT="abc" is not a port: an integer in [0, 65535] (0 = any free port); using 8080',
    'FLAG="maybe" is not a boolean (1/true/yes/on or 0/false/no/off); using off',
    'N="2.5" is not an integer in [1, 100]; using 7',
    'EVERY="5" is not a duration like 30s, 5m, 24h or 7d, at least 1m; using none',
  ]);
});
