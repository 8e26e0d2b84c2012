import { ByteReader, ByteWriter } from './bytes.js';

// Token per string: what follows it.
const NULL = 0;
/** Same prefix as the string before, numeric tail = previous tail + signed delta. */
const NEXT = 1;
/** New prefix (length + UTF-8 bytes), then the numeric tail. */
const PREFIXED = 2;
/** A string without a numeric tail (length + UTF-8 bytes). */
const PLAIN = 3;

/** A numeric tail we can code as an integer: no leading zeros (they would not round-trip), ≤ 15 digits. */
const TAIL = /^(.*?)(0|[1-9]\d{0,14})$/s;

/**
 * Encodes a column of optional strings that mostly share a prefix and end in a counter, like
 * reading identities `node:boot:seq`: consecutive readings of a series then cost two bytes each
 * (a token and a delta of 1), and DEFLATE, if the caller adds it, almost nothing.
 * @example
 * decodeStrings(encodeStrings(['pi-1:k3:41', 'pi-1:k3:42', null])) // ['pi-1:k3:41', 'pi-1:k3:42', null]
 */
export function encodeStrings(values: readonly (string | null)[]): Buffer {
  const w = new ByteWriter();
  w.unsigned(values.length);
  let prefix: string | undefined;
  let tail = 0;
  for (const v of values) {
    if (v === null) {
      w.unsigned(NULL);
      continue;
    }
    const m = TAIL.exec(v);
    if (!m) {
      w.unsigned(PLAIN);
      text(w, v);
      continue;
    }
    const n = Number(m[2]);
    if (m[1] === prefix) {
      w.unsigned(NEXT);
      w.signed(n - tail);
    } else {
      w.unsigned(PREFIXED);
      text(w, m[1]!);
      w.unsigned(n);
      prefix = m[1]!;
    }
    tail = n;
  }
  return w.finish();
}

/** Reads what {@link encodeStrings} wrote; throws on a truncated or corrupt buffer. */
export function decodeStrings(data: Uint8Array): (string | null)[] {
  const r = new ByteReader(data);
  const n = r.unsigned();
  const out: (string | null)[] = [];
  let prefix = '';
  let tail = 0;
  for (let i = 0; i < n; i++) {
    const token = r.unsigned();
    if (token === NULL) out.push(null);
    else if (token === PLAIN) out.push(readText(r));
    else if (token === NEXT) {
      tail += r.signed();
      out.push(`${prefix}${tail}`);
    } else if (token === PREFIXED) {
      prefix = readText(r);
      tail = r.unsigned();
      out.push(`${prefix}${tail}`);
    } else throw new Error(`corrupt string column: token ${token}`);
  }
  return out;
}

function text(w: ByteWriter, s: string): void {
  const bytes = Buffer.from(s, 'utf8');
  w.unsigned(bytes.length);
  for (const b of bytes) w.byte(b);
}

function readText(r: ByteReader): string {
  const len = r.unsigned();
  const bytes = new Uint8Array(len);
  for (let i = 0; i < len; i++) bytes[i] = r.byte();
  return Buffer.from(bytes).toString('utf8');
}
