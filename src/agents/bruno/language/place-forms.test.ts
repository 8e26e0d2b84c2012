import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { Catalog, SeriesInfo } from '../../../studio/store/store.js';
import { indexCatalog } from './catalog-index.js';
import { parseQuestion } from './parse.js';
import { isKnownWord } from './lexicon.js';

const NOW = new Date(2026, 10, 24, 9, 20).getTime();
/** Everyday words (some are kind words: "cold", "dry") that make place names, and the nouns after them. */
const FIRST = ['cold', 'server', 'dry', 'packing', 'north', 'boiler', 'chiller', 'main', 'back', 'loading'];
const NOUNS = ['room', 'rack', 'store', 'hall', 'dock', 'cellar', 'bay', 'office'];
const vowelless = (w: string) => w[0] + w.slice(1).replace(/[aeiou]/g, '');

/** Two to four locations "<first>-<noun>", no two sharing a first word, plus their nodes. */
const world = fc.uniqueArray(fc.tuple(fc.constantFrom(...FIRST), fc.constantFrom(...NOUNS)), { minLength: 2, maxLength: 4, selector: ([w]) => w })
  .map((places) => {
    const locations = places.map(([w, n]) => `${w}-${n}`);
    const nodes = places.map((_, i) => `pi-node-${i + 1}`);
    const series: SeriesInfo[] = places.flatMap((_, i) => ['temperature', 'humidity'].map((kind) => ({ node: nodes[i]!, sensor: `dht22-${kind}`, kind, unit: kind === 'humidity' ? '%' : '°C', location: locations[i]!, firstSeen: 0, lastTs: NOW, lastValue: 1 })));
    const catalog: Catalog = { nodes, locations, kinds: ['humidity', 'temperature'], series };
    const index = indexCatalog(catalog);
    // Shown as its places alone when a run fails.
    return { places, locations, index, [fc.toStringMethod]: () => locations.join(', ') };
  });
const TEMPLATES = ['temperature in the {p}', 'how humid is it in the {p}?', 'whats the temp in {p} right now', 'is the {p} getting warmer', 'humidity {p} last 3 hours'];

test('a place name written short or with one slip, beside its other word written right, is that place (property)', () => {
  fc.assert(fc.property(world, fc.nat(), fc.constantFrom(...TEMPLATES), fc.constantFrom('vowelless', 'prefix', 'drop', 'double', 'glued'), (w, pick, template, how) => {
    const i = pick % w.places.length;
    const [first, noun] = w.places[i]!;
    const slip = (x: string) => (how === 'vowelless' ? vowelless(x) : how === 'prefix' ? x.slice(0, Math.max(3, x.length - 2)) : how === 'drop' ? x.slice(0, -2) + x.slice(-1) : how === 'double' ? x + x.at(-1) : x);
    const form = how === 'glued' ? `${first}${noun}` : `${first} ${slip(noun)}`;
    if (how !== 'glued' && (slip(noun) === noun || isKnownWord(slip(noun)))) return; // "cold by" is not a slip of "cold bay"
    const scope = parseQuestion(template.replace('{p}', form), w.index, NOW).plan.scope;
    assert.deepEqual(scope.locations, [w.locations[i]], `${form} → ${JSON.stringify(scope)}`);
    assert.deepEqual(scope.unknown, [], form);
  }), { numRuns: 400 });
});

test('"the <word> one" and "in the <word>" name the one place whose name has the word; words several share are asked about (property)', () => {
  fc.assert(fc.property(world, fc.nat(), fc.constantFrom('what is the temperature of the {w} one', 'how humid is the {w} one?', 'temperature in the {w}', 'humidity at the {w} now'), (w, pick, template) => {
    const i = pick % w.places.length;
    const [first] = w.places[i]!;
    const scope = parseQuestion(template.replace('{w}', first), w.index, NOW).plan.scope;
    assert.deepEqual(scope.locations, [w.locations[i]], `${first} → ${JSON.stringify(scope)}`);
  }), { numRuns: 200 });
  const locations = ['cold-room', 'cold-store', 'office'];
  const series = locations.map((location, k): SeriesInfo => ({ node: `pi-${k}`, sensor: 't', kind: 'temperature', unit: '°C', location, firstSeen: 0, lastTs: NOW, lastValue: 1 }));
  const index = indexCatalog({ nodes: ['pi-0', 'pi-1', 'pi-2'], locations, kinds: ['temperature'], series });
  for (const q of ['temperature of the cold one', 'temperature in the cold']) {
    const scope = parseQuestion(q, index, NOW).plan.scope;
    assert.deepEqual(scope.locations, [], q);
    assert.deepEqual(scope.ambiguous?.[0]?.candidates, ['cold-room', 'cold-store'], q);
  }
});

test('a place the store lacks is never turned into one it has: other first letters, known words, other nouns (property)', () => {
  const ALSO = ['storage', 'garage', 'lab', 'attic', 'freezer', 'annex'];
  fc.assert(fc.property(world, fc.nat(), fc.constantFrom(...TEMPLATES), fc.constantFrom('other-noun', 'first-letter', 'known-word', 'two-slips'), fc.constantFrom(...ALSO), (w, pick, template, how, also) => {
    const i = pick % w.places.length;
    const [first, noun] = w.places[i]!;
    const form = how === 'other-noun' ? `${first} ${also}`
      : how === 'first-letter' ? `${first} ${'z' + noun.slice(1)}`
        : how === 'known-word' ? `${first === 'cold' ? 'cool' : first === 'dry' ? 'wet' : 'new'} ${noun}`
          : `${vowelless(first)} ${vowelless(noun)}`;
    if (w.locations.includes(form.replace(' ', '-'))) return;
    if (how === 'two-slips' && vowelless(first) === first) return; // "dry rm" is one slip
    if (how === 'first-letter' && noun.length > 4) return; // a longer word with one slip anywhere is that word ("zffice"): short ones change meaning ("zoom")
    const plan = parseQuestion(template.replace('{p}', form), w.index, NOW).plan;
    assert.ok(!plan.scope.locations.includes(w.locations[i]!), `${form} read as ${w.locations[i]}: ${JSON.stringify(plan.scope)}`);
    // Two unknown short words with no preposition before them ("humidity cld rm") are not read as a place at all.
    if (how !== 'two-slips' || / in /.test(template)) assert.ok(plan.scope.unknown.length > 0, `${form}: no unknown kept → ${JSON.stringify(plan.scope)}`);
  }), { numRuns: 400 });
});
