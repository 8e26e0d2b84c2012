import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_TOPICS, checkFilter, covers, fillTemplate, formatTopics, matchTopic, parseTopics, subscriptionFilters } from './mqtt-topics.js';

test('parseTopics: topic=format with key=value options', () => {
  const { topics, errors } = parseTopics(' zigbee2mqtt/+=zigbee2mqtt ; lab/+/t=number,sensor={1}-probe,kind=temperature,unit=°F,location=lab,node=pi-lab ;');
  assert.deepEqual(errors, []);
  assert.deepEqual(topics, [
    { topic: 'zigbee2mqtt/+', format: 'zigbee2mqtt' },
    { topic: 'lab/+/t', format: 'number', sensor: '{1}-probe', kind: 'temperature', unit: '°F', location: 'lab', node: 'pi-lab' },
  ]);
});

test('parseTopics: the older topic=format=sensor form still reads', () => {
  const { topics, errors } = parseTopics('s/+/t=number={1}-temperature;s/+/h=number={1}-humidity,location=attic');
  assert.deepEqual(errors, []);
  assert.deepEqual(topics, [
    { topic: 's/+/t', format: 'number', sensor: '{1}-temperature' },
    { topic: 's/+/h', format: 'number', sensor: '{1}-humidity', location: 'attic' },
  ]);
});

test('parseTopics: each bad entry is skipped with its reason, the good ones kept', () => {
  const { topics, errors } = parseTopics([
    'good/+=json', 'x/+=nonsense', 'tele/#/SENSOR=tasmota', '=json', 'a/b+=json', 'a/+=json,colour=red', 'a/+=json,kind=', 'a/+=json,kind',
    'a/+=json,sensor={2}', 'a=json,sensor={1}', 'a/+=json=s=t', `a/+=json,unit=${'x'.repeat(17)}`,
  ].join(';'));
  assert.deepEqual(topics, [{ topic: 'good/+', format: 'json' }]);
  assert.deepEqual(errors, [
    '"x/+=nonsense": format "nonsense" is not one of homeassistant, esphome, zigbee2mqtt, tasmota, json, number (expected topic=format,key=value…)',
    '"tele/#/SENSOR=tasmota": "#" must be the whole last level of "tele/#/SENSOR"',
    '"=json": empty topic',
    '"a/b+=json": "+" must be a whole level of "a/b+"',
    '"a/+=json,colour=red": "colour=red": key is not one of sensor, kind, unit, location, node',
    '"a/+=json,kind=": "kind=": kind needs a value',
    '"a/+=json,kind": "kind": kind needs a value',
    '"a/+=json,sensor={2}": sensor "{2}" uses {2} but the topic has 1 wildcard',
    '"a=json,sensor={1}": sensor "{1}" uses {1} but the topic has 0 wildcards',
    '"a/+=json=s=t": expected topic=format,key=value… (one "=" too many in "a/+=json=s=t")',
    `"a/+=json,unit=${'x'.repeat(17)}": "unit=${'x'.repeat(17)}": unit is longer than 16 characters`,
  ]);
  assert.deepEqual(parseTopics(' ; '), { topics: [], errors: [] });
});

test('formatTopics round-trips through parseTopics', () => {
  const spec = formatTopics(DEFAULT_TOPICS);
  assert.match(spec, /^zigbee2mqtt\/\+=zigbee2mqtt,sensor=\{1\};tele\/\+\/SENSOR=tasmota,sensor=\{1\};/);
  assert.deepEqual(parseTopics(spec), { topics: [...DEFAULT_TOPICS], errors: [] });
  const custom = 'lab/+/t=number,sensor={1}-probe,kind=temperature,unit=°C,location=lab,node=pi-lab';
  assert.equal(formatTopics(parseTopics(custom).topics), custom);
});

test('checkFilter: MQTT 3.1.1 wildcard rules', () => {
  for (const ok of ['#', '+', 'a/#', '+/sensor/+/state', 'a//b', '/a', '$SYS/#']) assert.equal(checkFilter(ok), undefined, ok);
  assert.equal(checkFilter(''), 'empty topic');
  assert.match(checkFilter('a/#/b')!, /"#" must be the whole last level/);
  assert.match(checkFilter('a/b#')!, /"#" must be the whole last level/);
  assert.match(checkFilter('a/+b')!, /"\+" must be a whole level/);
  assert.match(checkFilter('a\u0000b')!, /null character/);
});

test('matchTopic: captures, # with the parent level, $SYS not matched by leading wildcards', () => {
  assert.deepEqual(matchTopic('tele/+/SENSOR', 'tele/shelf-3/SENSOR'), ['shelf-3']);
  assert.equal(matchTopic('tele/+/SENSOR', 'tele/shelf-3/STATE'), undefined);
  assert.equal(matchTopic('tele/+/SENSOR', 'tele/shelf-3/SENSOR/x'), undefined);
  assert.equal(matchTopic('zigbee2mqtt/+', 'zigbee2mqtt/bridge/state'), undefined);
  assert.deepEqual(matchTopic('+/sensor/+/state', 'esp-dock/sensor/temperature/state'), ['esp-dock', 'temperature']);
  assert.deepEqual(matchTopic('site/#', 'site/a/b'), ['a/b']);
  assert.deepEqual(matchTopic('site/#', 'site'), ['']);
  assert.deepEqual(matchTopic('a//b', 'a//b'), []);
  assert.equal(matchTopic('#', '$SYS/broker/uptime'), undefined);
  assert.equal(matchTopic('+/broker/uptime', '$SYS/broker/uptime'), undefined);
  assert.deepEqual(matchTopic('$SYS/broker/+', '$SYS/broker/uptime'), ['uptime']);
});

test('mapping order: Home Assistant before the ESPHome pattern that also matches it', () => {
  const first = (topic: string) => DEFAULT_TOPICS.find((m) => matchTopic(m.topic, topic))?.format;
  assert.equal(first('homeassistant/sensor/dock_temperature/state'), 'homeassistant');
  assert.equal(first('homeassistant/binary_sensor/hall_motion/state'), 'homeassistant');
  assert.equal(first('esp-dock/sensor/temperature/state'), 'esphome');
  assert.equal(first('esp-dock/binary_sensor/motion/state'), 'esphome');
  assert.equal(first('homeassistant/sensor/esp-dock/temperature/config'), undefined);
  assert.equal(first('esp-dock/status'), undefined);
});

test('subscriptionFilters: covered and duplicate filters left out', () => {
  assert.deepEqual(subscriptionFilters(DEFAULT_TOPICS), ['zigbee2mqtt/+', 'tele/+/SENSOR', '+/sensor/+/state', '+/binary_sensor/+/state']);
  const m = (topic: string) => ({ topic, format: 'json' as const });
  assert.deepEqual(subscriptionFilters([m('a/+'), m('a/+'), m('a/b'), m('a/#'), m('b/+/c')]), ['a/#', 'b/+/c']);
  assert.deepEqual(subscriptionFilters([m('#'), m('$SYS/broker/uptime')]), ['#', '$SYS/broker/uptime']);
  assert.deepEqual(subscriptionFilters([]), []);
});

test('covers', () => {
  assert.ok(covers('+/sensor/+/state', 'homeassistant/sensor/+/state'));
  assert.ok(covers('a/#', 'a'));
  assert.ok(covers('a/#', 'a/+/c'));
  assert.ok(covers('#', 'x/#'));
  assert.ok(!covers('a/+', 'a/#'));
  assert.ok(!covers('a/+', 'a/b/c'));
  assert.ok(!covers('a/b', 'a/+'));
  assert.ok(!covers('+/#', '#'));
  assert.ok(!covers('#', '$SYS/#'));
});

test('fillTemplate', () => {
  assert.equal(fillTemplate('{1}-{2}', ['esp-dock', 'temperature']), 'esp-dock-temperature');
  assert.equal(fillTemplate('{1}', []), '');
  assert.equal(fillTemplate('fixed', ['x']), 'fixed');
});
