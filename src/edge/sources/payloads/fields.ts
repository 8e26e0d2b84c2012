import { InsufficientData, InvalidInput } from '../../../core/errors.js';
import { CANONICAL_UNITS, toCanonical } from './units.js';

/** A measured quantity recognised in a device payload: the kind it becomes and its unit. */
export interface FieldKind {
  kind: string;
  unit: string;
}

const known = (kind: string): FieldKind => ({ kind, unit: CANONICAL_UNITS[kind] ?? '' });
const TEMPERATURE = known('temperature');
const HUMIDITY = known('humidity');
const ILLUMINANCE = known('illuminance');
const CO2 = known('co2');
const MOTION = known('motion');

/**
 * Field names devices use (lower-cased, `_` kept) → kinds. Unknown fields (linkquality, voltage,
 * DewPoint, state …) are ignored, never guessed: a wrong kind would feed a detector tuned for
 * another quantity.
 */
export const KNOWN_FIELDS: Readonly<Record<string, FieldKind>> = {
  temperature: TEMPERATURE, temp: TEMPERATURE,
  humidity: HUMIDITY, hum: HUMIDITY,
  pressure: known('pressure'),
  battery: known('battery'),
  illuminance: ILLUMINANCE, illuminance_lux: ILLUMINANCE, lux: ILLUMINANCE,
  // Tasmota's SCD30/MH-Z19 say CarbonDioxide, its CCS811/SGP30 eCO2; Home Assistant carbon_dioxide.
  co2: CO2, carbondioxide: CO2, carbon_dioxide: CO2, eco2: CO2,
  occupancy: MOTION, motion: MOTION, presence: MOTION,
};

/**
 * Fields read only when the payload has no other field of their kind. Zigbee2MQTT 1.x sends a
 * Hue motion sensor's raw `illuminance` beside `illuminance_lux`; Tasmota's SCD30 sends its
 * estimated `eCO2` beside the measured `CarbonDioxide`. One series per kind, the better one.
 */
const FALLBACK_FIELDS: ReadonlySet<string> = new Set(['illuminance', 'eco2']);

/** Kinds whose values are states (on/off, true/false), not amounts. */
const BINARY_KINDS: ReadonlySet<string> = new Set(['motion']);
const BINARY_STATES: ReadonlySet<string> = new Set(['on', 'off', 'true', 'false']);

/** One value a payload yielded, before the source gives it node, sensor name and time. */
export interface ParsedValue {
  /** Suffix for the sensor name when a payload carries several quantities (e.g. "temperature"); '' for one. */
  field: string;
  kind: string;
  unit: string;
  value: number;
  /** When the device says it measured (epoch ms); absent → the time the message arrived. */
  ts?: number;
}

/** What a handler knows besides the payload: the sensor name and the mapping's overrides. */
export interface PayloadContext {
  /** The sensor name the topic mapping produced (its last words may name the quantity). */
  name: string;
  /** The kind of single-value payloads, when the name does not say it. */
  kind?: string;
  /** The unit single-value payloads are in (converted for known kinds, see {@link toCanonical}). */
  unit?: string;
}

/** A handler per message format: payload text in, values out; throws {@link payloadError} or {@link noValue}. */
export type PayloadHandler = (text: string, ctx: PayloadContext) => ParsedValue[];

/** The `reason` of a well-formed message that carries no reading (see {@link noValue}). */
export const NO_VALUE = 'no_value';

/**
 * Throws for a payload that is not what its format publishes (broken JSON, text where a number
 * belongs): the MQTT source counts it as malformed, never crashes.
 * @example
 * payloadError('payload is not JSON') // throws InvalidInput(…, { field: 'payload', reason: 'malformed_payload' })
 */
export function payloadError(message: string): never {
  throw new InvalidInput(message, { field: 'payload', reason: 'malformed_payload' });
}

/**
 * Throws for a well-formed message that carries no reading: Home Assistant's `unavailable`, a
 * bulb's `{"state":"ON"}`, an ESPHome `wifi_signal`. Nothing is wrong with it, so it is skipped
 * (and logged once per topic), not counted as malformed: a busy broker would otherwise bury the
 * real malformed payloads under thousands of harmless ones.
 * @example
 * noValue('state "unavailable"') // throws InsufficientData(…, { field: 'payload', reason: 'no_value' })
 */
export function noValue(message: string): never {
  throw new InsufficientData(message, { field: 'payload', reason: NO_VALUE });
}

/**
 * Whether an error thrown by a handler is a {@link noValue} skip rather than a malformed payload.
 * @example
 * try { parsePayload('homeassistant', 'unknown', ctx) } catch (err) { isNoValue(err) } // true
 */
export function isNoValue(err: unknown): boolean {
  return err instanceof InsufficientData && err.reason === NO_VALUE;
}

/**
 * Payload text shortened for error messages (a log line, not a dump).
 * @example
 * clip('x'.repeat(100)).length // 41
 */
export function clip(text: string): string {
  const t = text.trim();
  return t.length > 40 ? `${t.slice(0, 40)}…` : t;
}

/**
 * Numbers, numeric strings and on/off states become numbers; anything else is not a value.
 * @example
 * toNumber('21.40') // 21.4
 * toNumber('ON')    // 1
 * toNumber('nan')   // undefined
 */
export function toNumber(v: unknown): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v !== 'string') return undefined;
  const t = v.trim().toLowerCase();
  if (t === 'on' || t === 'true') return 1;
  if (t === 'off' || t === 'false') return 0;
  // Number('') and Number('0x1A') are numbers to JS, not to a sensor.
  if (!/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/.test(t)) return undefined;
  return Number(t);
}

/**
 * A raw value read as the given kind: like {@link toNumber}, but an on/off state is refused for
 * known amounts (a battery-low binary sensor's `on` is not a battery level of 1 %). Custom kinds
 * (`kind=door` in a mapping) take on/off as 1/0.
 * @example
 * valueOf('motion', true)     // 1
 * valueOf('battery', 'on')    // undefined
 * valueOf('door', 'off')      // 0
 */
export function valueOf(kind: string, raw: unknown): number | undefined {
  const binary = typeof raw === 'boolean' || (typeof raw === 'string' && BINARY_STATES.has(raw.trim().toLowerCase()));
  if (binary && CANONICAL_UNITS[kind] !== undefined && !BINARY_KINDS.has(kind)) return undefined;
  return toNumber(raw);
}

// Words that trail a quantity in entity names without changing it (`phone_battery_level`).
const FILLER_WORDS: ReadonlySet<string> = new Set(['sensor', 'level', 'value', 'reading', 'measurement']);

/**
 * The quantity a sensor name ends with, if any: `warehouse_temp` → temperature,
 * `dock_carbon_dioxide` → co2. Only the end counts (after a duplicate counter like `_2` and filler
 * like `_level`): `co2_monitor_wifi_signal` is a Wi-Fi signal, not CO2.
 * @example
 * kindFromName('dock_carbon_dioxide')  // { kind: 'co2', unit: 'ppm' }
 * kindFromName('phone_battery_level')  // { kind: 'battery', unit: '%' }
 * kindFromName('esp-dock-wifi_signal') // undefined
 */
export function kindFromName(name: string): FieldKind | undefined {
  const words = name.toLowerCase().split(/[^a-z0-9]+/).filter(Boolean);
  while (words.length > 0 && (FILLER_WORDS.has(words.at(-1)!) || /^\d+$/.test(words.at(-1)!))) words.pop();
  const last = words.at(-1);
  if (last === undefined) return undefined;
  const pair = words.length > 1 ? KNOWN_FIELDS[`${words.at(-2)}_${last}`] : undefined;
  return pair ?? KNOWN_FIELDS[last];
}

/**
 * A kind as configured or sent, with device spellings of known kinds made the recorded one, so
 * `kind=temp` and `kind=occupancy` join the `temperature` and `motion` series.
 * @example
 * kindNamed('Temp') // 'temperature'
 * kindNamed('door') // 'door'
 */
export function kindNamed(kind: string): string {
  const k = kind.trim();
  return KNOWN_FIELDS[k.toLowerCase()]?.kind ?? k;
}

/** What {@link readFields} found: values, and the known fields that were null (no reading now). */
export interface FieldsRead {
  values: ParsedValue[];
  empty: string[];
}

/**
 * Picks the known quantities out of a flat JSON object, one per kind. `units` says what unit a
 * kind is in when not the recorded one (Tasmota's TempUnit). Unknown fields are skipped; a known
 * field that is null is listed in `empty` (the device has no reading); a known field with a value
 * that is not a number makes the whole payload malformed, as the device is broken or mis-mapped.
 * @example
 * readFields({ temperature: 21.4, linkquality: 120 }).values // [{ field: 'temperature', kind: 'temperature', unit: '°C', value: 21.4 }]
 */
export function readFields(obj: Record<string, unknown>, units: Readonly<Record<string, string>> = {}): FieldsRead {
  const byKind = new Map<string, { value: ParsedValue; fallback: boolean }>();
  const empty: string[] = [];
  for (const [name, raw] of Object.entries(obj)) {
    const lower = name.toLowerCase();
    const field = KNOWN_FIELDS[lower];
    if (!field) continue;
    if (raw === null) { empty.push(name); continue; }
    const number = valueOf(field.kind, raw);
    if (number === undefined) return payloadError(`${name} ${clip(JSON.stringify(raw) ?? String(raw))} is not a number`);
    const fallback = FALLBACK_FIELDS.has(lower);
    const had = byKind.get(field.kind);
    if (had && !(had.fallback && !fallback)) continue;
    const { unit, value } = toCanonical(field.kind, units[field.kind], number);
    byKind.set(field.kind, { value: { field: field.kind, kind: field.kind, unit, value }, fallback });
  }
  return { values: [...byKind.values()].map((v) => v.value), empty };
}

/**
 * The values of a {@link readFields} result, or a {@link noValue} skip when the device sent only
 * nulls (Tasmota's DHT after a failed read). An empty result goes on to `parsePayload`, which skips
 * it as carrying no known quantity.
 * @example
 * valuesOrNulls(readFields({ temperature: null })) // throws noValue('temperature null (the device has no reading)')
 */
export function valuesOrNulls(read: FieldsRead): ParsedValue[] {
  if (read.values.length === 0 && read.empty.length > 0) return noValue(`${read.empty.join(', ')} null (the device has no reading)`);
  return read.values;
}

/**
 * One value per topic (Home Assistant, ESPHome, bare numbers): the kind is the mapping's, else
 * the one the sensor name ends with. A name of no known quantity is skipped with what to
 * configure; a known quantity whose payload is not a number is malformed.
 * @example
 * plainValue('71.6', { name: 'porch', kind: 'temperature', unit: '°F' }) // [{ field: '', kind: 'temperature', unit: '°C', value: 22 }]
 */
export function plainValue(text: string, ctx: PayloadContext): ParsedValue[] {
  const kind = ctx.kind !== undefined ? kindNamed(ctx.kind) : kindFromName(ctx.name)?.kind;
  if (!kind) return noValue(`"${ctx.name}" names no known quantity (${Object.keys(CANONICAL_UNITS).join(', ')}); set kind= in its topic mapping to read it`);
  const number = valueOf(kind, text);
  if (number === undefined) return payloadError(`payload "${clip(text)}" is not a ${kind} value (a number${BINARY_KINDS.has(kind) ? ' or on/off' : ''})`);
  return [{ field: '', kind, ...toCanonical(kind, ctx.unit, number) }];
}

/**
 * Parses a JSON object payload, refusing arrays, scalars and invalid JSON with a clear reason.
 * @example
 * jsonObject('{"temperature":21.4}') // { temperature: 21.4 }
 * jsonObject('[1,2]')                // throws 'payload is not a JSON object (an array)'
 */
export function jsonObject(text: string): Record<string, unknown> {
  let parsed: unknown;
  try { parsed = JSON.parse(text); } catch { return payloadError(`payload "${clip(text)}" is not JSON`); }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    return payloadError(`payload is not a JSON object (${Array.isArray(parsed) ? 'an array' : parsed === null ? 'null' : `a ${typeof parsed}`})`);
  }
  return parsed as Record<string, unknown>;
}

/**
 * Whether a JSON value is an object (not an array or null).
 * @example
 * isObject({ Temperature: 21 }) // true
 * isObject([1])                 // false
 */
export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Device times before this are a clock that was never set (an ESP without NTP counts from 1970). */
export const EARLIEST_DEVICE_TIME = Date.UTC(2020, 0, 1);

/**
 * A device timestamp: epoch ms, epoch seconds (below 1e11, i.e. before 1973 in ms — what ESP and
 * Arduino `time()` send) or an RFC 3339 string; undefined when it is none of these or before 2020.
 * @example
 * deviceTime(1795428000)             // 1795428000000
 * deviceTime('2026-11-23T10:00:00Z') // 1795428000000
 * deviceTime(315)                    // undefined (5 minutes after 1970: the clock is not set)
 */
export function deviceTime(v: unknown): number | undefined {
  const n = typeof v === 'string' && /^\d+(\.\d+)?$/.test(v.trim()) ? Number(v) : v;
  let ms: number | undefined;
  if (typeof n === 'number') ms = Number.isFinite(n) ? Math.round(n < 1e11 ? n * 1000 : n) : undefined;
  else if (typeof n === 'string') ms = Date.parse(n);
  return ms !== undefined && Number.isFinite(ms) && ms >= EARLIEST_DEVICE_TIME ? ms : undefined;
}
