/**
 * One-dimensional PostgreSQL arrays in the binary wire format (what `array_recv` reads), for the
 * wide `unnest` statements of ingest. node-postgres sends a Buffer parameter as binary, so a
 * `$1::float8[]` given one of these Buffers is read value by value with no text in between: the
 * client skips building (and escaping) array literals, which was a quarter of its ingest time, and
 * the server skips parsing decimal text. The element type must be the one the statement casts the
 * parameter to, or the server refuses it ("binary data has array element type …").
 * @example
 * await client.query('SELECT sum(x) FROM unnest($1::float8[]) x', [float8Array([1.5, 2])]);
 */

const OID = { int2: 21, int4: 23, int8: 20, float8: 701, text: 25, bytea: 17 } as const;
const HEADER = 20; // ndim, has-null flag, element type, length, lower bound
const TWO_32 = 2 ** 32;

function header(buf: Buffer, n: number, oid: number, hasNull: boolean): number {
  if (n === 0) {
    // An empty array has no dimensions.
    buf.writeInt32BE(0, 0);
    buf.writeInt32BE(0, 4);
    buf.writeInt32BE(oid, 8);
    return 12;
  }
  buf.writeInt32BE(1, 0);
  buf.writeInt32BE(hasNull ? 1 : 0, 4);
  buf.writeInt32BE(oid, 8);
  buf.writeInt32BE(n, 12);
  buf.writeInt32BE(1, 16);
  return HEADER;
}

function fixed(xs: ArrayLike<number>, oid: number, width: 2 | 4 | 8, write: (buf: Buffer, at: number, x: number) => void): Buffer {
  const n = xs.length;
  const buf = Buffer.allocUnsafe(HEADER + n * (4 + width));
  let at = header(buf, n, oid, false);
  for (let i = 0; i < n; i++) {
    buf.writeInt32BE(width, at);
    write(buf, at + 4, xs[i]!);
    at += 4 + width;
  }
  return buf.subarray(0, at);
}

/** Checks that `x` rounds to an integer the column can hold; answers it rounded. */
function integer(x: number, lo: number, hi: number, what: string): number {
  const r = Math.round(x);
  if (!(r >= lo && r <= hi)) throw new Error(`${what} value ${x} out of range`);
  return r;
}

/** bigint[]: each value rounded to an integer (epoch ms, ids, counts); beyond ±2^53 is refused. */
export const int8Array = (xs: ArrayLike<number>): Buffer => fixed(xs, OID.int8, 8, (buf, at, x) => {
  const r = integer(x, Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER, 'bigint');
  const hi = Math.floor(r / TWO_32);
  buf.writeInt32BE(hi, at);
  buf.writeUInt32BE(r - hi * TWO_32, at + 4);
});

/** integer[]: each value rounded. */
export const int4Array = (xs: ArrayLike<number>): Buffer =>
  fixed(xs, OID.int4, 4, (buf, at, x) => buf.writeInt32BE(integer(x, -(2 ** 31), 2 ** 31 - 1, 'integer'), at));

/** smallint[]: each value rounded. */
export const int2Array = (xs: ArrayLike<number>): Buffer =>
  fixed(xs, OID.int2, 2, (buf, at, x) => buf.writeInt16BE(integer(x, -32768, 32767, 'smallint'), at));

/** double precision[]: every value as is, NaN and infinities included. */
export const float8Array = (xs: ArrayLike<number>): Buffer => fixed(xs, OID.float8, 8, (buf, at, x) => buf.writeDoubleBE(x, at));

function varlena(items: readonly (Uint8Array | null)[], oid: number): Buffer {
  let size = HEADER;
  let hasNull = false;
  for (const b of items) {
    size += 4 + (b?.length ?? 0);
    if (b === null) hasNull = true;
  }
  const buf = Buffer.allocUnsafe(size);
  let at = header(buf, items.length, oid, hasNull);
  for (const b of items) {
    if (b === null) {
      buf.writeInt32BE(-1, at);
      at += 4;
      continue;
    }
    buf.writeInt32BE(b.length, at);
    buf.set(b, at + 4);
    at += 4 + b.length;
  }
  return buf.subarray(0, at);
}

/** bytea[]: null elements allowed. */
export const byteaArray = (items: readonly (Uint8Array | null)[]): Buffer => varlena(items, OID.bytea);

/** text[] as UTF-8: null elements allowed; a NUL character, which text cannot hold, is refused by the server. */
export const textArray = (items: readonly (string | null)[]): Buffer =>
  varlena(items.map((s) => (s === null ? null : Buffer.from(s, 'utf8'))), OID.text);
