import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { Catalog, SeriesInfo } from '../../../studio/store/store.js';
import { indexCatalog } from './catalog-index.js';
import { parseQuestion } from './parse.js';

const NOW = new Date(2026, 10, 24, 9, 20).getTime();
/** Words names are made of here: none is a word the parser reads as anything else. */
const WORDS = ['chiller', 'packing', 'boiler', 'loading', 'mixing', 'curing', 'sorting', 'bottling', 'dispatch', 'intake', 'proofing'];
const NOUNS = ['bay', 'hall', 'store', 'cellar', 'shed', 'yard', 'lab'];
const title = (w: string) => w.charAt(0).toUpperCase() + w.slice(1);

/** A catalog of multi-word locations with numbers, and nodes named after them in odd spellings. */
const world = fc.uniqueArray(fc.tuple(fc.constantFrom(...WORDS), fc.constantFrom(...NOUNS), fc.integer({ min: 1, max: 8 })), { minLength: 2, maxLength: 5, selector: ([w]) => w })
  .chain((places) => fc.tuple(fc.constant(places), fc.array(fc.constantFrom('dash', 'dot', 'caps', 'glued'), { minLength: places.length, maxLength: places.length })))
  .map(([places, styles]) => {
    const locations = places.map(([w, n, k]) => `${title(w)} ${title(n)} ${k}`);
    const nodes = places.map(([w, , k], i) => (styles[i] === 'dash' ? `${w}-pi-${k}` : styles[i] === 'dot' ? `hub.${w}.${k}` : styles[i] === 'caps' ? `RPI-${w.toUpperCase()}-${k}` : `${w.slice(0, 3)}${k}`));
    const series: SeriesInfo[] = places.map((_, i) => ({ node: nodes[i]!, sensor: 'sht31-temp', kind: 'temperature', unit: '°C', location: locations[i]!, firstSeen: 0, lastTs: NOW, lastValue: 1 }));
    const catalog: Catalog = { nodes, locations, kinds: ['temperature'], series };
    return { places, locations, nodes, catalog };
  });

test('part of a multi-word name names its place; the same words with another number are an honest unknown (property)', () => {
  fc.assert(fc.property(world, fc.nat(), fc.constantFrom('temperature in the {p}', 'how warm is the {p}?', '{p} temp', 'is the {p} getting warmer', 'compare the {p} and the {q}'), (w, pick, template) => {
    const index = indexCatalog(w.catalog);
    const i = pick % w.places.length;
    const [word, noun, k] = w.places[i]!;
    const other = w.locations[(i + 1) % w.locations.length]!;
    const ask = (p: string) => parseQuestion(template.replace('{p}', p).replace('{q}', other.toLowerCase()), index, NOW).plan.scope;
    // "the chiller bay", "the chiller": one place has those words
    for (const part of [`${word} ${noun}`, word]) {
      const s = ask(part);
      assert.ok(s.locations.includes(w.locations[i]!), `${part} → ${JSON.stringify(s)}`);
      assert.deepEqual(s.unknown, [], part);
    }
    // "the chiller bay 9": no place has that number
    const missing = [1, 2, 3, 4, 5, 6, 7, 8, 9].find((n) => n !== k)!;
    const s = ask(`${word} ${noun} ${missing}`);
    assert.ok(s.unknown.some((u) => u.text.includes(String(missing)) && u.text.includes(word)), `${word} ${noun} ${missing} → ${JSON.stringify(s)}`);
    assert.ok(!s.locations.includes(w.locations[i]!), `${word} ${noun} ${missing} must not be read as ${w.locations[i]}`);
  }), { numRuns: 200 });
});

test('node names with dots, digits, dashes and capitals resolve in any case; one differing digit is an unknown node (property)', () => {
  fc.assert(fc.property(world, fc.nat(), fc.constantFrom('cpu on {n}', 'is {n} online?', 'memory of {n}', 'when did {n} last report', '{n} disk usage'), (w, pick, template) => {
    const index = indexCatalog(w.catalog);
    const node = w.nodes[pick % w.nodes.length]!;
    for (const spelling of [node, node.toLowerCase(), node.toUpperCase()]) {
      const s = parseQuestion(template.replace('{n}', spelling), index, NOW).plan.scope;
      assert.deepEqual(s.nodes, [node], `${spelling} → ${JSON.stringify(s)}`);
      assert.deepEqual(s.unknown, [], spelling);
    }
    const digit = Number(/(\d+)(?!.*\d)/.exec(node)![1]);
    const near = node.replace(/(\d+)(?!.*\d)/, String(digit === 9 ? 8 : 9));
    if (w.nodes.includes(near)) return;
    const s = parseQuestion(template.replace('{n}', near), index, NOW).plan.scope;
    assert.deepEqual(s.nodes, [], `${near} → ${JSON.stringify(s)}`);
    assert.ok(s.unknown.some((u) => u.text.toLowerCase() === near.toLowerCase()), `${near} → ${JSON.stringify(s)}`);
  }), { numRuns: 200 });
});

test('one word two locations share is asked about, not guessed; "both" or "each" means all of them', () => {
  const locations = ['North Warehouse', 'South Warehouse', 'Boilerhouse'];
  const nodes = ['hub.north', 'hub.south', 'gw01'];
  const series = locations.map((location, i): SeriesInfo => ({ node: nodes[i]!, sensor: 't', kind: 'temperature', unit: '°C', location, firstSeen: 0, lastTs: NOW, lastValue: 1 }));
  const index = indexCatalog({ nodes, locations, kinds: ['temperature'], series });
  const scope = (q: string) => parseQuestion(q, index, NOW).plan.scope;
  for (const q of ['temperature in the warehouse', 'warehouse temp', 'is the warehouse warm?']) {
    assert.deepEqual(scope(q).ambiguous?.[0]?.candidates, ['North Warehouse', 'South Warehouse'], q);
    assert.deepEqual(scope(q).locations, [], q);
  }
  for (const q of ['temperature in both warehouses', 'each warehouse temperature', 'which warehouse is warmer']) assert.deepEqual(scope(q).locations, ['North Warehouse', 'South Warehouse'], q);
  assert.deepEqual(scope('east warehouse temperature').unknown.map((u) => u.text), ['east warehouse']);
  assert.deepEqual(scope('the boiler house').locations, ['Boilerhouse']);
  assert.deepEqual(scope('cpu of the north warehouse pi').nodes, ['hub.north']);
});
