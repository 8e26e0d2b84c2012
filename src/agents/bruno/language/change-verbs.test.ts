import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { Catalog, SeriesInfo } from '../../../studio/store/store.js';
import { indexCatalog } from './catalog-index.js';
import { parseQuestion } from './parse.js';

const NOW = new Date(2026, 10, 23, 15, 7, 0).getTime();
const locations = ['warehouse-a', 'cold-room', 'office'];
const series: SeriesInfo[] = locations.flatMap((location, i) => ['dht22-temperature', 'dht22-humidity', 'bmp280-pressure'].map((sensor) => ({
  node: `pi-node-${i + 1}`, sensor, kind: sensor.split('-')[1]!, unit: '', location, firstSeen: 0, lastTs: NOW, lastValue: 1,
})));
const index = indexCatalog({ nodes: ['pi-node-1', 'pi-node-2', 'pi-node-3'], locations, kinds: ['humidity', 'pressure', 'temperature'], series } satisfies Catalog);

/** Change verbs by the direction they ask about, with the kind they fit. */
const UP = ['warmed up', 'heated up', 'gone up', 'went up', 'risen', 'increased', 'climbed', 'got warmer', 'gotten any warmer', 'jumped'];
const DOWN = ['cooled down', 'cooled off', 'gone down', 'dropped', 'fallen', 'decreased', 'declined', 'got colder', 'dipped', 'come down'];
const ask = fc.constantFrom(
  'has {k} in {p} {v} {t}?', 'did {k} in {p} {v} {t}', 'has the {k} {v} in {p} {t}', '{t}, has {p} {k} {v}?', 'in {p}, has the {k} {v} {t}?',
);
const kind = fc.constantFrom(['temperature', 'temperature'], ['humidity', 'humidity'], ['the pressure', 'pressure'], ['temp', 'temperature']);
const place = fc.constantFrom(['warehouse a', 'warehouse-a'], ['the cold room', 'cold-room'], ['the office', 'office']);
const time = fc.constantFrom('in the last 3 h', 'over the last 2 hours', 'in the past 90 minutes', 'today', 'since this morning', 'in the last hour');

test('a change asked with a verb is a trend with the direction the verb names (property)', () => {
  fc.assert(fc.property(ask, kind, place, time, fc.boolean(), fc.nat(9), (a, [k, kindName], [p, loc], t, up, i) => {
    const verb = (up ? UP : DOWN)[i]!;
    // Warmth verbs are said of temperature; the rest of any kind.
    fc.pre(kindName === 'temperature' || !/warm|heat|cool|cold/.test(verb));
    const did = a.startsWith('did');
    const v = did ? verb.replace(/^(gone|went) /, 'go ').replace(/^(risen)$/, 'rise').replace(/^got /, 'get ').replace(/^gotten any /, 'get any ') : verb;
    const q = a.replace('{k}', k).replace('{p}', p).replace('{v}', v).replace('{t}', t);
    const plan = parseQuestion(q, index, NOW).plan;
    assert.equal(plan.operation, 'trend', `${q}: ${plan.operation}`);
    assert.equal(plan.direction, up ? 'rising' : 'falling', q);
    assert.deepEqual(plan.measures, [{ type: 'kind', kind: kindName }], q);
    assert.deepEqual(plan.scope.locations, [loc], q);
  }), { numRuns: 400 });
});

test('questions about a value in a window stay statistics', () => {
  for (const q of ['what was the temperature in warehouse a in the last 3 hours', 'average humidity in the office today', 'max pressure in the cold room over the last 2 hours']) {
    assert.equal(parseQuestion(q, index, NOW).plan.operation, 'statistics', q);
  }
});
