import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { Catalog, SeriesInfo } from '../../../studio/store/store.js';
import { indexCatalog } from './catalog-index.js';
import { parseQuestion } from './parse.js';

const NOW = new Date(2026, 10, 23, 15, 0, 0).getTime();
const H = 3_600_000;
const nodes = ['pi-node-1', 'pi-node-2', 'pi-node-3'];
const locations = ['warehouse-a', 'warehouse-b', 'warehouse-c'];
const series: SeriesInfo[] = nodes.flatMap((node, i) => ['dht22-temperature', 'dht22-humidity', 'bmp280-pressure'].map((sensor) => ({
  node, sensor, kind: sensor.split('-')[1]!, unit: sensor.includes('temp') ? '°C' : sensor.includes('hum') ? '%' : 'hPa', location: locations[i]!, firstSeen: 0, lastTs: NOW, lastValue: 1,
})));
const catalog: Catalog = { nodes, locations, kinds: ['humidity', 'pressure', 'temperature'], series };
const index = indexCatalog(catalog);
const plan = (q: string) => parseQuestion(q, index, NOW).plan;
const measures = (q: string) => plan(q).measures.map((m) => (m.type === 'kind' ? m.kind : m.type === 'vital' ? `vital:${m.vital}` : `unknown:${m.name}`));

describe('the parser reads a question into a typed plan', () => {
  test('names in every spelling resolve to what the store holds', () => {
    for (const q of ['humidity on pi 3', 'humidity on node three', 'humidity on pi-node-3', 'humidity on Pi Node 3', 'humidity on pinode3']) assert.deepEqual(plan(q).scope.nodes, ['pi-node-3'], q);
    for (const q of ['temperature in warehouse b', 'temperature in Warehouse-B', 'temperature in warehose b', 'temperature in warehouseb']) assert.deepEqual(plan(q).scope.locations, ['warehouse-b'], q);
    assert.deepEqual(plan('compare warehouse a and b').scope.locations, ['warehouse-a', 'warehouse-b']);
    assert.deepEqual(plan('what is the temperature in the warehouse').scope.locations, locations);
  });

  test('mentions that match nothing are kept as unknown, never dropped or stretched to a neighbour', () => {
    const unknown = (q: string) => plan(q).scope.unknown.map((u) => u.text);
    assert.deepEqual(unknown('temperature in the garage'), ['garage']);
    assert.deepEqual(unknown('temperature in warehouse d'), ['warehouse d']);
    assert.deepEqual(unknown('cpu of pi-node-9'), ['pi-node-9']);
    assert.deepEqual(unknown('is node 12 online'), ['node 12']);
    assert.deepEqual(unknown('how warm is it in Narnia'), ['narnia']);
    assert.deepEqual(unknown('humidity in the server room'), ['server room']);
    assert.deepEqual(unknown('compare warehouse a and warehouse z'), ['warehouse z']);
    assert.deepEqual(plan('compare warehouse a and warehouse z').scope.locations, ['warehouse-a']);
    assert.deepEqual(unknown('what is the temperature in warehouse a in fahrenheit over the last 3 hours'), []);
  });

  test('measures: kinds by their everyday words, node vitals never taken for room sensors, kinds the store lacks kept', () => {
    assert.deepEqual(measures('how humid is warehouse a'), ['humidity']);
    assert.deepEqual(measures('where is it driest'), ['humidity']);
    assert.deepEqual(measures('CPU temperature of pi-node-3'), ['vital:soc_temp']);
    assert.deepEqual(measures('memory use on pi 3'), ['vital:memory']);
    assert.deepEqual(measures('disk on pi-node-3'), ['vital:disk']);
    assert.deepEqual(measures('what is the CO2 level in warehouse a'), ['unknown:CO2']);
    assert.deepEqual(measures('how noisy is warehouse b'), ['unknown:noise']);
    assert.deepEqual(measures('what is the temprature in warehouse a'), ['temperature']);
  });

  test('operations are chosen by scoring readings, with their details', () => {
    const p = (q: string) => { const x = plan(q); return [x.operation, x.extreme ?? x.direction ?? x.subject ?? x.liveness ?? x.stat ?? '']; };
    assert.deepEqual(p('where is it hottest right now'), ['rank', 'max']);
    assert.deepEqual(p('which site is coldest currently?'), ['rank', 'min']);
    assert.deepEqual(p('is humidity falling in warehouse-b?'), ['trend', 'falling']);
    assert.deepEqual(p('how many sensors are reporting'), ['count', 'sensors']);
    assert.deepEqual(p('which nodes stopped reporting'), ['liveness', 'reporting']);
    assert.deepEqual(p('when did we last hear from pi-node-2'), ['liveness', 'last_seen']);
    assert.deepEqual(p('is pi-node-1 online'), ['liveness', 'online']);
    assert.deepEqual(p('average humidity in warehouse a yesterday'), ['statistics', 'mean']);
    assert.deepEqual(p('when was warehouse b warmest yesterday'), ['extreme', 'max']);
    assert.deepEqual(p('Is warehouse a warmer than warehouse c?'), ['compare', '']);
    assert.deepEqual(p('any anomalies in warehouse b today?'), ['anomalies', '']);
    assert.deepEqual(p('Why is node three slow?'), ['why', '']);
    assert.deepEqual(p('delete alert 3f9a1c2b'), ['alert_delete', '']);
    assert.deepEqual(p('change alert 3f9a1c2b threshold to 30'), ['alert_update', '']);
    assert.deepEqual(p('tell me the humidity at warehouse a'), ['current', '']);
    assert.deepEqual(p('tell me a joke'), ['help', '']);
  });

  test('time: points, windows and the present, read in full against the studio clock', () => {
    const t = (q: string) => plan(q).time;
    assert.deepEqual(t('humidity since 2pm yesterday'), { type: 'window', from: NOW - 25 * H, to: NOW, label: 'since 14:00 yesterday', explicit: true });
    const at = t('what was the temperature yesterday at 14:23');
    assert.deepEqual(at, { type: 'point', at: NOW - 25 * H + 23 * 60_000, label: 'at 14:23 yesterday' });
    assert.equal(t('temperature in the last 3 hours').type === 'window' && (t('temperature in the last 3 hours') as { from: number }).from, NOW - 3 * H);
    assert.equal(t('where is it hottest right now').type, 'now');
    const y = t('average humidity yesterday') as { from: number; to: number };
    assert.deepEqual([y.from, y.to], [NOW - 39 * H, NOW - 15 * H]);
    const b = t('temperature between 2pm and 4pm yesterday') as { from: number; to: number };
    assert.deepEqual([b.from, b.to], [NOW - 25 * H, NOW - 23 * H]);
  });

  test('alerts: the threshold is the number of the comparison, in the stored unit; durations and channels kept', () => {
    const a = plan('create an alert: pi-node-3 temperature over 35°C');
    assert.deepEqual([a.operation, a.alert?.op, a.alert?.value, a.scope.nodes], ['alert_create', '>', 35, ['pi-node-3']]);
    const f = plan('alert me if warehouse b temperature goes above 80°F for 10 minutes and post to slack https://hooks.slack.com/services/T0/B0/xyz');
    assert.deepEqual([f.alert?.op, f.alert?.value, f.alert?.stated, f.alert?.for_s, f.alert?.channels], ['>', 26.7, { value: 80, unit: '°F' }, 600, [{ type: 'slack', url: 'https://hooks.slack.com/services/T0/B0/xyz' }]]);
    assert.equal(plan('notify me when humidity on node 2 drops below 30%').alert?.value, 30);
    assert.equal(plan('warn me if pressure falls under 29.5 inHg').alert?.value, 999);
  });

  test('a rule id of any hex shape is an id, never a number with a unit, a time or a name (property)', () => {
    // Rule ids are 8 random hex digits: "4db1e2f3" once read as 4 dB of noise and the edit became "no noise data".
    fc.assert(fc.property(fc.stringMatching(/^[0-9a-f]{8}$/), fc.constantFrom('change alert {id} to 30°C for 5 minutes', 'delete alert {id}', 'delete rule {id}', 'add webhook https://example.com/hook to alert {id}'), (id, t) => {
      const p = plan(t.replace('{id}', id));
      assert.ok(['alert_update', 'alert_delete'].includes(p.operation), `${t} with ${id}: ${p.operation}`);
      assert.deepEqual(p.scope.unknown, [], `${t} with ${id}`);
      assert.ok(!p.measures.some((m) => m.type === 'unknown_kind'), `${t} with ${id}: ${JSON.stringify(p.measures)}`);
    }), { numRuns: 300, examples: [['4db1e2f3', 'change alert {id} to 30°C for 5 minutes'], ['20231104', 'delete alert {id}'], ['12345678', 'change alert {id} to 30°C for 5 minutes']] });
  });
});
