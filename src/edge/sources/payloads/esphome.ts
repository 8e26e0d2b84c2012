import { noValue, plainValue, type ParsedValue, type PayloadContext } from './fields.js';

/**
 * ESPHome's native MQTT: `<node>/sensor/<object_id>/state` → `"21.40"` (the state with the
 * sensor's accuracy_decimals), `<node>/binary_sensor/<object_id>/state` → `ON`/`OFF`. The kind
 * comes from the mapping's `kind=` or the end of the name (`esp-dock-temperature`); `wifi_signal`,
 * `uptime` and the like name no known quantity and are skipped. ESPHome publishes `nan` when a
 * read fails (a DHT22 timing out): the device saying it has no value, skipped like HA's
 * `unavailable`.
 * @example
 * esphome('21.40', { name: 'esp-dock-temperature' }) // [{ field: '', kind: 'temperature', unit: '°C', value: 21.4 }]
 * esphome('ON', { name: 'esp-hall-motion' })         // [{ field: '', kind: 'motion', unit: '', value: 1 }]
 */
export function esphome(text: string, ctx: PayloadContext): ParsedValue[] {
  if (text.trim().toLowerCase() === 'nan') return noValue('"nan" (the sensor has no valid reading: ESPHome sends nan when a read fails)');
  return plainValue(text, ctx);
}
