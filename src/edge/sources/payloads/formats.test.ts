import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parsePayload, isPayloadFormat, PAYLOAD_FORMATS, type PayloadFormat } from './formats.js';
import { isNoValue, type PayloadContext } from './fields.js';

const ctx = (name: string, more: Omit<PayloadContext, 'name'> = {}): PayloadContext => ({ name, ...more });
const parse = (format: PayloadFormat, text: string, c: PayloadContext = ctx('dev')) => parsePayload(format, text, c);
const rows = (format: PayloadFormat, text: string, c?: PayloadContext) => parse(format, text, c).map((v) => [v.field, v.kind, v.value, v.unit]);

/** Asserts the payload is malformed (counted) with a message matching `re`. */
function malformed(format: PayloadFormat, text: string, re: RegExp, c?: PayloadContext): void {
  assert.throws(() => parse(format, text, c), (err: Error) => !isNoValue(err) && re.test(err.message), `${format} ${text} should be malformed: ${re}`);
}
/** Asserts the payload is well-formed but has no reading (skipped) with a message matching `re`. */
function skipped(format: PayloadFormat, text: string, re: RegExp, c?: PayloadContext): void {
  assert.throws(() => parse(format, text, c), (err: Error) => isNoValue(err) && re.test(err.message), `${format} ${text} should be skipped: ${re}`);
}

test('formats: the six names, and nothing else', () => {
  assert.deepEqual([...PAYLOAD_FORMATS], ['homeassistant', 'esphome', 'zigbee2mqtt', 'tasmota', 'json', 'number']);
  assert.ok(isPayloadFormat('esphome'));
  assert.ok(!isPayloadFormat('Tasmota') && !isPayloadFormat(''));
});

test('Zigbee2MQTT: an Aqara climate sensor, known fields only (linkquality, voltage ignored)', () => {
  const aqara = '{"battery":100,"humidity":45.12,"linkquality":120,"power_outage_count":5,"pressure":1013.2,"temperature":21.44,"voltage":3005}';
  assert.deepEqual(rows('zigbee2mqtt', aqara), [
    ['battery', 'battery', 100, '%'], ['humidity', 'humidity', 45.12, '%'], ['pressure', 'pressure', 1013.2, 'hPa'], ['temperature', 'temperature', 21.44, '°C'],
  ]);
});

test('Zigbee2MQTT: motion sensors — occupancy as 0/1, illuminance_lux preferred to raw illuminance, device_temperature ignored', () => {
  const hue = '{"illuminance":19824,"illuminance_lux":96,"occupancy":false,"temperature":20.5,"battery":100,"linkquality":100,"motion_sensitivity":"high"}';
  assert.deepEqual(rows('zigbee2mqtt', hue), [['illuminance', 'illuminance', 96, 'lx'], ['motion', 'motion', 0, ''], ['temperature', 'temperature', 20.5, '°C'], ['battery', 'battery', 100, '%']]);
  // Z2M 2.x: only `illuminance`, in lux.
  const aqara = '{"battery":100,"device_temperature":26,"illuminance":46,"linkquality":72,"occupancy":true,"voltage":3015}';
  assert.deepEqual(rows('zigbee2mqtt', aqara), [['battery', 'battery', 100, '%'], ['illuminance', 'illuminance', 46, 'lx'], ['motion', 'motion', 1, '']]);
});

test('Zigbee2MQTT: a bulb or an unreported device is skipped, not malformed', () => {
  skipped('zigbee2mqtt', '{"brightness":254,"color_temp":370,"linkquality":116,"state":"ON","update":{"state":"idle"}}', /no known quantity/);
  skipped('zigbee2mqtt', '{"linkquality":120}', /no known quantity/);
  skipped('zigbee2mqtt', '{"temperature":null,"humidity":null,"linkquality":null}', /temperature, humidity null/);
});

test('Zigbee2MQTT: broken payloads are malformed, with the reason', () => {
  malformed('zigbee2mqtt', '{not json', /payload "\{not json" is not JSON/);
  malformed('zigbee2mqtt', '"21.4"', /not a JSON object \(a string\)/);
  malformed('zigbee2mqtt', '[1,2]', /not a JSON object \(an array\)/);
  malformed('zigbee2mqtt', 'null', /not a JSON object \(null\)/);
  malformed('zigbee2mqtt', '{"temperature":"hot","humidity":45}', /temperature "hot" is not a number/);
  malformed('zigbee2mqtt', '{"battery":true}', /battery true is not a number/);
});

test('Tasmota: a BME280, zoneless Time ignored (the device\'s local time), DewPoint ignored', () => {
  const v = parse('tasmota', '{"Time":"2026-11-23T10:00:00","BME280":{"Temperature":22.1,"Humidity":40.0,"DewPoint":7.9,"Pressure":1012.9},"PressureUnit":"hPa","TempUnit":"C"}');
  assert.deepEqual(v.map((x) => [x.field, x.kind, x.value, x.unit]), [
    ['bme280-temperature', 'temperature', 22.1, '°C'], ['bme280-humidity', 'humidity', 40, '%'], ['bme280-pressure', 'pressure', 1012.9, 'hPa'],
  ]);
  assert.ok(v.every((x) => x.ts === undefined));
});

test('Tasmota: TempUnit F and PressureUnit mmHg converted; a Time with its offset is taken', () => {
  const v = parse('tasmota', '{"Time":"2026-11-23T10:00:00+01:00","BME280":{"Temperature":71.6,"Humidity":45.1,"DewPoint":49.5,"Pressure":760.0},"PressureUnit":"mmHg","TempUnit":"F"}');
  assert.deepEqual(v.map((x) => [x.field, x.value, x.unit]), [['bme280-temperature', 22, '°C'], ['bme280-humidity', 45.1, '%'], ['bme280-pressure', 1013.25, 'hPa']]);
  assert.ok(v.every((x) => x.ts === Date.parse('2026-11-23T09:00:00Z')));
  // Before NTP a device counts from 1970: that is not when it measured.
  assert.equal(parse('tasmota', '{"Time":"1970-01-01T00:05:23+00:00","DHT22":{"Temperature":21}}')[0]!.ts, undefined);
});

test('Tasmota: several sensors stay several series; SCD30 CarbonDioxide preferred to its eCO2 estimate', () => {
  assert.deepEqual(rows('tasmota', '{"Time":"2026-11-23T10:00:00","DS18B20-1":{"Id":"01144A0CB2AA","Temperature":21.3},"DS18B20-2":{"Id":"0316A2795F0E","Temperature":4.5},"TempUnit":"C"}'), [
    ['ds18b20-1-temperature', 'temperature', 21.3, '°C'], ['ds18b20-2-temperature', 'temperature', 4.5, '°C'],
  ]);
  assert.deepEqual(rows('tasmota', '{"SCD30":{"eCO2":411,"CarbonDioxide":431,"Temperature":21.9,"Humidity":44.4,"DewPoint":9.2},"TempUnit":"C"}'), [
    ['scd30-co2', 'co2', 431, 'ppm'], ['scd30-temperature', 'temperature', 21.9, '°C'], ['scd30-humidity', 'humidity', 44.4, '%'],
  ]);
});

test('Tasmota: a failed read (nulls) and an energy meter are skipped; garbage is malformed', () => {
  skipped('tasmota', '{"Time":"2026-11-23T10:00:00","DHT11":{"Temperature":null,"Humidity":null,"DewPoint":null},"TempUnit":"C"}', /DHT11\.Temperature, DHT11\.Humidity null/);
  skipped('tasmota', '{"Time":"2026-11-23T10:00:00","ENERGY":{"Total":1.234,"Power":12,"Voltage":230,"Current":0.087}}', /no known quantity/);
  malformed('tasmota', '{"BME280":{"Temperature":"err"}}', /Temperature "err" is not a number/);
  malformed('tasmota', 'ON', /not JSON/);
});

test('Home Assistant: numeric states, kind from the end of the entity id', () => {
  assert.deepEqual(parse('homeassistant', '21.4', ctx('warehouse_temp')), [{ field: '', kind: 'temperature', unit: '°C', value: 21.4 }]);
  assert.deepEqual(rows('homeassistant', '87', ctx('phone_battery_level')), [['', 'battery', 87, '%']]);
  assert.deepEqual(rows('homeassistant', '412', ctx('office_carbon_dioxide')), [['', 'co2', 412, 'ppm']]);
  // HA suffixes _2 to a duplicate entity id.
  assert.deepEqual(rows('homeassistant', '20.9', ctx('living_room_temperature_2')), [['', 'temperature', 20.9, '°C']]);
});

test('Home Assistant: binary sensors on/off; a battery-low binary sensor is not a battery level', () => {
  assert.equal(parse('homeassistant', 'on', ctx('hallway_motion'))[0]!.value, 1);
  assert.equal(parse('homeassistant', 'off', ctx('hallway_occupancy'))[0]!.value, 0);
  malformed('homeassistant', 'on', /payload "on" is not a battery value \(a number\)/, ctx('door_sensor_battery'));
  assert.equal(parse('homeassistant', 'on', ctx('front_door', { kind: 'door' }))[0]!.value, 1);
});

test('Home Assistant: unavailable/unknown and text entities are skipped; garbage for a known quantity is malformed', () => {
  skipped('homeassistant', 'unavailable', /state "unavailable" \(the entity has no current value\)/, ctx('warehouse_temp'));
  skipped('homeassistant', 'unknown', /state "unknown"/, ctx('warehouse_temp'));
  skipped('homeassistant', '2026-11-24T06:58:00+00:00', /"sun_next_rising" names no known quantity .*set kind=/, ctx('sun_next_rising'));
  skipped('homeassistant', 'charging', /names no known quantity/, ctx('phone_battery_state'));
  malformed('homeassistant', 'warm', /payload "warm" is not a temperature value/, ctx('warehouse_temperature'));
});

test('Home Assistant: the mapping\'s kind= and unit= (an imperial install: °F converted, humidity untouched)', () => {
  assert.deepEqual(parse('homeassistant', '71.6', ctx('porch', { kind: 'temperature', unit: '°F' })), [{ field: '', kind: 'temperature', unit: '°C', value: 22 }]);
  assert.deepEqual(rows('homeassistant', '71.6', ctx('porch_temperature', { unit: '°F' })), [['', 'temperature', 22, '°C']]);
  assert.deepEqual(rows('homeassistant', '45', ctx('porch_humidity', { unit: '°F' })), [['', 'humidity', 45, '%']]);
  assert.deepEqual(rows('homeassistant', '29.92', ctx('porch_pressure', { unit: 'inHg' })), [['', 'pressure', 1013.21, 'hPa']]);
  assert.deepEqual(rows('homeassistant', '12', ctx('kitchen_pm25', { kind: 'pm25', unit: 'µg/m³' })), [['', 'pm25', 12, 'µg/m³']]);
  assert.deepEqual(rows('homeassistant', '1', ctx('x', { kind: 'occupancy' })), [['', 'motion', 1, '']]);
});

test('ESPHome: sensor state with accuracy_decimals, binary sensors ON/OFF', () => {
  assert.deepEqual(parse('esphome', '21.40', ctx('esp-dock-temperature')), [{ field: '', kind: 'temperature', unit: '°C', value: 21.4 }]);
  assert.deepEqual(rows('esphome', '1012.87', ctx('esp-dock-bme280_pressure')), [['', 'pressure', 1012.87, 'hPa']]);
  assert.deepEqual(rows('esphome', 'ON', ctx('esp-hall-motion')), [['', 'motion', 1, '']]);
  assert.deepEqual(rows('esphome', 'OFF', ctx('esp-hall-pir', { kind: 'motion' })), [['', 'motion', 0, '']]);
});

test('ESPHome: nan, wifi_signal and uptime skipped (the node name does not lend its quantity); garbage malformed', () => {
  skipped('esphome', 'nan', /"nan" \(the sensor has no valid reading/, ctx('esp-dock-temperature'));
  skipped('esphome', '-67', /"co2-monitor-wifi_signal" names no known quantity/, ctx('co2-monitor-wifi_signal'));
  skipped('esphome', '3600', /names no known quantity/, ctx('esp-dock-uptime'));
  malformed('esphome', 'ON', /"ON" is not a temperature value/, ctx('esp-dock-temperature'));
  malformed('esphome', '0x1A', /"0x1A" is not a humidity value/, ctx('esp-dock-humidity'));
});

test('json: named quantities with a timestamp in epoch seconds, ms or RFC 3339', () => {
  const v = parse('json', '{"temperature":21.4,"humidity":45,"ts":1795428000}');
  assert.deepEqual(v.map((x) => [x.field, x.value, x.ts]), [['temperature', 21.4, 1795428000000], ['humidity', 45, 1795428000000]]);
  assert.equal(parse('json', '{"pressure":1009,"timestamp":"2026-11-23T10:00:00Z"}')[0]!.ts, 1795428000000);
  assert.equal(parse('json', '{"co2":600,"time":1795428000000}')[0]!.ts, 1795428000000);
  assert.equal(parse('json', '{"co2":600}')[0]!.ts, undefined);
});

test('json: one value, its kind from the payload, the mapping or the name; units converted', () => {
  assert.deepEqual(parse('json', '{"value":71.6,"kind":"temp","unit":"°F","ts":1795428000000}'), [{ field: '', kind: 'temperature', unit: '°C', value: 22, ts: 1795428000000 }]);
  assert.deepEqual(rows('json', '{"value":3.2}', ctx('rack', { kind: 'vibration', unit: 'mm/s' })), [['', 'vibration', 3.2, 'mm/s']]);
  assert.deepEqual(rows('json', '{"value":"55.5"}', ctx('rack-humidity')), [['', 'humidity', 55.5, '%']]);
});

test('json: malformed payloads say what is wrong', () => {
  malformed('json', '{"value":21.4,"ts":"yesterday"}', /ts "yesterday" is not a time after 2020/, ctx('rack-temp'));
  malformed('json', '{"value":21.4,"ts":315}', /ts 315 is not a time after 2020/, ctx('rack-temp'));
  malformed('json', '{"value":null}', /value null is not a number/, ctx('rack-temp'));
  malformed('json', '{"value":21.4}', /sensor "rack" names no known quantity; send "kind"/, ctx('rack'));
  malformed('json', '[1,2]', /not a JSON object/);
  skipped('json', '{"status":"ok"}', /no known quantity/);
});

test('number: a bare number, kind from the mapping or name', () => {
  assert.deepEqual(rows('number', '1013.2', ctx('lab-pressure')), [['', 'pressure', 1013.2, 'hPa']]);
  assert.deepEqual(rows('number', ' -4.5e1 ', ctx('freezer', { kind: 'temperature' })), [['', 'temperature', -45, '°C']]);
  malformed('number', '', /payload "" is not a pressure value/, ctx('lab-pressure'));
  malformed('number', 'unavailable', /not a temperature value/, ctx('lab-temperature'));
  skipped('number', '5', /"lab-x" names no known quantity/, ctx('lab-x'));
});
