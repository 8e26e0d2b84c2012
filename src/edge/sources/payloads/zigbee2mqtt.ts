import { jsonObject, readFields, valuesOrNulls, type ParsedValue, type PayloadContext } from './fields.js';

/**
 * Zigbee2MQTT `zigbee2mqtt/<friendly_name>`: one JSON object per device with every exposed value,
 * `{"temperature":21.4,"humidity":45.1,"pressure":1013.2,"battery":97,"voltage":2985,"linkquality":120}`.
 * Known quantities become values (occupancy → motion 0/1; illuminance_lux preferred to a raw
 * illuminance); linkquality, voltage, state, update … are ignored. Z2M reports °C and hPa whatever
 * the user's locale. A bulb or plug (`{"state":"ON","brightness":254}`) carries no quantity and is
 * skipped by parsePayload. Fields that are null (Z2M after a restart, before the device reports)
 * are no reading.
 * @example
 * zigbee2mqtt('{"temperature":21.4,"linkquality":120}', { name: 'shelf' }) // [{ field: 'temperature', kind: 'temperature', unit: '°C', value: 21.4 }]
 */
export function zigbee2mqtt(text: string, _ctx: PayloadContext): ParsedValue[] {
  return valuesOrNulls(readFields(jsonObject(text)));
}
