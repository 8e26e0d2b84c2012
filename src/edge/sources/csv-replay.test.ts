import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CsvReplaySource, parseCsvTime } from './csv-replay.js';
import type { Sample, SourceSink } from './source.js';

test('replays every good row in order and reports the bad one with its line', async () => {
  const path = join(mkdtempSync(join(tmpdir(), 'csv-')), 'series.csv');
  writeFileSync(path, 'timestamp,value\n2014-04-01 00:00:00,21.5\n2014-04-01 00:05:00,oops\n2014-04-01 00:10:00,22.0\n1396311000000,22.5\n');
  const got: Sample[] = [];
  const bad: string[] = [];
  const sink: SourceSink = { readings: async (s) => { got.push(...s); }, health: () => {}, malformed: (_s, r) => bad.push(r) };
  const src = new CsvReplaySource({ path, node: 'pi-node-1', sensor: 'machine', kind: 'temperature', unit: '°C', speed: 0 });
  await src.start(sink);
  await src.finished();
  assert.deepEqual(got.map((s) => s.value), [21.5, 22, 22.5]);
  assert.equal(got[0]!.ts, Date.UTC(2014, 3, 1, 0, 0, 0));
  assert.equal(bad.length, 1);
  assert.match(bad[0]!, /series\.csv:3/);
  assert.equal(parseCsvTime('2014-04-01T00:05:00Z'), Date.UTC(2014, 3, 1, 0, 5));
});
