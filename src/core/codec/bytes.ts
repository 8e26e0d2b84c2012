/**
 * Growable byte buffer with the few primitives the block codec needs: LEB128 varints, zigzag
 * signed varints and raw float64. Varints are done with arithmetic, not bit operators, because
 * JavaScript's bit operators truncate to 32 bits and quantised values or millisecond timestamps
 * need up to 53.
 * @example
 * const w = new ByteWriter();
 * w.signed(-3);
 * const r = new ByteReader(w.finish());
 * r.signed(); // -3
 */
export class ByteWriter {
  private buf = Buffer.allocUnsafe(256);
  private len = 0;

  byte(b: number): void {
    this.reserve(1);
    this.buf[this.len++] = b;
  }

  /** Unsigned varint, 7 bits per byte, low bits first (1 byte below 128). */
  unsigned(n: number): void {
    if (this.len + 8 > this.buf.length) this.reserve(8);
    if (n < 0x8000_0000) {
      // Below 2^31 the bit operators are exact and several times faster than % and Math.floor.
      while (n >= 128) {
        this.buf[this.len++] = (n & 127) | 128;
        n >>>= 7;
      }
      this.buf[this.len++] = n;
      return;
    }
    while (n >= 128) {
      this.buf[this.len++] = (n % 128) + 128;
      n = Math.floor(n / 128);
    }
    this.buf[this.len++] = n;
  }

  /** Zigzag: small magnitudes of either sign stay small (0,-1,1,-2 → 0,1,2,3). */
  signed(n: number): void {
    this.unsigned(n >= 0 ? n * 2 : -n * 2 - 1);
  }

  float64(x: number): void {
    this.reserve(8);
    this.buf.writeDoubleLE(x, this.len);
    this.len += 8;
  }

  get length(): number {
    return this.len;
  }

  /** Drops what was written after `length` (an encoder trying one layout, then another). */
  rewind(length: number): void {
    this.len = Math.min(this.len, Math.max(0, length));
  }

  /** A copy trimmed to the written length (the internal buffer is reused by nobody). */
  finish(): Buffer {
    return Buffer.from(this.buf.subarray(0, this.len));
  }

  private reserve(n: number): void {
    if (this.len + n <= this.buf.length) return;
    const next = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.len + n));
    this.buf.copy(next, 0, 0, this.len);
    this.buf = next;
  }
}

/**
 * Reads what {@link ByteWriter} wrote; throws on a truncated buffer instead of returning garbage.
 * @example
 * const r = new ByteReader(buf);
 * const count = r.unsigned();
 */
export class ByteReader {
  private pos = 0;

  constructor(private readonly buf: Uint8Array) {}

  byte(): number {
    const b = this.buf[this.pos++];
    if (b === undefined) throw new Error('corrupt block: truncated');
    return b;
  }

  unsigned(): number {
    const buf = this.buf;
    let b = buf[this.pos++];
    if (b === undefined) throw new Error('corrupt block: truncated');
    if (b < 128) return b; // most varints of a block are one byte
    let n = b & 127;
    let shift = 7;
    // Bit operators while the result stays below 2^28; arithmetic beyond (up to 53 bits).
    while (shift < 28) {
      b = buf[this.pos++];
      if (b === undefined) throw new Error('corrupt block: truncated');
      n |= (b & 127) << shift;
      if (b < 128) return n;
      shift += 7;
    }
    let scale = 2 ** 28;
    for (;;) {
      b = this.byte();
      n += (b % 128) * scale;
      if (b < 128) return n;
      scale *= 128;
    }
  }

  signed(): number {
    const z = this.unsigned();
    return z % 2 === 0 ? z / 2 : -(z + 1) / 2;
  }

  float64(): number {
    if (this.pos + 8 > this.buf.length) throw new Error('corrupt block: truncated');
    const x = Buffer.from(this.buf.buffer, this.buf.byteOffset, this.buf.byteLength).readDoubleLE(this.pos);
    this.pos += 8;
    return x;
  }

  get done(): boolean {
    return this.pos >= this.buf.length;
  }
}
