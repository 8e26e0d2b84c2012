import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { ROLLUP_MS } from './store.js';
import { COARSE_MS, splitBuckets } from './tiers.js';

const T0 = Date.UTC(2026, 10, 20);

test('splitBuckets: the parts cover exactly the 5-minute buckets a read counts, in order, the middle in whole coarse buckets', () => {
  fc.assert(fc.property(fc.integer({ min: -3 * COARSE_MS, max: 3 * COARSE_MS }), fc.integer({ min: 1, max: 8 * COARSE_MS }), (off, len) => {
    const from = T0 + off;
    const to = from + len;
    const split = splitBuckets(from, to);
    const covered: number[] = [];
    const add = (r: { from: number; to: number } | undefined, grain: number) => {
      if (!r) return;
      assert.equal(r.from % grain, 0);
      for (let b = r.from; b < r.to; b += ROLLUP_MS) covered.push(b);
    };
    add(split.head, ROLLUP_MS);
    if (split.coarse) {
      add(split.coarse, COARSE_MS);
      assert.equal(split.coarse.to % COARSE_MS, 0, 'the coarse part ends on a coarse boundary');
      assert.ok(split.coarse.to > split.coarse.from);
    }
    add(split.tail, ROLLUP_MS);
    const want: number[] = [];
    for (let b = Math.floor(from / ROLLUP_MS) * ROLLUP_MS; b < to; b += ROLLUP_MS) want.push(b);
    assert.deepEqual(covered, want);
  }), { numRuns: 2000 });
});

