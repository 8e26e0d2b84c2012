import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { ByteReader, ByteWriter } from './bytes.js';
import { readXorFloats, writeXorFloats } from './xor.js';

/** A non-normal reading inside a block: its position, severity rank (1 warning, 2 critical) and score. */
export interface BlockMark {
  index: number;
  level: number;
  score: number;
}

/** The readings of one series in one block, in arrival order (not necessarily sorted by time). */
export interface BlockPoints {
  ts: number[];
  values: number[];
  /** Sparse: only the readings that were not normal, by ascending index. */
  marks: BlockMark[];
}

/** What {@link encodeBlock} takes: any array-like columns (plain arrays or typed arrays). */
export interface BlockInput {
  ts: ArrayLike<number>;
  values: ArrayLike<number>;
  marks: readonly BlockMark[];
}

/**
 * Layouts beyond the first codec's, each opt-in so a caller's bytes only change when it asks
 * (the edge's disk bound is tuned to the first layout); every layout decodes with {@link decodeBlock}.
 */
export interface EncodeOptions {
  /** Code timestamps in units of their greatest common step (whole seconds: 1, not 1000, per step). */
  timestampUnit?: boolean;
  /** XOR-code float values no decimal resolution fits, instead of raw float64. */
  xor?: boolean;
  /**
   * Also run the encoded bytes through raw DEFLATE, kept only when smaller. Worth it for blocks of
   * hundreds of readings or more (repeating patterns the varints cannot see); small blocks gain
   * little and pay zlib's per-call cost.
   */
  deflate?: boolean;
}

/** What a block row holds besides its blob (the columns SQLite indexes). */
export interface EncodedBlock {
  data: Buffer;
  count: number;
  tMin: number;
  tMax: number;
  /** Decimal places the values were stored at (0.1 → 1); -1 when they fell back to float64. */
  decimals: number;
}

// Flags byte. Bits 2–4 hold the decimals; older blocks never set bits 5–7, so they decode as before.
const FLOAT_VALUES = 1;
const FLOAT_TS = 2;
/** Timestamps are coded in units of their greatest common step (e.g. 1000 for whole seconds). */
const TS_UNIT = 32;
/** Everything after the flags byte is raw DEFLATE. */
const DEFLATED = 64;
/** Float values (no decimal resolution fits) are XOR-coded against the previous value. */
const XOR_VALUES = 128;
/** Finest resolution tried before falling back to float64 (1e-6 is well below any sensor's). */
const MAX_DECIMALS = 6;
/** Quantised integers stay below 2^50 so deltas and their zigzag stay exact in a double. */
const MAX_Q = 2 ** 50;
const POW10 = [1, 10, 100, 1000, 10_000, 100_000, 1_000_000];

const dequantise = (q: number, decimals: number): number => (decimals === 0 ? q : q / POW10[decimals]!);

/**
 * The coarsest decimal resolution at which every value survives quantise→dequantise bit for bit,
 * or -1 when none does (then the block stores float64). Detected per block, so a sensor whose
 * resolution changes (or a calibrated, non-quantised one) costs nothing elsewhere.
 * @example
 * detectDecimals([21.3, 21.4, -0.5]) // 1
 * detectDecimals([Math.PI])          // -1
 */
export function detectDecimals(values: ArrayLike<number>): number {
  next: for (let d = 0; d <= MAX_DECIMALS; d++) {
    const scale = POW10[d]!;
    for (let i = 0; i < values.length; i++) {
      const v = values[i]!;
      const q = Math.round(v * scale);
      if (Math.abs(q) >= MAX_Q || dequantise(q, d) !== v || Object.is(v, -0)) continue next;
    }
    return d;
  }
  return -1;
}

const gcd = (a: number, b: number): number => {
  while (b !== 0) [a, b] = [b, a % b];
  return a;
};

/**
 * The largest step every timestamp offset from `tMin` is a multiple of (1 when there is none):
 * sensors sampling on whole seconds then cost a unit of 1 in their delta-of-deltas, not 1000.
 */
function timestampUnit(ts: ArrayLike<number>, tMin: number): number {
  let g = 0;
  for (let i = 0; i < ts.length && g !== 1; i++) {
    const x = ts[i]! - tMin;
    if (g === 0 || x % g !== 0) g = gcd(x, g); // once the step settles, one remainder per timestamp
  }
  return g > 1 ? g : 1;
}

/**
 * Writes an integer sequence as zigzag varints with zero runs collapsed: a 0 token is followed by
 * the run length − 1. Regular sampling makes delta-of-delta timestamps all zero and steady
 * sensors repeat values, so a minute of 1 Hz data often costs two bytes per stream.
 */
function writeRuns(w: ByteWriter, ints: ArrayLike<number>, from: number): void {
  for (let i = from; i < ints.length; ) {
    const x = ints[i]!;
    if (x === 0) {
      let run = 1;
      while (i + run < ints.length && ints[i + run] === 0) run++;
      w.unsigned(0);
      w.unsigned(run - 1);
      i += run;
    } else {
      w.signed(x); // zigzag of a non-zero is ≥ 1, so it never reads as the run token
      i++;
    }
  }
}

function readRuns(r: ByteReader, count: number, out: number[]): void {
  while (out.length < count) {
    const z = r.unsigned();
    if (z === 0) {
      const run = r.unsigned() + 1;
      for (let k = 0; k < run; k++) out.push(0);
    } else {
      out.push(z % 2 === 0 ? z / 2 : -(z + 1) / 2);
    }
  }
  if (out.length !== count) throw new Error('corrupt block: run overflow');
}

/**
 * Encodes one series' readings: timestamps as delta-of-delta in units of their common step,
 * values quantised to the detected resolution and delta-coded (or, when no resolution fits, XOR
 * against the previous value), both with zero runs; then the sparse non-normal marks; optionally
 * DEFLATE over all of it. Lossless: `decodeBlock(encodeBlock(p).data, tMin)` equals `p`.
 * @example
 * const block = encodeBlock({ ts: [1000, 2000, 3000], values: [21.3, 21.4, 21.3], marks: [] });
 * decodeBlock(block.data, block.tMin).values // [21.3, 21.4, 21.3]
 */
export function encodeBlock(points: BlockInput, options: EncodeOptions = {}): EncodedBlock {
  const { ts, values, marks } = points;
  const n = ts.length;
  if (n === 0 || values.length !== n) throw new Error('encodeBlock: need as many values as timestamps (≥ 1)');
  let tMin = Infinity;
  let tMax = -Infinity;
  let intTs = true;
  for (let i = 0; i < n; i++) {
    const t = ts[i]!;
    if (t < tMin) tMin = t;
    if (t > tMax) tMax = t;
    if (!Number.isSafeInteger(t)) intTs = false;
  }
  const decimals = detectDecimals(values);
  const unit = intTs && options.timestampUnit ? timestampUnit(ts, tMin) : 1;
  const w = new ByteWriter();
  w.byte(0); // flags, set below
  w.unsigned(n);

  if (!intTs) for (let i = 0; i < n; i++) w.float64(ts[i]!);
  else {
    if (unit > 1) w.unsigned(unit);
    w.unsigned((ts[0]! - tMin) / unit);
    const dods = new Float64Array(n);
    let prevDelta = 0;
    for (let i = 1; i < n; i++) {
      const delta = (ts[i]! - ts[i - 1]!) / unit;
      dods[i] = delta - prevDelta;
      prevDelta = delta;
    }
    writeRuns(w, dods, 1);
  }

  let xor = decimals < 0 && options.xor === true;
  if (xor) {
    // XOR, unless the values are noise to it (then it costs a control byte more than raw float64).
    const at = w.length;
    writeXorFloats(w, values);
    if (w.length - at >= 8 * n) {
      w.rewind(at);
      for (let i = 0; i < n; i++) w.float64(values[i]!);
      xor = false;
    }
  } else if (decimals < 0) {
    for (let i = 0; i < n; i++) w.float64(values[i]!);
  } else {
    const scale = POW10[decimals]!;
    const deltas = new Float64Array(n);
    let prev = 0;
    for (let i = 0; i < n; i++) {
      const q = Math.round(values[i]! * scale);
      deltas[i] = q - prev;
      prev = q;
    }
    w.signed(deltas[0]!);
    writeRuns(w, deltas, 1);
  }

  w.unsigned(marks.length);
  let prevIndex = 0;
  for (const m of marks) {
    w.unsigned(m.index - prevIndex);
    prevIndex = m.index;
    w.byte(m.level);
    w.float64(m.score);
  }
  let flags = (decimals < 0 ? FLOAT_VALUES : 0) | (xor ? XOR_VALUES : 0) | (intTs ? 0 : FLOAT_TS) | (Math.max(decimals, 0) << 2) | (unit > 1 ? TS_UNIT : 0);
  let data = w.finish();
  if (options.deflate && data.length > 32) {
    const packed = deflateRawSync(data.subarray(1), { level: 6 });
    if (packed.length + 1 < data.length) {
      flags |= DEFLATED;
      data = Buffer.concat([data.subarray(0, 1), packed]);
    }
  }
  data[0] = flags;
  return { data, count: n, tMin, tMax, decimals };
}

/**
 * Decodes a block written by {@link encodeBlock}; `tMin` is the block's `t_min` column.
 * @example
 * const { ts, values, marks } = decodeBlock(row.data, row.t_min);
 */
export function decodeBlock(data: Uint8Array, tMin: number): BlockPoints {
  const flags = data[0];
  if (flags === undefined) throw new Error('corrupt block: truncated');
  const r = new ByteReader(flags & DEFLATED ? inflated(data) : data.subarray(1));
  const decimals = (flags >> 2) & 7;
  const n = r.unsigned();
  const ts: number[] = [];
  if (flags & FLOAT_TS) for (let i = 0; i < n; i++) ts.push(r.float64());
  else {
    const unit = flags & TS_UNIT ? r.unsigned() : 1;
    const first = tMin + r.unsigned() * unit;
    const dods: number[] = [];
    readRuns(r, n - 1, dods);
    ts.push(first);
    let delta = 0;
    let t = first;
    for (const dod of dods) {
      delta += dod;
      t += delta * unit;
      ts.push(t);
    }
  }
  let values: number[] = [];
  if (flags & XOR_VALUES) values = readXorFloats(r, n);
  else if (flags & FLOAT_VALUES) for (let i = 0; i < n; i++) values.push(r.float64());
  else {
    const deltas: number[] = [r.signed()];
    readRuns(r, n, deltas);
    let q = 0;
    for (const d of deltas) {
      q += d;
      values.push(dequantise(q, decimals));
    }
  }
  const marks: BlockMark[] = [];
  const k = r.unsigned();
  let index = 0;
  for (let i = 0; i < k; i++) {
    index += r.unsigned();
    const level = r.byte();
    marks.push({ index, level, score: r.float64() });
  }
  return { ts, values, marks };
}

function inflated(data: Uint8Array): Uint8Array {
  try {
    return inflateRawSync(data.subarray(1));
  } catch (err) {
    throw new Error(`corrupt block: ${(err as Error).message}`, { cause: err });
  }
}
