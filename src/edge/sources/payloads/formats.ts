import { HomelabError } from '../../../core/errors.js';
import { KNOWN_FIELDS, knownFields, toNumber, type ParsedValue } from './fields.js';

/** Payload formats of the ecosystems users run; one parser each. */
export const PAYLOAD_FORMATS = ['number', 'zigbee2mqtt', 'tasmota', 'json'] as const;
export type PayloadFormat = (typeof PAYLOAD_FORMATS)[number];

const fail = (message: string): never => { throw new HomelabError(400, message, 'payload', 'malformed_payload'); };

function parseJsonObject(text: string): Record<string, unknown> {
  let parsed: unknown;
  try { parsed = JSON.parse(text); } catch { return fail('payload is not JSON'); }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return fail('payload is not a JSON object');
  return parsed as Record<string, unknown>;
}

/**
 * Home Assistant state topics and ESPHome `…/sensor/<name>/state`: one number per topic; the kind
 * comes from the topic mapping (or the sensor name when it names a known quantity).
 */
function number(text: string, hint?: string): ParsedValue[] {
  const value = toNumber(text);
  if (value === undefined) return fail(`payload "${text.slice(0, 40)}" is not a number`);
  const known = hint ? Object.entries(KNOWN_FIELDS).find(([k]) => hint.toLowerCase().includes(k))?.[1] : undefined;
  return [{ field: '', kind: known?.kind ?? hint ?? 'value', unit: known?.unit ?? '', value }];
}

/** Zigbee2MQTT `zigbee2mqtt/<friendly_name>`: `{"temperature":21.4,"humidity":45.1,"battery":97,"linkquality":120}`. */
function zigbee2mqtt(text: string): ParsedValue[] {
  return knownFields(parseJsonObject(text));
}

/** Tasmota `tele/<device>/SENSOR`: `{"Time":…,"DHT22":{"Temperature":21.4,"Humidity":45.1},"TempUnit":"C"}`. */
function tasmota(text: string): ParsedValue[] {
  const obj = parseJsonObject(text);
  const fahrenheit = obj.TempUnit === 'F';
  const ts = typeof obj.Time === 'string' ? Date.parse(obj.Time) : NaN;
  const out: ParsedValue[] = [];
  for (const [device, body] of Object.entries(obj)) {
    if (typeof body !== 'object' || body === null || Array.isArray(body)) continue;
    for (const v of knownFields(body as Record<string, unknown>)) {
      const value = v.kind === 'temperature' && fahrenheit ? Math.round(((v.value - 32) * 5 / 9) * 100) / 100 : v.value;
      out.push({ ...v, field: `${device.toLowerCase()}-${v.field}`, value, ...(Number.isFinite(ts) ? { ts } : {}) });
    }
  }
  return out;
}

/** Generic JSON: known fields, or `{"value": 21.4, "ts": …}` with the kind from the mapping. */
function json(text: string, hint?: string): ParsedValue[] {
  const obj = parseJsonObject(text);
  const ts = typeof obj.ts === 'number' ? obj.ts : typeof obj.ts === 'string' ? Date.parse(obj.ts) : NaN;
  const withTs = (vs: ParsedValue[]) => vs.map((v) => (Number.isFinite(ts) ? { ...v, ts } : v));
  if ('value' in obj) return withTs(number(String(obj.value), hint));
  return withTs(knownFields(obj));
}

/**
 * Parses a device payload in the given format into values. Throws a 400 HomelabError saying
 * what is wrong; a payload without any known quantity is an error too (nothing silently dropped).
 * @example
 * parsePayload('zigbee2mqtt', '{"temperature":21.4,"humidity":45}') // two values
 */
export function parsePayload(format: PayloadFormat, text: string, hint?: string): ParsedValue[] {
  const values = { number, zigbee2mqtt, tasmota, json }[format](text, hint);
  if (values.length === 0) fail('payload has no known quantity (temperature, humidity, pressure, battery, illuminance, co2, motion)');
  return values;
}
