import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { Catalog, SeriesInfo } from '../../../studio/store/store.js';
import { indexCatalog } from './catalog-index.js';
import { parseQuestion } from './parse.js';

const NOW = new Date(2026, 10, 23, 15, 0, 0).getTime();
const places: [string, string][] = [['pi-node-1', 'warehouse-a'], ['pi-node-2', 'cold-room'], ['pi-node-3', 'office']];
const series: SeriesInfo[] = places.flatMap(([node, location]) => ['dht22-temperature', 'dht22-humidity'].map((sensor) => ({
  node, sensor, kind: sensor.split('-')[1]!, unit: sensor.endsWith('temperature') ? '°C' : '%', location, firstSeen: 0, lastTs: NOW, lastValue: 1,
})));
const catalog: Catalog = { nodes: places.map(([n]) => n), locations: places.map(([, l]) => l), kinds: ['humidity', 'temperature'], series };
const index = indexCatalog(catalog);

const SLANG = ['funky', 'weird', 'odd', 'strange', 'fishy', 'wonky', 'bizarre', 'peculiar', 'amiss', 'out of whack', 'unusual'];
const FRAMES = ['anything {s} {t}?', 'is anything {s} {t}', 'anything {s} in the cold room {t}?', 'see anything {s} with the readings {t}', 'any {s} readings at warehouse a {t}?', 'was there anything {s} in the office {t}'];
const TIMES = ['today', 'yesterday', 'this week', 'last night', 'in the last 3 hours'];

describe('slang for readings out of the ordinary asks for anomalies', () => {
  test('"anything funky today?", "out of whack", "fishy" …: the anomalies operation, no unknown name, the place kept (property)', () => {
    fc.assert(fc.property(fc.constantFrom(...SLANG), fc.constantFrom(...FRAMES), fc.constantFrom(...TIMES), (s, f, t) => {
      const q = f.replace('{s}', s).replace('{t}', t);
      const { plan } = parseQuestion(q, index, NOW);
      assert.equal(plan.operation, 'anomalies', `${q}: ${plan.operation}`);
      assert.deepEqual(plan.scope.unknown, [], q);
      const place = /cold room/.test(q) ? 'cold-room' : /warehouse a/.test(q) ? 'warehouse-a' : /office/.test(q) ? 'office' : undefined;
      assert.deepEqual(plan.scope.locations, place ? [place] : [], q);
    }));
  });

  test('"look off", "acting up" read as anomalies; "turn off" an alert does not', () => {
    assert.equal(parseQuestion('did anything look off yesterday?', index, NOW).plan.operation, 'anomalies');
    assert.equal(parseQuestion('are any sensors acting up?', index, NOW).plan.operation, 'anomalies');
    assert.notEqual(parseQuestion('turn off the alert for the office', index, NOW).plan.operation, 'anomalies');
  });
});
