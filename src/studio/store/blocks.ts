import { decodeBlock, encodeBlock, type BlockMark } from '../../core/codec/block.js';
import { decodeStrings, encodeStrings } from '../../core/codec/strings.js';
import { DAY } from '../../core/time.js';
import type { SeriesColumns } from './columns.js';

/**
 * How raw readings are laid out in every engine: per series, compressed blocks (see
 * core/codec/block.ts). Each ingest transaction appends one small block per series it touched —
 * the series' open "head" — and compaction later merges a series' head into sealed blocks of
 * {@link SEAL} readings or more, sorted by time, one UTC day at most each, DEFLATE-compressed.
 */

/** A series' head is merged into sealed blocks once it holds this many readings. */
export const SEAL = 1024;
/** …or once it has this many blocks (slow series), so a head never grows to many rows. */
export const MAX_HEAD_BLOCKS = 64;
/** Largest sealed block: bounds what one query decodes to find a few readings. */
export const MAX_BLOCK = 8192;

/** Block levels: 0 a head block as ingest wrote it, 1 head blocks merged on idle, 2 sealed. */
export const HEAD = 0;
export const MERGED_HEAD = 1;
export const SEALED = 2;

/** Codec layouts the studio uses (the edge keeps the first codec's, see EncodeOptions). */
const LAYOUT = { timestampUnit: true, xor: true } as const;

/** Points of one series, decoded or about to be encoded. */
export interface Points {
  ts: ArrayLike<number>;
  values: ArrayLike<number>;
  /** Severity levels (0: none), when any point has one or a score. */
  levels?: ArrayLike<number>;
  /** Scores (NaN: none), alongside `levels`. */
  scores?: ArrayLike<number>;
  /** Reading identities (null: none), when any point has one. */
  ids?: readonly (string | null)[];
}

/** A block as every engine stores it. */
export interface StoredBlock {
  tMin: number;
  tMax: number;
  count: number;
  data: Buffer;
  /** The reading identities column, when any reading had one. */
  ids: Buffer | null;
}

/**
 * Encodes points as one block. Severity and score travel as the codec's sparse marks (level =
 * severity rank, score NaN when absent), so a batch of plain readings pays nothing for them.
 * @example
 * const block = encodePoints(columns, { deflate: true });
 */
export function encodePoints(p: Points, options: { deflate?: boolean } = {}): StoredBlock {
  const marks: BlockMark[] = [];
  if (p.levels && p.scores) {
    for (let i = 0; i < p.ts.length; i++) {
      const level = p.levels[i]!;
      const score = p.scores[i]!;
      if (level !== 0 || !Number.isNaN(score)) marks.push({ index: i, level, score });
    }
  }
  const b = encodeBlock({ ts: p.ts, values: p.values, marks }, { ...LAYOUT, deflate: options.deflate === true });
  const ids = p.ids?.some((x) => x !== null) ? encodeStrings(p.ids) : null;
  return { tMin: b.tMin, tMax: b.tMax, count: b.count, data: b.data, ids };
}

/** Decodes a stored block back into points. */
export function decodePoints(data: Uint8Array, tMin: number, ids: Uint8Array | null): Points & { ts: number[]; values: number[] } {
  const b = decodeBlock(data, tMin);
  const out: Points & { ts: number[]; values: number[] } = { ts: b.ts, values: b.values };
  if (b.marks.length) {
    const levels = new Uint8Array(b.ts.length);
    const scores = new Float64Array(b.ts.length).fill(NaN);
    for (const m of b.marks) {
      levels[m.index] = m.level;
      scores[m.index] = m.score;
    }
    out.levels = levels;
    out.scores = scores;
  }
  if (ids) out.ids = decodeStrings(ids);
  return out;
}

/** A head block for one series of one ingest transaction (no DEFLATE: too small to pay for it). */
export function headBlock(cols: SeriesColumns): StoredBlock {
  return encodePoints(cols);
}

/**
 * Merges decoded blocks of one series into blocks to store: points sorted by time (stable), cut
 * at UTC day boundaries and at {@link MAX_BLOCK}, each DEFLATE-compressed. `sealed` says which
 * outputs are sealed: every day but the newest one, and the newest when it has {@link SEAL}
 * readings or `sealAll` is set; the rest stays head (level {@link MERGED_HEAD}).
 * @example
 * for (const out of mergePoints(decoded, false)) insert(out.block, out.level);
 */
export function mergePoints(parts: readonly Points[], sealAll: boolean): { block: StoredBlock; level: number }[] {
  let n = 0;
  for (const p of parts) n += p.ts.length;
  const ts = new Float64Array(n);
  const values = new Float64Array(n);
  const marked = parts.some((p) => p.levels);
  const withIds = parts.some((p) => p.ids);
  const levels = marked ? new Uint8Array(n) : undefined;
  const scores = marked ? new Float64Array(n).fill(NaN) : undefined;
  const ids: (string | null)[] | undefined = withIds ? new Array<string | null>(n).fill(null) : undefined;
  let at = 0;
  let sorted = true;
  for (const p of parts) {
    for (let i = 0; i < p.ts.length; i++, at++) {
      ts[at] = p.ts[i]!;
      values[at] = p.values[i]!;
      if (at > 0 && ts[at]! < ts[at - 1]!) sorted = false;
      if (levels && p.levels) { levels[at] = p.levels[i]!; scores![at] = p.scores![i]!; }
      if (ids && p.ids) ids[at] = p.ids[i] ?? null;
    }
  }
  const order = sorted ? undefined : Uint32Array.from({ length: n }, (_, i) => i).sort((a, b) => ts[a]! - ts[b]! || a - b);
  const pick = <T extends { [i: number]: number | string | null; length: number }>(src: T | undefined, from: number, to: number, make: (len: number) => T): T | undefined => {
    if (!src) return undefined;
    const out = make(to - from);
    for (let i = from; i < to; i++) out[i - from] = src[order ? order[i]! : i]!;
    return out;
  };
  const out: { block: StoredBlock; level: number }[] = [];
  const newestDay = Math.floor(ts[order ? order[n - 1]! : n - 1]! / DAY);
  for (let start = 0; start < n; ) {
    const day = Math.floor(ts[order ? order[start]! : start]! / DAY);
    let end = start + 1;
    while (end < n && end - start < MAX_BLOCK && Math.floor(ts[order ? order[end]! : end]! / DAY) === day) end++;
    const block = encodePoints({
      ts: pick(ts, start, end, (l) => new Float64Array(l))!,
      values: pick(values, start, end, (l) => new Float64Array(l))!,
      ...(levels ? { levels: pick(levels, start, end, (l) => new Uint8Array(l))!, scores: pick(scores, start, end, (l) => new Float64Array(l))! } : {}),
      ...(ids ? { ids: pick(ids, start, end, (l) => new Array<string | null>(l)) as (string | null)[] } : {}),
    }, { deflate: true });
    const sealed = sealAll || day !== newestDay || end - start >= SEAL;
    out.push({ block, level: sealed ? SEALED : MERGED_HEAD });
    start = end;
  }
  return out;
}

/** The points of `p` at or after `cutoff` (retention trimming a block that straddles it). */
export function pointsSince(p: Points, cutoff: number): Points {
  const keep: number[] = [];
  for (let i = 0; i < p.ts.length; i++) if (p.ts[i]! >= cutoff) keep.push(i);
  const take = <T>(xs: ArrayLike<T> | undefined): T[] | undefined => (xs ? keep.map((i) => xs[i]!) : undefined);
  return {
    ts: take(p.ts)!, values: take(p.values)!,
    ...(p.levels ? { levels: take(p.levels)!, scores: take(p.scores)! } : {}),
    ...(p.ids ? { ids: take(p.ids)! } : {}),
  };
}
