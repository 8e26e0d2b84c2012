import { test } from 'node:test';
import assert from 'node:assert/strict';
import { syntheticFiles } from './synthetic.js';

const files = syntheticFiles();

test('three families of eight files, deterministic for a seed, different for another', () => {
  assert.deepEqual([...new Set(files.map((f) => f.name.split('/')[0]))], ['synthCounts', 'synthCosts', 'synthTraffic']);
  assert.equal(files.length, 24);
  assert.deepEqual(syntheticFiles()[5]!.values, files[5]!.values);
  assert.notDeepEqual(syntheticFiles(8, 18)[5]!.values, files[5]!.values);
});

test('rows are in time order with finite values; counts are non-negative integers', () => {
  for (const f of files) {
    assert.equal(f.values.length, f.ms.length);
    assert.ok(f.ms.every((t, i) => i === 0 || t > f.ms[i - 1]!), `${f.name} time order`);
    assert.ok(f.values.every(Number.isFinite), `${f.name} finite`);
    assert.equal(Date.parse(`${f.timestamps[0]!.replace(' ', 'T')}Z`), f.ms[0]);
  }
  for (const f of files.filter((x) => x.name.startsWith('synthCounts/'))) assert.ok(f.values.every((v) => v >= 0 && Number.isInteger(v)), f.name);
});

test('windows follow NAB: one per anomaly, 10 % of the rows shared, after the probation, apart', () => {
  for (const f of files) {
    const n = f.values.length;
    assert.ok(f.windows.length >= 1 && f.windows.length <= 3, f.name);
    const width = Math.floor((0.1 * n) / f.windows.length / 2) * 2 + 1;
    for (const [l, r] of f.windows) {
      assert.ok(Math.abs(r - l + 1 - width) <= 1, `${f.name}: width ${r - l + 1} vs ${width}`);
      assert.ok(l >= Math.floor(0.15 * n), `${f.name}: window before the probation ends`);
    }
    f.windows.forEach(([l], k) => { if (k > 0) assert.ok(l > f.windows[k - 1]![1], `${f.name}: windows overlap`); });
  }
});
