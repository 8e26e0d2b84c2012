import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { agoMinutesIn, anyOf, at, clockTimesIn, count, name, NO_DATA, num, numbersIn, order, statedNumbers, when } from './check.js';
import { failures } from './item.js';
import { direction, expectRule, winner, WARMER } from './questions/helpers.js';
import type { AlertRule } from '../../src/studio/alerts/rule.js';

describe('eval/dev answer checks', () => {
  test('numbers: digits in names are not numbers; minus signs, decimals and thousands are', () => {
    assert.deepEqual(numbersIn('pi-node-3/dht22 in lab-2 reads -3.2°C, CO2 1,013.5 hPa').map((n) => n.value), [-3.2, 1013.5]);
    assert.deepEqual(numbersIn('21,3 °C').map((n) => n.value), [21.3]);
  });

  test('a number fact takes the usual spellings of its unit and ±0.1, nothing else', () => {
    const f = num(21.34, 'C');
    for (const ok of ['21.3°C', '21.3 °C', '21.3 C', 'is 21.4 degrees', '21.3℃', 'at 21.3° now']) assert.ok(f.test(ok), ok);
    for (const bad of ['21.3%', '21.5°C', '21.3°F', 'pi-node-21.3']) assert.ok(!f.test(bad), bad);
    assert.ok(num(70.4, 'F', 0.2).test('70.6 °F'));
    assert.ok(num(29.93, 'inHg').test('29.9 inHg'));
    assert.ok(!num(29.93, 'inHg').test('29.9 hPa'));
    assert.ok(num([5, 4], 'any', 0).test('4 sensors'));
  });

  test('clock times and durations before now', () => {
    assert.deepEqual(clockTimesIn('at 14:23, 2:23 pm, 2:23 AM and 12:05 am'), [863, 863, 143, 5]);
    const t = new Date(2026, 10, 18, 14, 23).getTime();
    assert.ok(at(t).test('Nov 18 14:25') && at(t).test('2:20 PM') && !at(t).test('14:40'));
    const now = t + 275 * 60_000;
    for (const ok of ['4 h 35 min ago', '4h35m ago', '275 minutes ago', '5 h ago', '4.6 hours ago', 'last seen 14:23']) assert.ok(when(t, now).test(ok), ok);
    for (const bad of ['3 h ago', '4 h ago', '15 min ago']) assert.ok(!when(t, now).test(bad), bad);
    assert.deepEqual(agoMinutesIn('60 s ago'), [{ minutes: 1, precision: 1 }]);
  });

  test('stated numbers ignore names, the question\'s own numbers and "the last 24 hours"', () => {
    assert.deepEqual(statedNumbers('I have no data for pi-node-9. Known: pi-node-1, lab-2.', 'is pi-node-9 online'), []);
    assert.deepEqual(statedNumbers('No node named pi 7.', 'CPU on pi 7'), []);
    assert.deepEqual(statedNumbers('I cannot tell who won in 2018.', 'who won the world cup in 2018'), []);
    assert.deepEqual(statedNumbers('Try: temperature in the last 24 hours', 'tell me a joke'), []);
    assert.deepEqual(statedNumbers('The garage is 21.3°C (19.5 in warehouse-a), seen 5 h ago', 'temperature in the garage'), ['21.3', '19.5', '5']);
    assert.deepEqual(statedNumbers('No data for freezer room 2; I know Freezer Room 1 and lab-2.', 'freezer room 2 temperature', ['Freezer Room 1', 'lab-2']), []);
  });

  test('"no data" phrasings', () => {
    for (const ok of ["I don't have data for the garage", 'No data for warehouse-d.', 'There is no location called attic; I know …', 'pi-node-9 is unknown', "I couldn't find CO2"]) assert.ok(NO_DATA.test(ok), ok);
    assert.ok(!NO_DATA.test('The temperature in the garage is 21.3°C'));
  });

  test('names, orders, counts, either-or groups', () => {
    assert.ok(name('warehouse-b').test('Warehouse B') && name('warehouse-b').test('warehouse_b') && !name('pi-node-1').test('pi-node-12'));
    assert.ok(order(['server-rack', 'warehouse-b', 'cold-room']).test('server-rack 27, warehouse-b 23, cold-room 4'));
    assert.ok(!order(['server-rack', 'warehouse-b', 'cold-room']).test('cold-room 4, warehouse-b 23, server-rack 27'));
    assert.ok(order(['server-rack', 'cold-room'], true).test('cold-room 4, server-rack 27'));
    const c = count([5], 'nodes?');
    assert.ok(c.test('5 nodes') && c.test('4 of 5 nodes online') && c.test('Nodes: 5') && !c.test('over 5 sensors') && !c.test('5.2 nodes'));
    assert.ok(anyOf([num(1, 'C')], [num(2, 'C')]).test('2.0°C') && !anyOf([num(1, 'C'), num(3, 'C')]).test('1.0°C'));
  });

  test('winners and trend directions', () => {
    const w = winner(['warehouse-b'], ['warehouse-a'], ...WARMER);
    for (const ok of ['warehouse-b is 2.1°C warmer', 'warehouse-a is colder than warehouse-b', 'Highest: warehouse-b, 3.0°C above warehouse-a', 'Warmest: warehouse-b']) assert.ok(w.test(ok), ok);
    assert.ok(!w.test('warehouse-a is warmer. warehouse-b 21.0°C'));
    const falling = direction('falling');
    assert.ok(falling.facts[0]!.test('humidity is falling') && !falling.absent[0]!.test('humidity is falling, not rising'));
    assert.ok(falling.absent[0]!.test('humidity is rising'));
  });

  test('an unknown name: no number, the name, and "no data"', () => {
    const item = { category: 'unknown-place', question: 'temperature in the garage', noNumbers: true, unknown: ['garage'] };
    assert.deepEqual(failures(item, item.question, "I don't have data for the garage. I know warehouse-a, cold-room."), []);
    assert.equal(failures(item, item.question, 'The temperature is 21.3°C on average.').length, 3);
  });

  test('alert rules are checked in the engine: operator, converted threshold, duration, place', () => {
    const rule = (filter: AlertRule['filter'], op: '>' | '>=' | '<', value: number, for_s = 0) =>
      ({ id: 'r', created_at: 0, name: 'x', severity: 'warning', labels: {}, repeat_interval_s: 3600, channels: [], filter, condition: { type: 'threshold', op, value, for_s } }) as AlertRule;
    const check = expectRule({ kind: 'temperature', scope: { node: 'pi-node-3', location: 'cold-room' }, op: '>', value: 26.67, for_s: 600 });
    const change = (r: AlertRule) => ({ created: [r], removed: [], setUp: new Map() });
    assert.equal(check(change(rule({ node: 'pi-node-3', kind: 'temperature' }, '>', 26.6667, 600))), undefined);
    assert.equal(check(change(rule({ location: 'cold-room', kind: 'temperature' }, '>=', 26.7, 600))), undefined);
    assert.match(check(change(rule({ node: 'pi-node-3', kind: 'temperature' }, '>', 80, 600)))!, /threshold/);
    assert.match(check(change(rule({ node: 'pi-node-3', kind: 'temperature' }, '>', 26.67, 0)))!, /duration/);
    assert.match(check(change(rule({ node: 'pi-node-2', kind: 'temperature' }, '>', 26.67, 600)))!, /place/);
    assert.match(check({ created: [], removed: [], setUp: new Map() })!, /created 0/);
  });
});
