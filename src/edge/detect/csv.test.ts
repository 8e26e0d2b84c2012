import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { detectCsv } from './csv.js';

test('one output row per input row, timestamps verbatim, scores in [0, 1]', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'detect-'));
  const rows = Array.from({ length: 600 }, (_, i) => `2014-04-01 ${String(Math.floor(i / 60) % 24).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}:00,${i === 500 ? 90 : 20 + (i % 5) / 10}`);
  writeFileSync(join(dir, 'in.csv'), `timestamp,value\n${rows.join('\n')}\n`);
  const result = await detectCsv(join(dir, 'in.csv'), join(dir, 'out.csv'));
  const out = readFileSync(join(dir, 'out.csv'), 'utf8').trim().split('\n');
  assert.equal(result.rows, 600);
  assert.equal(out[0], 'timestamp,value,anomaly_score');
  assert.equal(out.length, 601);
  assert.equal(out[1]!.split(',')[0], '2014-04-01 00:00:00');
  const scores = out.slice(1).map((l) => Number(l.split(',')[2]));
  assert.ok(scores.every((s) => s >= 0 && s <= 1));
  assert.equal(scores.indexOf(Math.max(...scores)), 500, 'the spike row scores highest');
});

test('a bad row is a clear error naming its line', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'detect-'));
  writeFileSync(join(dir, 'bad.csv'), 'timestamp,value\n2014-04-01 00:00:00,1\n2014-04-01 00:05:00,abc\n');
  await assert.rejects(detectCsv(join(dir, 'bad.csv'), join(dir, 'o.csv')), /bad\.csv:3: value "abc" is not a number/);
  writeFileSync(join(dir, 'hdr.csv'), 'time,val\n');
  await assert.rejects(detectCsv(join(dir, 'hdr.csv'), join(dir, 'o.csv')), /header must be "timestamp,value"/);
});
