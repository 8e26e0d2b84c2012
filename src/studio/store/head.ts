import { decodeStrings, encodeStrings } from '../../core/codec/strings.js';
import type { Points } from './blocks.js';
import type { SeriesColumns } from './columns.js';

/**
 * A series' open head: its newest readings, not yet in a block, held in growable typed arrays.
 * Why in memory: writing a small block per series per transaction (encode, insert, and later
 * decode, delete, merge) was most of the store's share of HTTP ingest; the head is made durable
 * by one log row per transaction instead (see {@link encodeHeadLog}), and sealed into blocks in
 * bulk, a whole generation of heads at a time.
 * @example
 * const head = new SeriesHead();
 * head.append(columns);
 * head.points().ts.length // columns.ts.length
 */
export class SeriesHead {
  n = 0;
  tMin = Infinity;
  tMax = -Infinity;
  private ts = new Float64Array(16);
  private values = new Float64Array(16);
  private levels?: Uint8Array;
  private scores?: Float64Array;
  private ids?: (string | null)[];

  append(c: SeriesColumns): void {
    const k = c.ts.length;
    if (k === 0) return;
    const n = this.n;
    this.reserve(n + k);
    this.ts.set(c.ts, n);
    this.values.set(c.values, n);
    if (c.levels && c.scores) {
      if (!this.levels) {
        this.levels = new Uint8Array(this.ts.length);
        this.scores = new Float64Array(this.ts.length).fill(NaN);
      }
      this.levels.set(c.levels, n);
      this.scores!.set(c.scores, n);
    } else if (this.levels) {
      this.levels.fill(0, n, n + k);
      this.scores!.fill(NaN, n, n + k);
    }
    if (c.ids) {
      this.ids ??= new Array<string | null>(n).fill(null);
      for (let i = 0; i < k; i++) this.ids.push(c.ids[i] ?? null);
    } else if (this.ids) for (let i = 0; i < k; i++) this.ids.push(null);
    for (let i = 0; i < k; i++) {
      const t = c.ts[i]!;
      if (t < this.tMin) this.tMin = t;
      if (t > this.tMax) this.tMax = t;
    }
    this.n = n + k;
  }

  /**
   * The head's readings in arrival order. Views, not copies: later appends write past `n` or into
   * new arrays, so what a reader holds never changes under it.
   */
  points(): Points {
    const n = this.n;
    const p: Points = { ts: this.ts.subarray(0, n), values: this.values.subarray(0, n) };
    if (this.levels) { p.levels = this.levels.subarray(0, n); p.scores = this.scores!.subarray(0, n); }
    if (this.ids) p.ids = this.ids.slice(0, n);
    return p;
  }

  private reserve(size: number): void {
    if (size <= this.ts.length) return;
    const cap = Math.max(size, this.ts.length * 2);
    const grow = <T extends Float64Array | Uint8Array>(a: T, make: (n: number) => T): T => { const b = make(cap); b.set(a.subarray(0, this.n)); return b; };
    this.ts = grow(this.ts, (l) => new Float64Array(l));
    this.values = grow(this.values, (l) => new Float64Array(l));
    if (this.levels) {
      this.levels = grow(this.levels, (l) => new Uint8Array(l));
      this.scores = grow(this.scores!, (l) => new Float64Array(l).fill(NaN));
    }
  }
}

/** One series' readings of one transaction, as the head log keeps them. */
export interface HeadEntry {
  seriesId: number;
  cols: SeriesColumns;
}

const MARKS = 1;
const IDS = 2;

/**
 * One transaction's head readings as one blob: per series its id, count, flags, then the raw
 * float64 timestamps and values (severity levels and scores, reading identities when present).
 * Raw, not block-coded: written once per transaction and read back only after a crash, so the
 * encoding costs a copy; it lives only until the next seal.
 */
export function encodeHeadLog(entries: readonly HeadEntry[]): Buffer {
  const parts: Buffer[] = [];
  const header = Buffer.allocUnsafe(4);
  header.writeUInt32LE(entries.length, 0);
  parts.push(header);
  for (const { seriesId, cols } of entries) {
    const n = cols.ts.length;
    const h = Buffer.allocUnsafe(9);
    h.writeUInt32LE(seriesId, 0);
    h.writeUInt32LE(n, 4);
    const ids = cols.ids ? encodeStrings(cols.ids) : undefined;
    h.writeUInt8((cols.levels && cols.scores ? MARKS : 0) | (ids ? IDS : 0), 8);
    parts.push(h, bytes(cols.ts), bytes(cols.values));
    if (cols.levels && cols.scores) parts.push(bytes(cols.levels), bytes(cols.scores));
    if (ids) {
      const len = Buffer.allocUnsafe(4);
      len.writeUInt32LE(ids.length, 0);
      parts.push(len, ids);
    }
  }
  return Buffer.concat(parts);
}

/** Reads a blob written by {@link encodeHeadLog}; throws on a truncated one. */
export function decodeHeadLog(buf: Uint8Array): HeadEntry[] {
  const b = Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength);
  let pos = 0;
  const need = (k: number): void => { if (pos + k > b.length) throw new Error('corrupt head log row: truncated'); };
  need(4);
  const count = b.readUInt32LE(0);
  pos = 4;
  const out: HeadEntry[] = [];
  const floats = (n: number): Float64Array => {
    need(8 * n);
    const a = new Float64Array(n);
    new Uint8Array(a.buffer).set(b.subarray(pos, pos + 8 * n));
    pos += 8 * n;
    return a;
  };
  for (let e = 0; e < count; e++) {
    need(9);
    const seriesId = b.readUInt32LE(pos);
    const n = b.readUInt32LE(pos + 4);
    const flags = b.readUInt8(pos + 8);
    pos += 9;
    const ts = floats(n);
    const values = floats(n);
    const cols: SeriesColumns = { node: '', sensor: '', kind: '', unit: '', location: undefined, ts, values };
    if (flags & MARKS) {
      need(n);
      cols.levels = Uint8Array.from(b.subarray(pos, pos + n));
      pos += n;
      cols.scores = floats(n);
    }
    if (flags & IDS) {
      need(4);
      const len = b.readUInt32LE(pos);
      pos += 4;
      need(len);
      cols.ids = decodeStrings(b.subarray(pos, pos + len));
      pos += len;
    }
    out.push({ seriesId, cols });
  }
  return out;
}

const bytes = (a: Float64Array | Uint8Array): Buffer => Buffer.from(a.buffer, a.byteOffset, a.byteLength);
