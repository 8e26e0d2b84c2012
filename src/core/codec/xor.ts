import type { ByteReader, ByteWriter } from './bytes.js';

// One float64 and its bytes, little-endian on every platform Node runs on (x86, ARM).
const f64 = new Float64Array(2);
const u8 = new Uint8Array(f64.buffer);

/**
 * Float values that no decimal resolution fits (calibrated sensors, computed values), each XORed
 * with the one before, as Gorilla does: close values share sign, exponent and high mantissa bits,
 * so the XOR has leading (and often trailing) zero bytes. Per value one control byte — 0 for "same
 * as before", else 0x80 | leading zero bytes << 3 | trailing zero bytes — then the bytes between.
 * Byte- rather than bit-aligned: simpler and faster in JavaScript, and DEFLATE squeezes the rest.
 * @example
 * writeXorFloats(w, [Math.PI, Math.PI, Math.E]); // 1 + 8, 1, 1 + up to 8 bytes
 */
export function writeXorFloats(w: ByteWriter, values: ArrayLike<number>): void {
  f64[0] = 0; // previous
  for (let i = 0; i < values.length; i++) {
    f64[1] = values[i]!;
    let lead = 0;
    while (lead < 8 && (u8[15 - lead]! ^ u8[7 - lead]!) === 0) lead++;
    if (lead === 8) {
      w.byte(0);
      continue;
    }
    let trail = 0;
    while ((u8[8 + trail]! ^ u8[trail]!) === 0) trail++;
    // A non-zero XOR has at most 7 zero bytes in all, so each count fits in 3 bits.
    w.byte(0x80 | (lead << 3) | trail);
    for (let b = trail; b < 8 - lead; b++) w.byte(u8[8 + b]! ^ u8[b]!);
    f64[0] = f64[1];
  }
}

/** Reads `n` values written by {@link writeXorFloats}. */
export function readXorFloats(r: ByteReader, n: number): number[] {
  const out: number[] = [];
  f64[0] = 0;
  for (let i = 0; i < n; i++) {
    const c = r.byte();
    if (c !== 0) {
      if (!(c & 0x80)) throw new Error('corrupt block: bad xor control byte');
      const lead = (c >> 3) & 7;
      const trail = c & 7;
      for (let b = trail; b < 8 - lead; b++) u8[b] = u8[b]! ^ r.byte();
    }
    out.push(f64[0]);
  }
  return out;
}
