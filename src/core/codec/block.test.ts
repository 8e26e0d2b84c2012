import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeBlock, detectDecimals, encodeBlock, type BlockPoints } from './block.js';
import { ByteReader, ByteWriter } from './bytes.js';

const roundTrip = (p: BlockPoints) => {
  const b = encodeBlock(p);
  assert.deepEqual(decodeBlock(b.data, b.tMin), p);
  return b;
};

test('varints and zigzag survive 53-bit magnitudes of either sign', () => {
  const xs = [0, 1, -1, 63, -64, 127, 128, -129, 2 ** 40 + 3, -(2 ** 51), 2 ** 52 - 1, 1_767_225_600_000];
  const w = new ByteWriter();
  xs.forEach((x) => w.signed(x));
  const r = new ByteReader(w.finish());
  assert.deepEqual(xs.map(() => r.signed()), xs);
  assert.ok(r.done);
});

test('resolution is the coarsest that is lossless, float64 when none is', () => {
  assert.equal(detectDecimals([21, -3, 0]), 0);
  assert.equal(detectDecimals([21.3, 21.4, -0.5, 1013.2]), 1);
  assert.equal(detectDecimals([0.25, 1.5]), 2);
  assert.equal(detectDecimals([0.1 + 0.2]), -1); // 0.30000000000000004 is not 0.3
  assert.equal(detectDecimals([Math.PI]), -1);
  assert.equal(detectDecimals([-0]), -1);
});

test('regular 1 Hz data at 0.1 costs about a byte per reading, exactly', () => {
  const t0 = Date.UTC(2026, 10, 1);
  const ts = Array.from({ length: 300 }, (_, i) => t0 + i * 1000);
  const values = ts.map((_, i) => Number((21 + Math.sin(i / 40) * 0.8 + ((i * 7) % 3) * 0.1).toFixed(1)));
  const b = roundTrip({ ts, values, marks: [] });
  assert.equal(b.decimals, 1);
  assert.ok(b.data.length < 300 * 1.5, `${b.data.length} bytes for 300 readings`);
});

test('negative values, irregular and out-of-order timestamps, marks', () => {
  roundTrip({
    ts: [5000, 5003, 6010, 5990, 9000, 9000, 100_000],
    values: [-12.5, -12.4, 0, 3.1, -40, 85.2, 7],
    marks: [{ index: 1, level: 2, score: 0.97 }, { index: 5, level: 1, score: 0.61234 }],
  });
});

test('non-quantised floats and fractional timestamps fall back to float64, still exact', () => {
  const b = roundTrip({ ts: [1.5, 2.25, 1000], values: [Math.PI, -Math.E, 1e-12], marks: [] });
  assert.equal(b.decimals, -1);
  roundTrip({ ts: [1], values: [Number.MAX_VALUE], marks: [] });
});

test('a truncated block throws instead of decoding garbage', () => {
  const b = encodeBlock({ ts: [1000, 2000, 3500], values: [1.1, 2.2, 3.3], marks: [{ index: 2, level: 2, score: 1 }] });
  assert.throws(() => decodeBlock(b.data.subarray(0, b.data.length - 3), b.tMin), /truncated/);
});
