import { scanReadings } from './fast-readings.js';
import { UNHANDLED } from './unhandled.js';

/** Where a value sits, for the one place the parser treats specially: `<event>.data.readings`. */
const enum Role { None, Event, Data }
/** How the body is laid out: a batch of events, one event, or (binary mode) an event's data. */
export type BodyShape = 'batch' | 'event' | 'data';

const MAX_DEPTH = 64;
const POW10 = Array.from({ length: 23 }, (_, k) => 10 ** k);
const [QUOTE, BACKSLASH, COMMA, COLON, LBRACE, RBRACE, LBRACKET, RBRACKET] = [34, 92, 44, 58, 123, 125, 91, 93];
const [MINUS, PLUS, DOT, ZERO, NINE, LOWER_E, UPPER_E] = [45, 43, 46, 48, 57, 101, 69];

/**
 * Parses a JSON request body exactly as `JSON.parse` would — except that each `readings` array in
 * an event's `data` comes out as FastReadings (fast-readings.ts), validated and in columns, without an object
 * per reading. Answers undefined for anything it does not handle exactly (malformed JSON, escapes in
 * reading fields, a reading zod would refuse or change…): the caller then takes the ordinary path,
 * whose errors name the reason. So the fast path changes speed, never answers.
 * @example
 * const events = parseBodyFast(body, 'batch') ?? JSON.parse(body.toString('utf8'));
 */
export function parseBodyFast(body: Uint8Array, shape: BodyShape): unknown {
  try {
    return new JsonParser(body).top(shape);
  } catch {
    return undefined; // UNHANDLED, or anything unforeseen: the ordinary path is always right
  }
}

/** A recursive-descent JSON parser over bytes; `i` is the position of the next byte. */
export class JsonParser {
  i = 0;
  readonly n: number;
  readonly text: Buffer;

  constructor(readonly b: Uint8Array) {
    this.n = b.length;
    this.text = Buffer.from(b.buffer, b.byteOffset, b.length);
    if (b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) this.i = 3; // a BOM, as TextDecoder drops it
  }

  top(shape: BodyShape): unknown {
    this.ws();
    const v = shape === 'batch' ? this.array(1, Role.Event) : this.value(0, shape === 'event' ? Role.Event : Role.Data);
    this.ws();
    if (this.i !== this.n) throw UNHANDLED;
    return v;
  }

  ws(): void {
    const b = this.b;
    let i = this.i;
    while (i < this.n) {
      const c = b[i]!;
      if (c === 32 || c === 10 || c === 13 || c === 9) i++;
      else break;
    }
    this.i = i;
  }

  /** Expects byte `c` (after optional whitespace) and steps over it. */
  expect(c: number): void {
    this.ws();
    if (this.b[this.i] !== c) throw UNHANDLED;
    this.i++;
  }

  value(depth: number, role: Role = Role.None): unknown {
    if (depth > MAX_DEPTH) throw UNHANDLED;
    const c = this.b[this.i];
    if (c === LBRACE) return this.object(depth + 1, role);
    if (c === LBRACKET) return this.array(depth + 1, Role.None);
    if (c === QUOTE) return this.string();
    if (c === 116) return this.word('true', true);
    if (c === 102) return this.word('false', false);
    if (c === 110) return this.word('null', null);
    if (c === MINUS || (c !== undefined && c >= ZERO && c <= NINE)) return this.number();
    throw UNHANDLED;
  }

  private object(depth: number, role: Role): Record<string, unknown> {
    const b = this.b;
    this.i++;
    const out: Record<string, unknown> = {};
    this.ws();
    if (b[this.i] === RBRACE) {
      this.i++;
      return out;
    }
    for (;;) {
      if (b[this.i] !== QUOTE) throw UNHANDLED;
      const key = this.string();
      if (key === '__proto__') throw UNHANDLED; // JSON.parse makes it an own property; assignment would not
      this.expect(COLON);
      this.ws();
      if (role === Role.Event && key === 'data') out[key] = this.value(depth, Role.Data);
      else if (role === Role.Data && key === 'readings' && b[this.i] === LBRACKET) out[key] = scanReadings(this);
      else out[key] = this.value(depth);
      this.ws();
      const c = b[this.i++];
      if (c === RBRACE) return out;
      if (c !== COMMA) throw UNHANDLED;
      this.ws();
    }
  }

  private array(depth: number, elements: Role): unknown[] {
    const b = this.b;
    this.i++;
    const out: unknown[] = [];
    this.ws();
    if (b[this.i] === RBRACKET) {
      this.i++;
      return out;
    }
    for (;;) {
      out.push(elements === Role.Event && b[this.i] === LBRACE ? this.object(depth + 1, Role.Event) : this.value(depth));
      this.ws();
      const c = b[this.i++];
      if (c === RBRACKET) return out;
      if (c !== COMMA) throw UNHANDLED;
      this.ws();
    }
  }

  /** Where the content of the string last scanned by {@link stringSpan} starts and ends, and whether it has escapes. */
  spanStart = 0;
  spanEnd = 0;
  spanEscaped = false;

  /**
   * Scans the string at `i` (its opening quote) into `spanStart`/`spanEnd`/`spanEscaped` (fields, not
   * a returned object: this runs for every key of every reading); `i` moves past the closing quote.
   * Control characters are not JSON.
   */
  stringSpan(): void {
    const b = this.b;
    const start = this.i + 1;
    let i = start;
    let escaped = false;
    for (;;) {
      const c = b[i];
      if (c === undefined || c < 0x20) throw UNHANDLED;
      if (c === QUOTE) break;
      if (c === BACKSLASH) {
        escaped = true;
        i += 2;
      } else i++;
    }
    this.i = i + 1;
    this.spanStart = start;
    this.spanEnd = i;
    this.spanEscaped = escaped;
  }

  string(): string {
    this.stringSpan();
    const start = this.spanStart;
    const end = this.spanEnd;
    if (!this.spanEscaped) return this.text.toString('utf8', start, end);
    try {
      return JSON.parse(this.text.toString('utf8', start - 1, end + 1)) as string;
    } catch {
      throw UNHANDLED;
    }
  }

  private word(w: string, v: boolean | null): boolean | null {
    for (let k = 0; k < w.length; k++) if (this.b[this.i + k] !== w.charCodeAt(k)) throw UNHANDLED;
    this.i += w.length;
    return v;
  }

  /**
   * A JSON number. Up to 15 significant digits and no exponent it is an exact integer over an exact
   * power of ten, whose quotient IEEE rounds correctly — the same double `JSON.parse` gives; anything
   * longer goes through `Number()`, also exact. Invalid forms (leading zeros, `1.`, `-`) are refused.
   */
  number(): number {
    const b = this.b;
    const start = this.i;
    let i = start;
    const neg = b[i] === MINUS;
    if (neg) i++;
    let mant = 0;
    let digits = 0;
    let frac = 0;
    let c = b[i];
    if (c === ZERO) {
      c = b[++i];
      if (c !== undefined && c >= ZERO && c <= NINE) throw UNHANDLED;
    } else if (c !== undefined && c > ZERO && c <= NINE) {
      while (c !== undefined && c >= ZERO && c <= NINE) { mant = mant * 10 + (c - ZERO); digits++; c = b[++i]; }
    } else throw UNHANDLED;
    if (c === DOT) {
      c = b[++i];
      if (c === undefined || c < ZERO || c > NINE) throw UNHANDLED;
      while (c !== undefined && c >= ZERO && c <= NINE) { mant = mant * 10 + (c - ZERO); digits++; frac++; c = b[++i]; }
    }
    let exact = digits <= 15;
    if (c === LOWER_E || c === UPPER_E) {
      c = b[++i];
      if (c === PLUS || c === MINUS) c = b[++i];
      if (c === undefined || c < ZERO || c > NINE) throw UNHANDLED;
      while (c !== undefined && c >= ZERO && c <= NINE) c = b[++i];
      exact = false;
    }
    this.i = i;
    if (!exact) return Number(this.text.toString('latin1', start, i));
    const v = frac === 0 ? mant : mant / POW10[frac]!;
    return neg ? -v : v;
  }
}
