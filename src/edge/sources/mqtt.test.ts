import { test } from 'node:test';
import assert from 'node:assert/strict';
import { connect as netConnect } from 'node:net';
import mqtt from 'mqtt';
import { MqttSource } from './mqtt.js';
import { DEFAULT_TOPICS, matchTopic, parseTopics } from './mqtt-topics.js';
import type { Sample, SourceSink } from './source.js';

const URL_ = process.env.TEST_MQTT_URL ?? 'mqtt://127.0.0.1:1883';
const reachable = await new Promise<boolean>((resolve) => {
  const s = netConnect(1883, '127.0.0.1', () => { s.end(); resolve(true); });
  s.on('error', () => resolve(false));
});
const skip = reachable ? false : process.env.CI === 'true' ? false : `Mosquitto not reachable at ${URL_}`;

test('topic filters and the compact MQTT_TOPICS form', () => {
  assert.deepEqual(matchTopic('tele/+/SENSOR', 'tele/shelf-3/SENSOR'), ['shelf-3']);
  assert.equal(matchTopic('tele/+/SENSOR', 'tele/shelf-3/STATE'), undefined);
  assert.deepEqual(matchTopic('site/#', 'site/a/b'), ['a/b']);
  const { topics, errors } = parseTopics('zigbee2mqtt/+=zigbee2mqtt;x/+=nonsense;s/+/t=number={1}-temperature');
  assert.equal(topics.length, 2);
  assert.equal(topics[1]!.sensor, '{1}-temperature');
  assert.equal(errors.length, 1);
});

test('MQTT end to end with the real broker: four ecosystems, and a malformed payload counted', { skip }, async () => {
  const prefix = `t${process.pid}${Date.now()}`;
  const topics = DEFAULT_TOPICS.map((t) => ({ ...t, topic: `${prefix}/${t.topic}` }));
  const got: Sample[] = [];
  const bad: string[] = [];
  const sink: SourceSink = { readings: (s) => got.push(...s), health: () => {}, malformed: (_s, reason) => bad.push(reason) };
  const source = new MqttSource({ url: URL_, topics, node: 'pi-node-1', location: 'warehouse-a' });
  await source.start(sink);
  const pub = await mqtt.connectAsync(URL_);
  await pub.publishAsync(`${prefix}/zigbee2mqtt/shelf_sensor`, '{"temperature":21.4,"humidity":45.1,"linkquality":120}', { qos: 1 });
  await pub.publishAsync(`${prefix}/tele/tasmota_1/SENSOR`, '{"Time":"2026-11-23T10:00:00","BME280":{"Temperature":22.1,"Humidity":40,"Pressure":1012.9},"TempUnit":"C"}', { qos: 1 });
  await pub.publishAsync(`${prefix}/homeassistant/sensor/dock_temperature/state`, '19.5', { qos: 1 });
  await pub.publishAsync(`${prefix}/esp-door/sensor/humidity/state`, '51.0', { qos: 1 });
  await pub.publishAsync(`${prefix}/zigbee2mqtt/broken`, '{oops', { qos: 1 });
  const deadline = Date.now() + 5000;
  while ((got.length < 7 || bad.length < 1) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  await pub.endAsync();
  await source.stop();
  const by = (sensor: string) => got.find((s) => s.sensor === sensor);
  assert.equal(by('shelf_sensor-temperature')?.value, 21.4);
  assert.equal(by('tasmota_1-bme280-pressure')?.value, 1012.9);
  assert.equal(by('dock_temperature')?.kind, 'temperature');
  assert.equal(by('esp-door-humidity')?.kind, 'humidity');
  assert.ok(got.every((s) => s.node === 'pi-node-1' && s.location === 'warehouse-a'));
  assert.match(bad[0]!, /zigbee2mqtt\/broken: payload is not JSON/);
});
