import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { SeriesPoint, StudioStore } from '../store/store.js';
import { robustSpikes, StudioAnomalyScorer } from './spikes.js';

const MIN5 = 300_000;
const bucket = (i: number, mean: number, spread = 0.2, max = mean + spread, min = mean - spread): SeriesPoint => ({ node: 'pi-node-2', sensor: 't', kind: 'temperature', ts: i * MIN5, count: 5, mean, min, max });

describe('robustSpikes', () => {
  test('a one-reading 28 °C spike inside a 20 °C series is found by the bucket max, though its mean barely moves', () => {
    const points = Array.from({ length: 48 }, (_, i) => bucket(i, 20 + Math.sin(i / 10) * 0.3));
    points[30] = bucket(30, 21.6, 0.2, 28, 19.9);
    const found = robustSpikes(points);
    assert.deepEqual(found.map((a) => [a.ts, a.value, a.direction]), [[30 * MIN5, 28, 'high']]);
    assert.ok(found[0]!.z > 20 && Math.abs(found[0]!.baseline - 20.3) < 0.5);
  });

  test('a dip is found by the bucket min', () => {
    const points = Array.from({ length: 40 }, (_, i) => bucket(i, 45));
    points[20] = bucket(20, 44, 0.2, 45.2, 31);
    assert.deepEqual(robustSpikes(points).map((a) => [a.value, a.direction]), [[31, 'low']]);
  });

  test('a daily cycle and noise alone raise nothing (property over generated series)', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 1_000_000 }), fc.double({ min: 0.5, max: 4, noNaN: true }), (seed, amplitude) => {
      let s = seed;
      const rand = () => ((s = (s * 16807) % 2147483647) / 2147483647) - 0.5;
      const points = Array.from({ length: 288 }, (_, i) => {
        const mean = 21 + amplitude * Math.cos((i / 288) * 2 * Math.PI) + rand() * 0.2;
        return bucket(i, mean, 0.15 + Math.abs(rand()) * 0.1);
      });
      return robustSpikes(points).length === 0;
    }), { numRuns: 50 });
  });

  test('too few neighbours: nothing is judged', () => {
    assert.deepEqual(robustSpikes([bucket(0, 20), bucket(1, 40), bucket(2, 20)]), []);
  });
});

describe('StudioAnomalyScorer', () => {
  test('the same scope and range within the memory is not read again; past it, it is', async () => {
    let reads = 0;
    const points = Array.from({ length: 48 }, (_, i) => bucket(i, 20));
    points[30] = bucket(30, 21, 0.2, 28, 19.9);
    const store = { series: async () => { reads++; return points; } } as unknown as StudioStore;
    let now = 0;
    const scorer = new StudioAnomalyScorer(store, 60_000, 4, () => now);
    const range = { from: 0, to: 48 * MIN5 };
    assert.equal((await scorer.find({}, range)).length, 1);
    assert.equal((await scorer.find({}, range)).length, 1);
    assert.equal(reads, 1);
    now += 61_000;
    await scorer.find({}, range);
    assert.equal(reads, 2, 'expired');
    await scorer.find({ location: 'x' }, range);
    assert.equal(reads, 3, 'another scope is its own entry');
  });
});
