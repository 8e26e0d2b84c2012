import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parsePayload } from './formats.js';

test('Zigbee2MQTT object: known fields only', () => {
  const v = parsePayload('zigbee2mqtt', '{"temperature":21.4,"humidity":45.1,"pressure":1013.2,"battery":97,"linkquality":120,"occupancy":true}');
  assert.deepEqual(v.map((x) => [x.kind, x.value, x.unit]), [['temperature', 21.4, '°C'], ['humidity', 45.1, '%'], ['pressure', 1013.2, 'hPa'], ['battery', 97, '%'], ['motion', 1, '']]);
});

test('Tasmota SENSOR: nested devices, °F converted, time taken', () => {
  const v = parsePayload('tasmota', '{"Time":"2026-11-23T10:00:00Z","DHT22":{"Temperature":71.6,"Humidity":45.1,"DewPoint":9.1},"TempUnit":"F"}');
  assert.deepEqual(v.map((x) => [x.field, x.value]), [['dht22-temperature', 22], ['dht22-humidity', 45.1]]);
  assert.equal(v[0]!.ts, Date.parse('2026-11-23T10:00:00Z'));
});

test('plain numbers (Home Assistant, ESPHome) take the kind from the sensor name', () => {
  assert.deepEqual(parsePayload('number', '21.40', 'warehouse_temperature')[0], { field: '', kind: 'temperature', unit: '°C', value: 21.4 });
  assert.equal(parsePayload('number', 'ON', 'door_motion')[0]!.value, 1);
});

test('malformed payloads are clear errors', () => {
  assert.throws(() => parsePayload('zigbee2mqtt', '{not json'), /not JSON/);
  assert.throws(() => parsePayload('zigbee2mqtt', '{"linkquality":120}'), /no known quantity/);
  assert.throws(() => parsePayload('number', 'unavailable'), /not a number/);
  assert.throws(() => parsePayload('json', '[1,2]'), /not a JSON object/);
});
