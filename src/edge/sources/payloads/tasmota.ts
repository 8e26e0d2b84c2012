import { EARLIEST_DEVICE_TIME, isObject, jsonObject, noValue, readFields, type ParsedValue, type PayloadContext } from './fields.js';

/**
 * Tasmota `tele/<topic>/SENSOR`: one object per attached sensor plus the units,
 * `{"Time":"2026-11-23T10:00:00","BME280":{"Temperature":21.4,"Humidity":45.1,"DewPoint":9.1,"Pressure":1012.9},"PressureUnit":"hPa","TempUnit":"C"}`.
 * Each sensor's known fields become values named `<sensor>-<kind>` (`bme280-temperature`,
 * `ds18b20-1-temperature`), so a DHT22 and a BME280 on one device stay two series. TempUnit F
 * (SetOption8) and PressureUnit mmHg (SetOption24) are converted to °C and hPa. Sensors Tasmota
 * could not read report null and are skipped; ENERGY, ANALOG, DewPoint … are not quantities read here.
 * @example
 * tasmota('{"DHT22":{"Temperature":71.6},"TempUnit":"F"}', { name: 'shelf' }) // [{ field: 'dht22-temperature', kind: 'temperature', unit: '°C', value: 22 }]
 */
export function tasmota(text: string, _ctx: PayloadContext): ParsedValue[] {
  const obj = jsonObject(text);
  const units: Record<string, string> = {
    ...(typeof obj.TempUnit === 'string' ? { temperature: obj.TempUnit } : {}),
    ...(typeof obj.PressureUnit === 'string' ? { pressure: obj.PressureUnit } : {}),
  };
  const ts = tasmotaTime(obj.Time);
  const out: ParsedValue[] = [];
  const empty: string[] = [];
  for (const [device, body] of Object.entries(obj)) {
    if (!isObject(body)) continue;
    const read = readFields(body, units);
    const prefix = device.toLowerCase();
    empty.push(...read.empty.map((f) => `${device}.${f}`));
    for (const v of read.values) out.push({ ...v, field: `${prefix}-${v.field}`, ...(ts === undefined ? {} : { ts }) });
  }
  if (out.length === 0 && empty.length > 0) return noValue(`${empty.join(', ')} null (Tasmota could not read the sensor)`);
  return out;
}

/**
 * Tasmota's `Time` is the device's local time without a zone unless SetOption52 is on; a zoneless
 * one would be read in the Pi's zone, so it is trusted only when it states its offset, and only
 * once the device clock has been set (before NTP it counts from 1970).
 */
function tasmotaTime(time: unknown): number | undefined {
  if (typeof time !== 'string' || !/(Z|[+-]\d{2}:?\d{2})$/.test(time)) return undefined;
  const ms = Date.parse(time);
  return Number.isFinite(ms) && ms >= EARLIEST_DEVICE_TIME ? ms : undefined;
}
