import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { downsample, round7, type SourcePoint } from './downsample.js';

const raw = (ts: number, v: number): SourcePoint => ({ ts, count: 1, sum: v, min: v, max: v });

test('a single spike among 100 000 flat readings survives at every width', () => {
  const points = Array.from({ length: 100_000 }, (_, i) => raw(i * 1000, i === 73_421 ? 95 : 20));
  for (const width of [1, 7, 300, 800, 4000]) {
    const out = downsample(points, 0, 100_000_000, width);
    assert.ok(out.ts.length <= width);
    assert.equal(Math.max(...out.max), 95, `width ${width}`);
    assert.equal(Math.min(...out.min), 20);
    assert.equal(out.count.reduce((a, b) => a + b), 100_000, 'every reading counted once');
  }
});

test('times strictly increase, stay in range, and a lone point keeps its own time', () => {
  const points = [raw(5_000, 1), raw(6_000, 2), raw(999_999, 3), raw(400_123, 4)];
  const out = downsample(points, 0, 1_000_000, 10);
  assert.deepEqual(out.count, [2, 1, 1]);
  assert.equal(out.ts[0], 50_000, 'two points: the bucket middle');
  assert.equal(out.ts[1], 400_123, 'one point: its own time');
  assert.equal(out.ts[2], 999_999);
  for (let i = 1; i < out.ts.length; i++) assert.ok(out.ts[i]! > out.ts[i - 1]!);
  assert.equal(out.mean[0], 1.5);
});

test('means are weighted by count; points outside [from, to) are dropped', () => {
  const out = downsample([
    { ts: 10, count: 3, sum: 30, min: 5, max: 15 }, { ts: 20, count: 1, sum: 50, min: 50, max: 50 },
    raw(-1, 1000), raw(100, 1000),
  ], 0, 100, 1);
  assert.deepEqual(out, { ts: [50], mean: [20], min: [5], max: [50], count: [4] });
});

test('no points, or only empty ones, give empty columns', () => {
  assert.deepEqual(downsample([], 0, 10, 5).ts, []);
  assert.deepEqual(downsample([{ ts: 1, count: 0, sum: 0, min: 0, max: 0 }], 0, 10, 5).ts, []);
});

test('round7 keeps seven significant digits as toPrecision(7) does, within one unit of the seventh digit, and prints short', () => {
  fc.assert(fc.property(fc.double({ noNaN: true, min: -1e12, max: 1e12 }), (x) => {
    const fast = round7(x);
    const exact = Number(x.toPrecision(7));
    const unit = x === 0 ? 0 : 10 ** (Math.floor(Math.log10(Math.abs(x))) - 6);
    assert.ok(Math.abs(fast - exact) <= unit * 1.000001, `${x}: ${fast} vs ${exact}`);
    const digits = String(Math.abs(fast)).replace(/e.*/, '').replace('.', '').replace(/^0+/, '').replace(/0+$/, '');
    assert.ok(digits.length <= 7, `${fast} prints at most 7 significant digits`);
  }), { numRuns: 5000, seed: 7 });
  for (const [x, want] of [[20.123456789, 20.12346], [-3.14159265, -3.141593], [1234567.89, 1234568], [0.000123456789, 0.0001234568], [0, 0]] as const) assert.equal(round7(x), want);
});
