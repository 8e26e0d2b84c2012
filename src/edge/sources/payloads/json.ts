import { deviceTime, jsonObject, kindFromName, kindNamed, payloadError, readFields, clip, valueOf, valuesOrNulls, type ParsedValue, type PayloadContext } from './fields.js';
import { toCanonical } from './units.js';

/**
 * Generic JSON from DIY devices: named quantities `{"temperature":21.4,"humidity":45}`, or one
 * value `{"value":21.4,"unit":"°C","ts":1795428000000}` whose kind is the payload's `kind`, the
 * mapping's, or the one the sensor name ends with. `ts` (or `timestamp`/`time`) may be epoch ms,
 * epoch s or RFC 3339; without one the value is timed on arrival.
 * @example
 * json('{"value":21.4,"ts":1795428000000}', { name: 'rack', kind: 'temperature' }) // [{ field: '', kind: 'temperature', unit: '°C', value: 21.4, ts: 1795428000000 }]
 */
export function json(text: string, ctx: PayloadContext): ParsedValue[] {
  const obj = jsonObject(text);
  const rawTs = obj.ts ?? obj.timestamp ?? obj.time;
  const ts = rawTs === undefined ? undefined : deviceTime(rawTs);
  // A timestamp that cannot be read would file the value at the wrong time: refuse the message.
  if (rawTs !== undefined && ts === undefined) return payloadError(`ts ${clip(JSON.stringify(rawTs) ?? '')} is not a time after 2020 (epoch ms, epoch s or RFC 3339)`);
  const at = (vs: ParsedValue[]): ParsedValue[] => (ts === undefined ? vs : vs.map((v) => ({ ...v, ts })));
  if (!('value' in obj)) return at(valuesOrNulls(readFields(obj)));
  const sent = typeof obj.kind === 'string' && obj.kind.trim() ? obj.kind : ctx.kind;
  const kind = sent !== undefined ? kindNamed(sent) : kindFromName(ctx.name)?.kind;
  // Unlike a Home Assistant entity, a DIY device that sends {"value"} is meant to be read: say so.
  if (!kind) return payloadError(`sensor "${ctx.name}" names no known quantity; send "kind" or set kind= in its topic mapping`);
  const number = valueOf(kind, obj.value);
  if (number === undefined) return payloadError(`value ${clip(JSON.stringify(obj.value) ?? 'undefined')} is not a number`);
  const unit = typeof obj.unit === 'string' ? obj.unit : ctx.unit;
  return at([{ field: '', kind, ...toCanonical(kind, unit, number) }]);
}
