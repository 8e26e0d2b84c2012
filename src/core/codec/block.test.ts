import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeBlock, detectDecimals, encodeBlock, type BlockPoints, type EncodeOptions } from './block.js';

const ALL: EncodeOptions = { timestampUnit: true, xor: true };
import { ByteReader, ByteWriter } from './bytes.js';

const roundTrip = (p: BlockPoints, options: EncodeOptions = {}) => {
  const b = encodeBlock(p, options);
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

test('whole-second timestamps cost their step in seconds, not milliseconds', () => {
  const t0 = Date.UTC(2026, 10, 1);
  const jitter = [0, 1, 0, 2, 1, 1, 0, 3];
  const ts = Array.from({ length: 400 }, (_, i) => t0 + (i * 5 + jitter[i % 8]!) * 1000);
  const values = ts.map(() => 20);
  const b = roundTrip({ ts, values, marks: [] }, ALL);
  assert.ok(encodeBlock({ ts, values, marks: [] }).data.length > 400 * 1.9, 'two bytes each without the unit');
  // Delta-of-deltas of ±1–3 units: one byte each (they were two at ±1000–3000 ms).
  assert.ok(b.data.length < 400 * 1.1, `${b.data.length} bytes`);
  roundTrip({ ts: [t0 + 7000, t0, t0 + 3500, t0 + 3500], values: [1, 2, 3, 4], marks: [] }, ALL);
});

test('floats no resolution fits are XOR-coded: exact, and repeats cost one byte', () => {
  const values = Array.from({ length: 200 }, (_, i) => 21 + Math.sin(i / 10) / 3);
  const ts = values.map((_, i) => 1000 * i);
  const b = roundTrip({ ts, values, marks: [] }, ALL);
  assert.equal(b.decimals, -1);
  assert.ok(b.data.length < 200 * 8, `${b.data.length} bytes is under raw float64`);
  const same = roundTrip({ ts, values: ts.map(() => Math.PI), marks: [] }, ALL);
  assert.ok(same.data.length <= 9 + 199 + 12, `${same.data.length} bytes`);
  roundTrip({ ts: [1, 2, 3, 4, 5], values: [-0, 0, Number.MIN_VALUE, -Number.MAX_VALUE, 1e-300], marks: [] }, ALL);
  let seed = 7;
  const noise = ts.map(() => { seed = (seed * 16807) % 2147483647; return seed / 3; });
  assert.ok(roundTrip({ ts, values: noise, marks: [] }, ALL).data.length <= roundTrip({ ts, values: noise, marks: [] }).data.length,
    'never larger than raw float64');
});

test('DEFLATE on request: smaller for long blocks, exact, and a corrupt one throws', () => {
  const t0 = Date.UTC(2026, 10, 1);
  const ts = Array.from({ length: 4000 }, (_, i) => t0 + Math.floor(i / 3) * 1000);
  const values = ts.map((_, i) => Number((20 + ((i * 7) % 13) / 10).toFixed(1)));
  const plain = encodeBlock({ ts, values, marks: [] });
  const packed = encodeBlock({ ts, values, marks: [{ index: 5, level: 2, score: 0.5 }] }, { ...ALL, deflate: true });
  assert.ok(packed.data.length < plain.data.length / 2, `${packed.data.length} vs ${plain.data.length} bytes`);
  assert.deepEqual(decodeBlock(packed.data, packed.tMin), { ts, values, marks: [{ index: 5, level: 2, score: 0.5 }] });
  const tiny = encodeBlock({ ts: [1], values: [1], marks: [] }, { deflate: true });
  assert.equal(decodeBlock(tiny.data, tiny.tMin).values[0], 1, 'kept plain when DEFLATE does not pay');
  const broken = Buffer.from(packed.data);
  broken[10] = broken[10]! ^ 0xff;
  assert.throws(() => decodeBlock(broken.subarray(0, 40), packed.tMin), /corrupt block/);
});

test('blocks written before timestamp units, XOR and DEFLATE still decode', () => {
  // Bytes the first codec wrote (commit 3701458): a 1-decimal block, and a float64 block with a mark.
  const quantised = Buffer.from([4, 3, 0, 208, 15, 0, 0, 170, 3, 2, 1, 0]);
  assert.deepEqual(decodeBlock(quantised, 1000), { ts: [1000, 2000, 3000], values: [21.3, 21.4, 21.3], marks: [] });
  const floats = Buffer.from([1, 3, 0, 6, 216, 15, 24, 45, 68, 84, 251, 33, 9, 64, 141, 237, 181, 160, 247, 198, 144, 190, 0, 0, 0, 0, 0, 0, 240, 63, 1, 1, 2, 0, 0, 0, 0, 0, 0, 232, 63]);
  assert.deepEqual(decodeBlock(floats, 5000), { ts: [5000, 5003, 6010], values: [Math.PI, -2.5e-7, 1], marks: [{ index: 1, level: 2, score: 0.75 }] });
});
