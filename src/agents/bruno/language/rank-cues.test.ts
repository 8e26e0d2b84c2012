import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { Catalog, SeriesInfo } from '../../../studio/store/store.js';
import { indexCatalog } from './catalog-index.js';
import { parseQuestion } from './parse.js';

const NOW = new Date(2026, 10, 23, 15, 0).getTime();
const locations = ['warehouse-a', 'cold-room', 'office', 'server-rack'];
const series: SeriesInfo[] = locations.flatMap((location, i) => ['temperature', 'humidity', 'pressure'].map((kind) => ({
  node: `pi-node-${i + 1}`, sensor: `s-${kind}`, kind, unit: kind === 'temperature' ? '°C' : kind === 'humidity' ? '%' : 'hPa', location, firstSeen: 0, lastTs: NOW, lastValue: 1,
})));
const catalog: Catalog = { nodes: locations.map((_, i) => `pi-node-${i + 1}`), locations, kinds: ['humidity', 'pressure', 'temperature'], series };
const index = indexCatalog(catalog);

/** Ends of a ranking as people write them, by kind and end. */
const WORDS: { kind: string; end: 'max' | 'min'; words: string[] }[] = [
  { kind: 'temperature', end: 'min', words: ['coolest', 'chilliest', 'coldest', 'least warm'] },
  { kind: 'temperature', end: 'max', words: ['warmest', 'hottest'] },
  { kind: 'humidity', end: 'max', words: ['most humid', 'dampest', 'wettest'] },
  { kind: 'humidity', end: 'min', words: ['driest', 'least humid'] },
];
const FRAMES = ['which room is the {w}', 'which is the {w}', "what's the {w} place", '{w} location right now?', 'where is it {w}', 'which one is {w} at the moment'];
const LOW_FRAMES = ['lowest {k} where?', 'where is the {k} lowest', 'bottom 2 rooms by {k}', 'which location has the lowest {k}', 'the 3 places with the least {k}'];
const HIGH_FRAMES = ['highest {k} where?', 'which is the highest {k}', 'top 2 locations by {k}', 'where is the {k} highest right now'];

test('rarer ranking cues rank the places at the right end (property)', () => {
  fc.assert(fc.property(fc.constantFrom(...WORDS), fc.nat(), fc.constantFrom(...FRAMES), (w, k, frame) => {
    const q = frame.replace('{w}', w.words[k % w.words.length]!);
    const plan = parseQuestion(q, index, NOW).plan;
    assert.equal(plan.operation, 'rank', `${q}: ${JSON.stringify(plan.alternatives)}`);
    assert.equal(plan.extreme, w.end, q);
    assert.deepEqual(plan.measures, [{ type: 'kind', kind: w.kind }], q);
    assert.deepEqual(plan.scope.unknown, [], q);
  }), { numRuns: 200 });
  fc.assert(fc.property(fc.boolean(), fc.nat(), fc.constantFrom('temperature', 'humidity', 'pressure'), (low, f, kind) => {
    const frames = low ? LOW_FRAMES : HIGH_FRAMES;
    const q = frames[f % frames.length]!.replace('{k}', kind);
    const plan = parseQuestion(q, index, NOW).plan;
    assert.equal(plan.operation, 'rank', `${q}: ${JSON.stringify(plan.alternatives)}`);
    assert.equal(plan.extreme, low ? 'min' : 'max', q);
    assert.deepEqual(plan.measures, [{ type: 'kind', kind }], q);
    const n = /\b(\d)\b/.exec(q)?.[1];
    if (n) assert.equal(plan.limit, Number(n), q);
  }), { numRuns: 200 });
});
