import { parseTimestamp } from '../../core/time.js';
import { inTimeWindow } from './time-window.js';
import { SEVERITIES } from '../../core/severity.js';
import type { SeriesColumns } from '../store/columns.js';
import type { JsonParser } from './fast-json.js';
import { UNHANDLED } from './unhandled.js';
import { Check, Interned, Interner } from './interner.js';

/** The readings of one event, parsed and validated by the fast path, in columns per series. */
export class FastReadings {
  constructor(readonly count: number, readonly series: SeriesColumns[]) {}
}

/** ReadingBatchSchema's bound: longer arrays go the ordinary way, which refuses them by name. */
const MAX_READINGS = 10_000;
const [QUOTE, BACKSLASH, COMMA, COLON, LBRACE, RBRACE, RBRACKET] = [34, 92, 44, 58, 123, 125, 93];

// Reading fields, by bit, for duplicate detection (JSON.parse keeps the last; we would rather not guess).
const enum F { Node = 1, Sensor = 2, Kind = 4, Value = 8, Unit = 16, Ts = 32, Location = 64, Id = 128, Boot = 256, Seq = 512, Clock = 1024, Score = 2048, Severity = 4096 }

const interner = new Interner();
const EMPTY_UNIT = new Interned(new Uint8Array(0), '');
// Scratch columns reused by every parse (the event loop runs one at a time).
const scratchTs = new Float64Array(MAX_READINGS);
const scratchValue = new Float64Array(MAX_READINGS);
const scratchSeries = new Int32Array(MAX_READINGS);
const scratchLevel = new Uint8Array(MAX_READINGS);
const scratchScore = new Float64Array(MAX_READINGS);
let generation = 0;

interface Group { node: Interned; sensor: Interned; kind: Interned; unit: Interned; location: Interned | undefined; count: number; marked: boolean; withIds: boolean }

/**
 * A key of up to 8 bytes packed into two int32 (little-endian), so a key is known by two integer
 * compares instead of a byte-by-byte match: exact, since every byte takes part. Every reading field's
 * name is at most 8 bytes; longer keys are never a field.
 */
const pack = (w: string, from: number): number => {
  let v = 0;
  for (let k = from; k < Math.min(w.length, from + 4); k++) v |= w.charCodeAt(k) << (8 * (k - from));
  return v;
};
const FIELDS: readonly [name: string, f: F][] = [
  ['node', F.Node], ['sensor', F.Sensor], ['kind', F.Kind], ['value', F.Value], ['unit', F.Unit], ['ts', F.Ts], ['location', F.Location],
  ['id', F.Id], ['boot', F.Boot], ['seq', F.Seq], ['clock', F.Clock], ['score', F.Score], ['severity', F.Severity],
];
/** By key length: the packed low and high words of each field name of that length, and the field. */
const BY_LENGTH: (readonly (readonly [lo: number, hi: number, f: F])[])[] = Array.from({ length: 9 }, (_, len) =>
  FIELDS.filter(([w]) => w.length === len).map(([w, f]) => [pack(w, 0), pack(w, 4), f] as const));

/**
 * Scans the key at `p.i` (its opening quote) and answers which field it names (0: a key zod
 * ignores); `p.i` moves past the closing quote. Escapes and control characters are left to the
 * ordinary path, as for every string the fast path reads.
 */
function key(p: JsonParser): number {
  const b = p.b;
  const start = p.i + 1;
  let i = start;
  let lo = 0;
  let hi = 0;
  for (;;) {
    const c = b[i];
    if (c === undefined || c < 0x20 || c === BACKSLASH) throw UNHANDLED;
    if (c === QUOTE) break;
    const k = i - start;
    if (k < 4) lo |= c << (8 * k);
    else if (k < 8) hi |= c << (8 * (k - 4));
    i++;
  }
  p.i = i + 1;
  const len = i - start;
  if (len > 8) return 0;
  const candidates = BY_LENGTH[len]!;
  for (let k = 0; k < candidates.length; k++) {
    const c = candidates[k]!;
    if (c[0] === lo && c[1] === hi) return c[2];
  }
  return 0;
}

/** A string value made one shared object per distinct bytes; escapes are left to the ordinary path. */
function interned(p: JsonParser, check: Check): Interned {
  if (p.b[p.i] !== QUOTE) throw UNHANDLED;
  const b = p.b;
  const start = p.i + 1;
  let i = start;
  let h = 0x811c9dc5;
  for (;;) {
    const c = b[i];
    if (c === undefined || c < 0x20 || c === BACKSLASH) throw UNHANDLED;
    if (c === QUOTE) break;
    h = Math.imul(h ^ c, 0x01000193);
    i++;
  }
  p.i = i + 1;
  const s = interner.get(b, start, i, h >>> 0);
  if (!s.ok(check)) throw UNHANDLED;
  return s;
}

/**
 * {@link interned}, first trying the string this field had in the reading before: readings of a
 * batch mostly repeat their node, sensor, kind, unit and location, and comparing bytes with that
 * one string skips hashing and probing (a third of the parse). `last` passed this field's check when
 * it was interned, and equal bytes are the same string.
 */
function internedAs(p: JsonParser, check: Check, last: Interned | undefined): Interned {
  if (last !== undefined) {
    const b = p.b;
    const bytes = last.bytes;
    const start = p.i + 1;
    const len = bytes.length;
    if (b[p.i] === QUOTE && b[start + len] === QUOTE) {
      let k = 0;
      while (k < len && b[start + k] === bytes[k]) k++;
      if (k === len) {
        p.i = start + len + 1;
        return last;
      }
    }
  }
  return interned(p, check);
}

function num(p: JsonParser): number {
  const c = p.b[p.i];
  if (c !== 45 && (c === undefined || c < 48 || c > 57)) throw UNHANDLED;
  return p.number();
}

/** This parse's number for a string: small, dense, so two of them key a series without a string. */
function local(s: Interned, next: { n: number }): number {
  if (s.gen !== generation) {
    s.gen = generation;
    s.local = ++next.n;
    if (next.n > 65_535) throw UNHANDLED;
  }
  return s.local;
}

/**
 * Scans a `readings` array at the parser's position into columns: each reading checked as
 * ReadingSchema would (required fields, types, bounds, trimmed names, timestamps through
 * parseTimestamp, inside the studio's time window), unknown keys ignored as zod ignores them. Anything else — a reading zod would
 * refuse, escapes, duplicate keys, an empty or over-long array — throws UNHANDLED, so the whole body
 * takes the ordinary path and zod names the reason.
 */
export function scanReadings(p: JsonParser): FastReadings {
  const b = p.b;
  const now = Date.now();
  generation++;
  const next = { n: 0 };
  const groups: Group[] = [];
  const index = new Map<number, Map<number, number>>();
  let ids: (string | null)[] | undefined;
  let n = 0;
  let lastKey1 = -1;
  let lastKey2 = -1;
  let lastGroup = -1;
  let prevNode: Interned | undefined, prevSensor: Interned | undefined, prevKind: Interned | undefined, prevUnit: Interned | undefined, prevLocation: Interned | undefined;
  p.i++; // [
  p.ws();
  if (b[p.i] === RBRACKET) throw UNHANDLED; // zod: at least one
  for (;;) {
    if (n >= MAX_READINGS) throw UNHANDLED;
    p.ws();
    if (b[p.i] !== LBRACE) throw UNHANDLED;
    p.i++;
    let seen = 0;
    let node: Interned | undefined, sensor: Interned | undefined, kind: Interned | undefined, location: Interned | undefined;
    let unit = EMPTY_UNIT;
    let value = NaN, ts = NaN, score = NaN, level = 0;
    let id: string | null = null;
    p.ws();
    if (b[p.i] === RBRACE) throw UNHANDLED;
    for (;;) {
      if (b[p.i] !== QUOTE) throw UNHANDLED;
      const f = key(p);
      if (f & seen) throw UNHANDLED;
      seen |= f;
      p.expect(COLON);
      p.ws();
      switch (f) {
        case F.Node: node = prevNode = internedAs(p, Check.Name, prevNode); break;
        case F.Sensor: sensor = prevSensor = internedAs(p, Check.Name, prevSensor); break;
        case F.Kind: kind = prevKind = internedAs(p, Check.Kind, prevKind); break;
        case F.Unit: unit = prevUnit = internedAs(p, Check.Unit, prevUnit); if (unit.bytes.length === 0) unit = EMPTY_UNIT; break; // "" is the default: one series
        case F.Location: location = prevLocation = internedAs(p, Check.Name, prevLocation); break;
        case F.Boot: interned(p, Check.Boot); break;
        case F.Clock: interned(p, Check.Clock); break;
        case F.Severity: level = SEVERITIES.indexOf(interned(p, Check.Severity).value as (typeof SEVERITIES)[number]) + 1; break;
        case F.Value: value = num(p); if (!Number.isFinite(value)) throw UNHANDLED; break;
        case F.Score: score = num(p); if (!(score >= 0 && score <= 1)) throw UNHANDLED; break;
        case F.Seq: { const seq = num(p); if (!Number.isSafeInteger(seq) || seq < 0) throw UNHANDLED; break; }
        case F.Ts: {
          const raw = b[p.i] === QUOTE ? p.string() : num(p);
          try { ts = parseTimestamp(raw); } catch { throw UNHANDLED; }
          if (!inTimeWindow(ts, now)) throw UNHANDLED; // the ordinary path refuses it by name and bound
          break;
        }
        case F.Id: {
          if (b[p.i] !== QUOTE) throw UNHANDLED;
          id = p.string();
          if (id.length < 1 || id.length > 256) throw UNHANDLED;
          break;
        }
        default: p.value(2); // a key zod ignores
      }
      p.ws();
      const c = b[p.i++];
      if (c === RBRACE) break;
      if (c !== COMMA) throw UNHANDLED;
      p.ws();
    }
    if (!node || !sensor || !kind || !(seen & F.Value) || !(seen & F.Ts)) throw UNHANDLED;
    const key1 = local(node, next) * 65_536 + local(sensor, next);
    const key2 = (local(kind, next) * 65_536 + local(unit, next)) * 65_536 + (location ? local(location, next) : 0);
    let g = lastGroup;
    if (key1 !== lastKey1 || key2 !== lastKey2) {
      let inner = index.get(key1);
      if (!inner) index.set(key1, (inner = new Map()));
      const known = inner.get(key2);
      if (known === undefined) {
        g = groups.length;
        groups.push({ node, sensor, kind, unit, location, count: 0, marked: false, withIds: false });
        inner.set(key2, g);
      } else g = known;
      lastKey1 = key1;
      lastKey2 = key2;
      lastGroup = g;
    }
    const group = groups[g]!;
    group.count++;
    scratchTs[n] = ts;
    scratchValue[n] = value;
    scratchSeries[n] = g;
    scratchLevel[n] = level;
    scratchScore[n] = score;
    if (level !== 0 || !Number.isNaN(score)) group.marked = true;
    if (id !== null) {
      ids ??= new Array<string | null>(MAX_READINGS).fill(null, 0, n);
      group.withIds = true;
    }
    if (ids) ids[n] = id;
    n++;
    p.ws();
    const c = b[p.i++];
    if (c === RBRACKET) break;
    if (c !== COMMA) throw UNHANDLED;
  }
  return new FastReadings(n, columns(groups, n, ids));
}

/**
 * Scatters the scratch columns into typed arrays per series, keeping order within each. Each series'
 * arrays are views into one array per column for the whole batch: two allocations, not two per
 * series (allocating a typed array was a tenth of the parse).
 */
function columns(groups: Group[], n: number, ids: (string | null)[] | undefined): SeriesColumns[] {
  const allTs = new Float64Array(n);
  const allValues = new Float64Array(n);
  const marked = groups.some((g) => g.marked);
  const allLevels = marked ? new Uint8Array(n) : undefined;
  const allScores = marked ? new Float64Array(n) : undefined;
  const start = new Int32Array(groups.length);
  let offset = 0;
  const out = groups.map((g, k): SeriesColumns => {
    const from = (start[k] = offset);
    offset += g.count;
    const cols: SeriesColumns = {
      node: g.node.value, sensor: g.sensor.value, kind: g.kind.value, unit: g.unit.value, location: g.location?.value,
      ts: allTs.subarray(from, offset), values: allValues.subarray(from, offset),
    };
    if (g.marked) { cols.levels = allLevels!.subarray(from, offset); cols.scores = allScores!.subarray(from, offset); }
    if (g.withIds) cols.ids = new Array<string | null>(g.count);
    return cols;
  });
  const at = start.slice(); // the next free place of each series, in the batch's arrays
  for (let i = 0; i < n; i++) {
    const g = scratchSeries[i]!;
    const k = at[g]!++;
    allTs[k] = scratchTs[i]!;
    allValues[k] = scratchValue[i]!;
    if (allLevels && groups[g]!.marked) { allLevels[k] = scratchLevel[i]!; allScores![k] = scratchScore[i]!; }
    if (ids) { const cols = out[g]!; if (cols.ids) cols.ids[k - start[g]!] = ids[i] ?? null; }
  }
  return out;
}
