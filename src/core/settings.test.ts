import { test } from 'node:test';
import assert from 'node:assert/strict';
import { boolean, duration, durationText, integerIn, numberIn, oneOf, parseDurationText, port, settingProblem, text, url } from './settings.js';

test('numbers: finite decimal text within the range only', () => {
  const n = numberIn(0.01, 3600);
  assert.equal(n.read('0.5'), 0.5);
  assert.equal(n.read(' 60 '), 60);
  assert.equal(n.read('1e3'), 1000);
  for (const bad of ['', 'abc', 'NaN', 'Infinity', '0x10', '0', '3601', '-5', '5s', '1,5']) assert.equal(n.read(bad), undefined, bad);
  assert.equal(integerIn(1, 10).read('2.5'), undefined);
  assert.equal(integerIn(1, 10).read('10'), 10);
});

test('ports, booleans, durations, URLs, choices and text', () => {
  assert.equal(port.read('0'), 0);
  assert.equal(port.read('65535'), 65535);
  assert.equal(port.read('65536'), undefined);
  assert.equal(port.read('80.5'), undefined);
  for (const t of ['1', 'true', 'YES', 'on']) assert.equal(boolean.read(t), true, t);
  for (const f of ['0', 'false', 'No', 'off']) assert.equal(boolean.read(f), false, f);
  assert.equal(boolean.read('maybe'), undefined);
  assert.equal(parseDurationText('1.5h'), 5_400_000);
  assert.equal(parseDurationText('250ms'), 250);
  assert.equal(parseDurationText('5'), undefined, 'a bare number has no unit');
  assert.equal(parseDurationText('9'.repeat(30) + 'd'), undefined, 'beyond safe integers');
  assert.equal(duration(60_000, 86_400_000).read('30s'), undefined);
  assert.equal(duration(60_000, 86_400_000).read('24h'), 86_400_000);
  assert.equal(durationText(86_400_000), '1d');
  assert.equal(durationText(90_000), '90s');
  assert.equal(url(['http:', 'https:']).read('http://studio:8080'), 'http://studio:8080');
  assert.equal(url(['http:', 'https:']).read('ftp://x'), undefined);
  assert.equal(url().read('not a url'), undefined);
  assert.equal(oneOf(['http', 'amqp'] as const).read('amqp'), 'amqp');
  assert.equal(oneOf(['http', 'amqp'] as const).read('pigeon'), undefined);
  assert.equal(text(5).read('abcdef'), undefined);
  assert.equal(text(5).read('a\u0000b'), undefined);
});

test('a refused value is named with the setting and what it accepts', () => {
  assert.equal(settingProblem('PORT', 'abc', port), 'PORT="abc" is not a port: an integer in [0, 65535] (0 = any free port)');
  assert.match(settingProblem('X', 'y'.repeat(500), text()), /^X="y{200}…" is not/);
});
