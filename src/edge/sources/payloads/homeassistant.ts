import { noValue, plainValue, type ParsedValue, type PayloadContext } from './fields.js';

/**
 * States Home Assistant gives an entity with no value: `unknown` (not read yet, e.g. just after
 * a restart), `unavailable` (its device or integration is offline). Not readings, and not broken
 * payloads either: the studio's deadman alerts are what notice a sensor that stays silent.
 */
const NO_VALUE_STATES: ReadonlySet<string> = new Set(['unavailable', 'unknown', 'none', '']);

/**
 * Home Assistant `mqtt_statestream`: one plain state per entity,
 * `homeassistant/sensor/warehouse_temp/state` → `21.4`, `homeassistant/binary_sensor/hall_motion/state`
 * → `on`/`off`. The kind comes from the mapping's `kind=` or the end of the entity id
 * (`warehouse_temp` → temperature); entities whose id names no known quantity (`sun_next_rising`,
 * `phone_wifi_connection`) are skipped, so text states never count as malformed. HA states are in
 * the user's unit system: an imperial install needs `unit=°F` on the mapping (temperatures are
 * converted to °C, other kinds keep theirs).
 * @example
 * homeassistant('21.4', { name: 'warehouse_temp' }) // [{ field: '', kind: 'temperature', unit: '°C', value: 21.4 }]
 * homeassistant('unavailable', { name: 'warehouse_temp' }) // throws noValue('state "unavailable" …')
 */
export function homeassistant(text: string, ctx: PayloadContext): ParsedValue[] {
  const state = text.trim();
  if (NO_VALUE_STATES.has(state.toLowerCase())) return noValue(`state "${state}" (the entity has no current value)`);
  return plainValue(state, ctx);
}
