import { noValue, plainValue, type ParsedValue, type PayloadContext, type PayloadHandler } from './fields.js';
import { CANONICAL_UNITS } from './units.js';
import { homeassistant } from './homeassistant.js';
import { esphome } from './esphome.js';
import { zigbee2mqtt } from './zigbee2mqtt.js';
import { tasmota } from './tasmota.js';
import { json } from './json.js';

/** Payload formats of the ecosystems users run; `number` is a bare number from anything else. */
export const PAYLOAD_FORMATS = ['homeassistant', 'esphome', 'zigbee2mqtt', 'tasmota', 'json', 'number'] as const;
export type PayloadFormat = (typeof PAYLOAD_FORMATS)[number];

/** One handler per format, as MQTT.js has one per packet type: each knows only its ecosystem. */
const HANDLERS: Readonly<Record<PayloadFormat, PayloadHandler>> = { homeassistant, esphome, zigbee2mqtt, tasmota, json, number: plainValue };

/**
 * Whether `s` names a payload format (for config parsing).
 * @example
 * isPayloadFormat('tasmota') // true
 */
export function isPayloadFormat(s: string): s is PayloadFormat {
  return (PAYLOAD_FORMATS as readonly string[]).includes(s);
}

/**
 * Parses a device payload in the given format. Throws an InvalidInput (or, for no reading, an InsufficientData) saying why there is no
 * value: `isNoValue(err)` for a well-formed message without a reading (skip it), otherwise the
 * payload is malformed (count it). Never returns an empty list, so nothing is dropped unexplained.
 * @example
 * parsePayload('zigbee2mqtt', '{"temperature":21.4,"humidity":45}', { name: 'shelf' }) // two values
 */
export function parsePayload(format: PayloadFormat, text: string, ctx: PayloadContext): ParsedValue[] {
  const values = HANDLERS[format](text, ctx);
  if (values.length === 0) noValue(`no known quantity (${Object.keys(CANONICAL_UNITS).join(', ')})`);
  return values;
}
