import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { Catalog, SeriesInfo } from '../../../studio/store/store.js';
import { indexCatalog } from './catalog-index.js';
import { parseQuestion } from './parse.js';
import { allPlacesSpans } from './all-places.js';

const NOW = new Date(2026, 10, 23, 15, 0, 0).getTime();
const places: [string, string][] = [['rpi-1', 'Store Room'], ['rpi-2', 'Board Room'], ['rpi-3', 'cold-room'], ['rpi-4', 'Loading Bay 2']];
const series: SeriesInfo[] = places.flatMap(([node, location]) => ['sht31-temp', 'sht31-rh'].map((sensor) => ({
  node, sensor, kind: sensor.endsWith('temp') ? 'temperature' : 'humidity', unit: sensor.endsWith('temp') ? '°C' : '%', location, firstSeen: 0, lastTs: NOW, lastValue: 1,
})));
const catalog: Catalog = { nodes: places.map(([n]) => n), locations: places.map(([, l]) => l), kinds: ['humidity', 'temperature'], series };
const index = indexCatalog(catalog);

const EVERYWHERE = ['anywhere', 'anyplace', 'everywhere', 'at any site', 'in any room', 'across the board', 'across all locations', 'overall', 'anywhere at all'];
const VERBS = ['', 'recorded ', 'logged ', 'seen ', 'measured ', 'observed ', 'registered ', 'taken ', 'reached '];
const LEADS = ['what was the highest temperature {v}{e} today', 'lowest humidity {v}{e} yesterday', 'the coldest reading {v}{e} this week', 'max temperature {v}{e} in the last 24 hours', 'which was the hottest temperature {v}{e} yesterday'];

describe('words for every place are a scope, not a name', () => {
  test('"anywhere", "at any site", "across the board" … in an extreme question: no unknown place, no place narrowed to, a room sensor (never a node\'s board)', () => {
    fc.assert(fc.property(fc.constantFrom(...LEADS), fc.constantFrom(...VERBS), fc.constantFrom(...EVERYWHERE), (lead, v, e) => {
      const q = lead.replace('{v}', v).replace('{e}', e);
      const { plan } = parseQuestion(q, index, NOW);
      assert.deepEqual(plan.scope.unknown, [], q);
      assert.deepEqual([...plan.scope.locations, ...plan.scope.nodes], [], q);
      assert.ok(plan.measures.every((m) => m.type !== 'vital'), `${q}: ${JSON.stringify(plan.measures)}`);
      assert.ok(['extreme', 'statistics'].includes(plan.operation), `${q}: ${plan.operation}`);
    }));
  });

  test('the fleet\'s "overall status" and a real place after the words stay what they were', () => {
    assert.deepEqual(allPlacesSpans('overall status of the nodes'), []);
    assert.deepEqual(parseQuestion('highest temperature anywhere in the store room today', index, NOW).plan.scope.locations, ['Store Room']);
    assert.equal(parseQuestion('where was it hottest anywhere today', index, NOW).plan.operation, 'rank');
  });
});
