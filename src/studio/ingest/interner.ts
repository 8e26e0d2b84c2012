import { CLOCK_STATES } from '../../core/schemas.js';
import { SEVERITIES } from '../../core/severity.js';

/** A string seen in a request body, decoded once, with what each reading field would make of it. */
export class Interned {
  private checks = 0;
  private verdicts = 0;
  /** Which parse last numbered this string, and the number it got there (see FastReadings). */
  gen = -1;
  local = 0;

  constructor(readonly bytes: Uint8Array, readonly value: string) {}

  /** Whether the string passes a field's check (memoised: the same names repeat in every batch). */
  ok(check: Check): boolean {
    const bit = 1 << check;
    if (!(this.checks & bit)) {
      this.checks |= bit;
      if (CHECKS[check](this.value)) this.verdicts |= bit;
    }
    return (this.verdicts & bit) !== 0;
  }
}

/**
 * The checks ReadingSchema applies to its string fields, as plain predicates: a string failing one
 * sends the whole body down the zod path, which then names the reason. `trim` fields must already be
 * trimmed (zod would change them, the fast path keeps bytes as they are).
 */
export const enum Check { Name, Kind, Unit, Id, Boot, Clock, Severity }
const trimmed = (s: string, max: number) => s.length >= 1 && s.length <= max && s.trim() === s;
const CHECKS: Record<Check, (s: string) => boolean> = {
  [Check.Name]: (s) => trimmed(s, 128),
  [Check.Kind]: (s) => trimmed(s, 64),
  [Check.Unit]: (s) => s.length <= 16,
  [Check.Id]: (s) => s.length >= 1 && s.length <= 256,
  [Check.Boot]: (s) => s.length >= 1 && s.length <= 64,
  [Check.Clock]: (s) => (CLOCK_STATES as readonly string[]).includes(s),
  [Check.Severity]: (s) => (SEVERITIES as readonly string[]).includes(s),
};

/** Slots in the table (a power of two); a string whose probe finds no free slot replaces one. */
const SLOTS = 8192;
const MASK = SLOTS - 1;
const PROBES = 8;
/** Longer strings are decoded each time rather than kept. */
const MAX_BYTES = 128;

/**
 * Node, sensor, kind, unit and location names repeat in every reading of every batch: this table
 * turns their bytes into one shared string without decoding or allocating per reading. An
 * open-addressing array keyed by a 32-bit FNV-1a hash of the bytes (computed by the caller while it
 * scans them), collisions resolved by comparing bytes; bounded by its slots whatever clients send.
 * @example
 * const s = interner.get(body, start, end, hash); // same object for the same bytes
 */
export class Interner {
  private readonly slots: (Interned | undefined)[] = new Array<Interned | undefined>(SLOTS).fill(undefined);

  get(b: Uint8Array, start: number, end: number, hash: number): Interned {
    const len = end - start;
    if (len > MAX_BYTES) return new Interned(b.slice(start, end), Buffer.from(b.buffer, b.byteOffset + start, len).toString('utf8'));
    let slot = hash & MASK;
    for (let probe = 0; probe < PROBES; probe++, slot = (slot + 1) & MASK) {
      const e = this.slots[slot];
      if (e === undefined) break;
      const bytes = e.bytes;
      if (bytes.length !== len) continue;
      let k = 0;
      while (k < len && bytes[k] === b[start + k]) k++;
      if (k === len) return e;
    }
    // Not found: take the first free slot of the probe, else the home slot.
    let at = hash & MASK;
    for (let probe = 0; probe < PROBES; probe++) {
      const i = (hash + probe) & MASK;
      if (this.slots[i] === undefined) { at = i; break; }
    }
    const bytes = b.slice(start, end);
    const e = new Interned(bytes, Buffer.from(bytes.buffer, bytes.byteOffset, len).toString('utf8'));
    this.slots[at] = e;
    return e;
  }
}
