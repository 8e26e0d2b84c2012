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

/** Whether the key at `s` is `w` (its first byte already matched). A plain function: no closure per key. */
function is(b: Uint8Array, s: number, w: string): boolean {
  for (let k = 1; k < w.length; k++) if (b[s + k] !== w.charCodeAt(k)) return false;
  return true;
}

/** Which field a key names, from its bytes (no string made for the key). */
function field(b: Uint8Array, s: number, len: number): number {
  const c = b[s];
  switch (len) {
    case 2: return c === 116 && b[s + 1] === 115 ? F.Ts : c === 105 && b[s + 1] === 100 ? F.Id : 0;
    case 3: return c === 115 && is(b, s, 'seq') ? F.Seq : 0;
    case 4: return c === 110 && is(b, s, 'node') ? F.Node : c === 107 && is(b, s, 'kind') ? F.Kind : c === 117 && is(b, s, 'unit') ? F.Unit : c === 98 && is(b, s, 'boot') ? F.Boot : 0;
    case 5: return c === 118 && is(b, s, 'value') ? F.Value : c === 99 && is(b, s, 'clock') ? F.Clock : c === 115 && is(b, s, 'score') ? F.Score : 0;
    case 6: return c === 115 && is(b, s, 'sensor') ? F.Sensor : 0;
    case 8: return c === 108 && is(b, s, 'location') ? F.Location : c === 115 && is(b, s, 'severity') ? F.Severity : 0;
    default: return 0;
  }
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
      p.stringSpan();
      if (p.spanEscaped) throw UNHANDLED;
      const f = field(b, p.spanStart, p.spanEnd - p.spanStart);
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

/** Scatters the scratch columns into one set of typed arrays per series, keeping order within each. */
function columns(groups: Group[], n: number, ids: (string | null)[] | undefined): SeriesColumns[] {
  const out = groups.map((g): SeriesColumns => {
    const cols: SeriesColumns = {
      node: g.node.value, sensor: g.sensor.value, kind: g.kind.value, unit: g.unit.value, location: g.location?.value,
      ts: new Float64Array(g.count), values: new Float64Array(g.count),
    };
    if (g.marked) { cols.levels = new Uint8Array(g.count); cols.scores = new Float64Array(g.count); }
    if (g.withIds) cols.ids = new Array<string | null>(g.count);
    return cols;
  });
  const at = new Int32Array(groups.length);
  for (let i = 0; i < n; i++) {
    const g = scratchSeries[i]!;
    const k = at[g]!++;
    const cols = out[g]!;
    cols.ts[k] = scratchTs[i]!;
    cols.values[k] = scratchValue[i]!;
    if (cols.levels) { cols.levels[k] = scratchLevel[i]!; cols.scores![k] = scratchScore[i]!; }
    if (cols.ids) cols.ids[k] = ids![i] ?? null;
  }
  return out;
}
