import { test } from 'node:test';
import assert from 'node:assert/strict';
import { deviceTime, isNoValue, jsonObject, kindFromName, kindNamed, noValue, payloadError, readFields, toNumber, valueOf } from './fields.js';
import { toCanonical } from './units.js';

test('toNumber: numbers, numeric text and on/off; not hex, blank, nan or objects', () => {
  assert.equal(toNumber(21.4), 21.4);
  assert.equal(toNumber(' 21.40 '), 21.4);
  assert.equal(toNumber('-.5'), -0.5);
  assert.equal(toNumber('1e3'), 1000);
  assert.equal(toNumber('ON'), 1);
  assert.equal(toNumber(false), 0);
  for (const v of ['', ' ', '0x1A', 'nan', 'NaN', 'Infinity', '21,4', '12abc', null, undefined, {}, [1], Number.NaN]) assert.equal(toNumber(v), undefined, String(v));
});

test('valueOf: on/off only for binary and custom kinds', () => {
  assert.equal(valueOf('motion', 'on'), 1);
  assert.equal(valueOf('door', false), 0);
  assert.equal(valueOf('battery', 'on'), undefined);
  assert.equal(valueOf('temperature', true), undefined);
  assert.equal(valueOf('temperature', '21'), 21);
});

test('kindFromName: the end of the name decides', () => {
  const kind = (n: string) => kindFromName(n)?.kind;
  assert.equal(kind('warehouse_temp'), 'temperature');
  assert.equal(kind('esp-dock-humidity'), 'humidity');
  assert.equal(kind('dock_carbon_dioxide'), 'co2');
  assert.equal(kind('hall_illuminance_lux'), 'illuminance');
  assert.equal(kind('phone_battery_level'), 'battery');
  assert.equal(kind('living_room_temperature_2'), 'temperature');
  assert.equal(kind('Hallway Motion Sensor'), 'motion');
  assert.equal(kind('co2_monitor_wifi_signal'), undefined);
  assert.equal(kind('temperature_offset_switch'), undefined);
  assert.equal(kind('sensor'), undefined);
  assert.equal(kind(''), undefined);
  assert.deepEqual(kindFromName('office_co2'), { kind: 'co2', unit: 'ppm' });
});

test('kindNamed: device spellings of known kinds become the recorded kind, others stay', () => {
  assert.equal(kindNamed('Temp'), 'temperature');
  assert.equal(kindNamed('occupancy'), 'motion');
  assert.equal(kindNamed(' CarbonDioxide '), 'co2');
  assert.equal(kindNamed('door'), 'door');
});

test('toCanonical: one unit per known kind', () => {
  assert.deepEqual(toCanonical('temperature', undefined, 21.4), { unit: '°C', value: 21.4 });
  assert.deepEqual(toCanonical('temperature', 'F', 32), { unit: '°C', value: 0 });
  assert.deepEqual(toCanonical('temperature', '°F', -40), { unit: '°C', value: -40 });
  assert.deepEqual(toCanonical('temperature', 'K', 295.15), { unit: '°C', value: 22 });
  assert.deepEqual(toCanonical('pressure', 'Pa', 101325), { unit: 'hPa', value: 1013.25 });
  assert.deepEqual(toCanonical('pressure', 'kPa', 101.3), { unit: 'hPa', value: 1013 });
  assert.deepEqual(toCanonical('pressure', 'psi', 14.7), { unit: 'hPa', value: 1013.53 });
  // A unit of another kind (one unit= on a mapping of mixed topics) does not apply.
  assert.deepEqual(toCanonical('humidity', '°F', 45), { unit: '%', value: 45 });
  assert.deepEqual(toCanonical('pm25', 'µg/m³', 12), { unit: 'µg/m³', value: 12 });
  assert.deepEqual(toCanonical('pm25', undefined, 12), { unit: '', value: 12 });
});

test('deviceTime: epoch s / ms / RFC 3339 after 2020, else undefined', () => {
  assert.equal(deviceTime(1795428000), 1795428000000);
  assert.equal(deviceTime('1795428000'), 1795428000000);
  assert.equal(deviceTime(1795428000123), 1795428000123);
  assert.equal(deviceTime('2026-11-23T10:00:00Z'), 1795428000000);
  for (const v of [0, -5, 315, '1970-01-01T00:05:00Z', 'yesterday', null, true, Number.NaN]) assert.equal(deviceTime(v), undefined, String(v));
});

test('readFields: units per kind, one value per kind whatever the field order, nulls listed', () => {
  const r = readFields({ Temperature: 71.6, Pressure: 29.92, LinkQuality: 80 }, { temperature: 'F', pressure: 'inHg' });
  assert.deepEqual(r.values.map((v) => [v.kind, v.value, v.unit]), [['temperature', 22, '°C'], ['pressure', 1013.21, 'hPa']]);
  assert.equal(readFields({ illuminance_lux: 96, illuminance: 19824 }).values[0]!.value, 96);
  assert.equal(readFields({ illuminance: 19824, illuminance_lux: 96 }).values[0]!.value, 96);
  assert.deepEqual(readFields({ temperature: null, humidity: 40 }), { values: [{ field: 'humidity', kind: 'humidity', unit: '%', value: 40 }], empty: ['temperature'] });
});

test('errors: malformed vs no value, told apart by isNoValue', () => {
  assert.throws(() => payloadError('x'), (err: Error) => !isNoValue(err) && err.message === 'x');
  assert.throws(() => noValue('y'), (err: Error) => isNoValue(err) && err.message === 'y');
  assert.equal(isNoValue(new Error('no_value')), false);
  assert.throws(() => jsonObject('42'), /not a JSON object \(a number\)/);
});
