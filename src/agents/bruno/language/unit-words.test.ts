import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { Catalog, SeriesInfo } from '../../../studio/store/store.js';
import { indexCatalog } from './catalog-index.js';
import { parseQuestion } from './parse.js';
import { formatMeasure } from './units.js';

const NOW = new Date(2026, 10, 23, 15, 0).getTime();
const locations = ['cold-room', 'office'];
const series: SeriesInfo[] = locations.flatMap((location, i) => ['temperature', 'humidity', 'pressure'].map((kind) => ({ node: `pi-node-${i + 1}`, sensor: `s-${kind}`, kind, unit: kind === 'temperature' ? '°C' : kind === 'humidity' ? '%' : 'hPa', location, firstSeen: 0, lastTs: NOW, lastValue: 1 })));
const catalog: Catalog = { nodes: ['pi-node-1', 'pi-node-2'], locations, kinds: ['humidity', 'pressure', 'temperature'], series };
const index = indexCatalog(catalog);

/** One slip in a word (not its first letter): a letter dropped, doubled or swapped with the next. */
const slip = (word: string) => fc.tuple(fc.integer({ min: 1, max: word.length - 2 }), fc.constantFrom('drop', 'double', 'swap')).map(([i, how]) =>
  how === 'drop' ? word.slice(0, i) + word.slice(i + 1) : how === 'double' ? word.slice(0, i) + word[i] + word.slice(i) : word.slice(0, i) + word[i + 1] + word[i] + word.slice(i + 2));
const FRAMES = ['temperature in the office in {u}', 'what is the cold room temp in {u}?', 'cold room, {u}', 'avg temp in the office yesterday in {u}'];

test('unit names in slang or with a slip set the answer\'s unit and are never read as places (property)', () => {
  const cases = fc.oneof(
    fc.constantFrom('degs f', 'deg f', 'degrees f', 'degs F', 'fahrenheit', 'Fahrenheit', '°F').map((u) => ({ u, temperature: '°F', pressure: 'hPa' })),
    slip('fahrenheit').map((u) => ({ u, temperature: '°F', pressure: 'hPa' })),
    fc.constantFrom('degs', 'degrees', 'degs c', 'celsius', 'centigrade').map((u) => ({ u, temperature: '°C', pressure: 'hPa' })),
    slip('celsius').map((u) => ({ u, temperature: '°C', pressure: 'hPa' })),
    fc.constantFrom('kelvin', 'kelvn').map((u) => ({ u, temperature: 'K', pressure: 'hPa' })),
  );
  fc.assert(fc.property(cases, fc.constantFrom(...FRAMES), ({ u, temperature }, frame) => {
    const q = frame.replace('{u}', u);
    const plan = parseQuestion(q, index, NOW).plan;
    assert.equal(plan.units.temperature, temperature, q);
    assert.deepEqual(plan.scope.unknown, [], `${q}: ${JSON.stringify(plan.scope.unknown)}`);
    assert.ok(plan.measures.some((m) => m.type === 'kind' && m.kind === 'temperature'), q);
  }), { numRuns: 300 });
  fc.assert(fc.property(fc.constantFrom('millibars', 'millibar', 'mb', 'mbar'), fc.constantFrom('pressure in the office in {u}', 'cold room pressure, {u}', 'average pressure in {u} yesterday'), fc.double({ min: 900, max: 1100, noNaN: true }), (u, frame, v) => {
    const q = frame.replace('{u}', u);
    const plan = parseQuestion(q, index, NOW).plan;
    assert.equal(plan.units.pressure, 'mbar', q);
    assert.deepEqual(plan.scope.unknown, [], q);
    // a millibar is a hectopascal: the same number, written in the unit asked
    assert.equal(formatMeasure(v, 'hPa', plan.units), formatMeasure(v, 'hPa', { ...plan.units, pressure: 'hPa' }).replace('hPa', 'mbar'));
  }), { numRuns: 100 });
});
