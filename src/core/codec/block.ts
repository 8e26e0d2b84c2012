import { ByteReader, ByteWriter } from './bytes.js';

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

/** What a block row holds besides its blob (the columns SQLite indexes). */
export interface EncodedBlock {
  data: Buffer;
  count: number;
  tMin: number;
  tMax: number;
  /** Decimal places the values were stored at (0.1 → 1); -1 when they fell back to float64. */
  decimals: number;
}

const FLOAT_VALUES = 1;
const FLOAT_TS = 2;
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
export function detectDecimals(values: readonly number[]): number {
  next: for (let d = 0; d <= MAX_DECIMALS; d++) {
    const scale = POW10[d]!;
    for (const v of values) {
      const q = Math.round(v * scale);
      if (Math.abs(q) >= MAX_Q || dequantise(q, d) !== v || Object.is(v, -0)) continue next;
    }
    return d;
  }
  return -1;
}

/**
 * Writes an integer sequence as zigzag varints with zero runs collapsed: a 0 token is followed by
 * the run length − 1. Regular sampling makes delta-of-delta timestamps all zero and steady
 * sensors repeat values, so a minute of 1 Hz data often costs two bytes per stream.
 */
function writeRuns(w: ByteWriter, ints: readonly number[], from: number): void {
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
 * Encodes one series' readings: timestamps as delta-of-delta, values quantised to the detected
 * resolution and delta-coded (or float64 when no resolution fits), both with zero runs; then the
 * sparse non-normal marks. Lossless: `decodeBlock(encodeBlock(p).data, tMin)` equals `p`.
 * @example
 * const block = encodeBlock({ ts: [1000, 2000, 3000], values: [21.3, 21.4, 21.3], marks: [] });
 * decodeBlock(block.data, block.tMin).values // [21.3, 21.4, 21.3]
 */
export function encodeBlock(points: BlockPoints): EncodedBlock {
  const { ts, values, marks } = points;
  const n = ts.length;
  if (n === 0 || values.length !== n) throw new Error('encodeBlock: need as many values as timestamps (≥ 1)');
  let tMin = Infinity;
  let tMax = -Infinity;
  let intTs = true;
  for (const t of ts) {
    if (t < tMin) tMin = t;
    if (t > tMax) tMax = t;
    if (!Number.isSafeInteger(t)) intTs = false;
  }
  const decimals = detectDecimals(values);
  const w = new ByteWriter();
  w.byte((decimals < 0 ? FLOAT_VALUES : 0) | (intTs ? 0 : FLOAT_TS) | (Math.max(decimals, 0) << 2));
  w.unsigned(n);

  if (!intTs) for (const t of ts) w.float64(t);
  else {
    w.unsigned(ts[0]! - tMin);
    const dods: number[] = new Array<number>(n);
    let prevDelta = 0;
    for (let i = 1; i < n; i++) {
      const delta = ts[i]! - ts[i - 1]!;
      dods[i] = delta - prevDelta;
      prevDelta = delta;
    }
    writeRuns(w, dods, 1);
  }

  if (decimals < 0) for (const v of values) w.float64(v);
  else {
    const scale = POW10[decimals]!;
    const deltas: number[] = new Array<number>(n);
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
  return { data: w.finish(), count: n, tMin, tMax, decimals };
}

/**
 * Decodes a block written by {@link encodeBlock}; `tMin` is the block's `t_min` column.
 * @example
 * const { ts, values, marks } = decodeBlock(row.data, row.t_min);
 */
export function decodeBlock(data: Uint8Array, tMin: number): BlockPoints {
  const r = new ByteReader(data);
  const flags = r.byte();
  const decimals = flags >> 2;
  const n = r.unsigned();
  const ts: number[] = [];
  if (flags & FLOAT_TS) for (let i = 0; i < n; i++) ts.push(r.float64());
  else {
    const first = tMin + r.unsigned();
    const dods: number[] = [];
    readRuns(r, n - 1, dods);
    ts.push(first);
    let delta = 0;
    let t = first;
    for (const dod of dods) {
      delta += dod;
      t += delta;
      ts.push(t);
    }
  }
  const values: number[] = [];
  if (flags & FLOAT_VALUES) for (let i = 0; i < n; i++) values.push(r.float64());
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
