import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { indexCatalog } from './catalog-index.js';
import { parseQuestion } from './parse.js';

const H = 3_600_000;
const NOW = new Date(2026, 10, 28, 16, 45).getTime();
const series = (node: string, location: string) => ['temperature', 'humidity'].map((kind) => ({ node, sensor: `${node}-${kind}`, kind, unit: kind === 'humidity' ? '%' : '°C', location, lastTs: NOW, lastValue: 1, count: 1 }));
const catalog = (locations: [string, string][]) => ({ nodes: locations.map(([n]) => n), locations: locations.map(([, l]) => l), kinds: ['humidity', 'temperature'], series: locations.flatMap(([n, l]) => series(n, l)) });
const A = indexCatalog(catalog([['pi-1', 'warehouse-a'], ['pi-2', 'office']]) as never);
const C = indexCatalog(catalog([['ns-pi', 'Night Store'], ['dr-pi', 'Day Room 2'], ['dock-gw', 'Morning Dock']]) as never);
const CLOCK = ['night', 'day', 'morning', 'noon', 'evening', 'midnight', 'dawn', 'afternoon'];
const NOUN = ['annex', 'shed', 'kitchen', 'depot', 'yard', 'court', 'lounge', 'store', 'lab', 'vault'];

describe('words of the clock that begin names', () => {
  test('an unknown name led by a time word is kept whole as unknown and sets no time (property)', () => {
    fc.assert(fc.property(fc.constantFrom(...CLOCK), fc.constantFrom(...NOUN), fc.constantFrom('temperature in the {p}', '{p} humidity', 'how warm is the {p}', 'alert me if the {p} goes above 20c'), (t, n, form) => {
      const q = form.replace('{p}', `${t} ${n}`);
      const { plan } = parseQuestion(q, A, NOW);
      assert.deepEqual(plan.scope.unknown.map((u) => u.text), [`${t} ${n}`], q);
      assert.ok(plan.time.type === 'now' || (plan.time.type === 'window' && !plan.time.explicit), `${q}: ${JSON.stringify(plan.time)}`);
    }), { seed: Number(process.env.FUZZ_SEED ?? 7) });
  });

  test('a real place with such a name is that place, and a time beside it is still read', () => {
    const night = parseQuestion('average temperature in the night store yesterday', C, NOW).plan;
    assert.deepEqual(night.scope.locations, ['Night Store']);
    assert.equal(night.time.type === 'window' && night.time.label, 'yesterday');
    const dock = parseQuestion('morning dock temperature this morning', C, NOW).plan;
    assert.deepEqual(dock.scope.locations, ['Morning Dock']);
    assert.ok(dock.time.type === 'window' && dock.time.label === 'this morning', JSON.stringify(dock.time));
    assert.deepEqual(parseQuestion('humidity in the day room', C, NOW).plan.scope.locations, ['Day Room 2']);
  });

  test('time words that are times stay times: led by a time word, before a noun of time or a name the store holds', () => {
    for (const q of ['temperature in the office last night', 'humidity this morning in warehouse a', 'night shift temperature in the office', 'in the morning warehouse a was colder', 'morning peak in warehouse-a', 'temperature on monday morning']) {
      const { plan } = parseQuestion(q, A, NOW);
      assert.equal(plan.scope.unknown.length, 0, `${q}: ${JSON.stringify(plan.scope.unknown)}`);
      assert.ok(plan.time.type === 'window' && plan.time.explicit && plan.time.to - plan.time.from <= 12 * H, `${q}: ${JSON.stringify(plan.time)}`);
    }
  });
});
