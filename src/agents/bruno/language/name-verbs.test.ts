import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { Catalog, SeriesInfo } from '../../../studio/store/store.js';
import { indexCatalog } from './catalog-index.js';
import { parseQuestion } from './parse.js';

const NOW = new Date(2026, 10, 23, 15, 0, 0).getTime();
/** Verbs people also name rooms by, with their past form: a "Store Room" and "stored", a "Wash Bay" and "washed". */
const VERBS: [string, string, string][] = [['store', 'stored', 'storing'], ['pack', 'packed', 'packing'], ['wash', 'washed', 'washing'], ['print', 'printed', 'printing'],
  ['sort', 'sorted', 'sorting'], ['brew', 'brewed', 'brewing'], ['smoke', 'smoked', 'smoking'], ['cure', 'cured', 'curing'], ['mix', 'mixed', 'mixing'], ['press', 'pressed', 'pressing']];
const NOUNS = ['Room', 'Bay', 'Shed', 'Hall'];
const GENERIC = ['how many sensors are {ed} here?', 'which sensors have you {ed} data for?', 'what kinds of readings are {ed}?', 'list the sensors being {ed}', 'do you {v} humidity data?',
  'which nodes {v} readings', 'how much data have we {ed} today', 'is anything {ing} data right now', 'what do you {v}?', 'show me every node that {v}s data'];

function catalogWith(place: string): Catalog {
  const places: [string, string][] = [['aa-pi', place], ['bb-pi', 'cold-room'], ['cc-pi', 'Unit 4']];
  const series: SeriesInfo[] = places.flatMap(([node, location]) => ['sht31-temp', 'sht31-rh'].map((sensor) => ({
    node, sensor, kind: sensor.endsWith('temp') ? 'temperature' : 'humidity', unit: sensor.endsWith('temp') ? '°C' : '%', location, firstSeen: 0, lastTs: NOW, lastValue: 1,
  })));
  return { nodes: places.map(([n]) => n), locations: places.map(([, l]) => l), kinds: ['humidity', 'temperature'], series };
}

describe('a word of a place name used as a verb in the question is not that place', () => {
  test('generic questions with the verb (or its inflection) never narrow to the place that shares it', () => {
    fc.assert(fc.property(fc.constantFrom(...VERBS), fc.constantFrom(...NOUNS), fc.constantFrom(...GENERIC), ([v, ed, ing], noun, t) => {
      const place = `${v[0]!.toUpperCase()}${v.slice(1)} ${noun}`;
      const index = indexCatalog(catalogWith(place));
      const q = t.replace('{v}', v).replace('{ed}', ed).replace('{ing}', ing);
      const { scope } = parseQuestion(q, index, NOW).plan;
      assert.ok(!scope.locations.includes(place) && !scope.nodes.includes('aa-pi'), `${q} → narrowed to ${place}`);
    }));
  });

  test('the place is still meant with a preposition or article, or its whole name', () => {
    for (const [v] of VERBS) {
      const place = `${v[0]!.toUpperCase()}${v.slice(1)} Room`;
      const index = indexCatalog(catalogWith(place));
      for (const q of [`temperature in the ${v}`, `how humid is the ${v} room`, `${v} room temperature`]) assert.deepEqual(parseQuestion(q, index, NOW).plan.scope.locations, [place], q);
    }
  });
});
