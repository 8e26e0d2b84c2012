import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { SqliteStore } from '../../../studio/store/sqlite/sqlite-store.js';
import { HealthSchema, ReadingSchema } from '../../../core/schemas.js';
import { Bruno } from '../bruno.js';
import { ungroundedInAnswer } from '../grounding.js';

const NOW = new Date(2026, 10, 23, 15, 30).getTime();
const KINDS = { humidity: { unit: '%', higher: ['more humid', 'damper', 'higher in humidity'], lower: ['drier', 'less humid'] }, pressure: { unit: 'hPa', higher: ['higher in pressure'], lower: ['lower in pressure'] }, temperature: { unit: '°C', higher: ['warmer', 'hotter'], lower: ['colder', 'cooler'] } } as const;
const VITALS = { cpu: { field: 'cpu_pct', higher: ['busier', 'using more cpu'], lower: ['using less cpu', 'less busy'] }, memory: { field: 'mem_pct', higher: ['using more memory'], lower: ['using less memory'] } } as const;

/** Two places (one may have gone quiet hours ago) and two nodes, with values apart by at least 1. */
const world = fc.record({
  a: fc.integer({ min: 10, max: 900 }), gap: fc.integer({ min: 10, max: 300 }), flip: fc.boolean(), staleA: fc.boolean(),
  cpu: fc.tuple(fc.integer({ min: 1, max: 49 }), fc.integer({ min: 51, max: 99 })), mem: fc.tuple(fc.integer({ min: 51, max: 99 }), fc.integer({ min: 1, max: 49 })),
});

test('"is A <more/less …> than B?" is answered yes or no with both values, in either order, for kinds and vitals (property)', async () => {
  await fc.assert(fc.asyncProperty(world, fc.constantFrom(...Object.keys(KINDS), ...Object.keys(VITALS)), fc.boolean(), fc.boolean(), fc.nat(), async (w, what, higher, swap, k) => {
    const store = new SqliteStore(':memory:');
    await store.open();
    try {
      const value = (place: 'office' | 'lab') => ((place === 'office') !== w.flip ? w.a / 10 : (w.a + w.gap) / 10);
      const readings = (['office', 'lab'] as const).flatMap((location, i) => Object.entries(KINDS).map(([kind, spec]) => ReadingSchema.parse({
        node: `pi-node-${i + 1}`, sensor: `s-${kind}`, kind, unit: spec.unit, location, value: kind === 'pressure' ? 1000 + value(location) : value(location),
        ts: location === 'office' && w.staleA ? NOW - 5 * 3_600_000 : NOW - 60_000,
      })));
      await store.ingest([{ event: { source: '/t', id: 'r', type: 'io.homelab.edge.reading', time: NOW }, readings },
        ...[0, 1].map((i) => ({ event: { source: '/t', id: `h${i}`, type: 'io.homelab.edge.health', time: NOW }, health: HealthSchema.parse({ node: `pi-node-${i + 1}`, ts: NOW - 30_000, cpu_pct: w.cpu[i]!, mem_pct: w.mem[i]!, disk_pct: 40, temp_c: 45, top: [] }) }))]);
      const isVital = what in VITALS;
      const words = isVital ? VITALS[what as keyof typeof VITALS][higher ? 'higher' : 'lower'] : KINDS[what as keyof typeof KINDS][higher ? 'higher' : 'lower'];
      const [first, second] = isVital ? (swap ? ['pi-node-2', 'pi-node-1'] : ['pi-node-1', 'pi-node-2']) : swap ? ['the lab', 'the office'] : ['the office', 'the lab'];
      const q = `is ${first} ${words[k % words.length]} than ${second}?`;
      const answer = await new Bruno(store, undefined, () => NOW).ask(q);
      const v = (x: string) => (isVital ? w[what === 'cpu' ? 'cpu' : 'mem'][x === 'pi-node-1' ? 0 : 1] : value(x.replace('the ', '') as 'office' | 'lab'));
      const truth = higher ? v(first!) > v(second!) : v(first!) < v(second!);
      assert.equal(answer.intent, 'compare', `${q}: ${answer.response}`);
      assert.deepEqual(ungroundedInAnswer(answer.response, answer.data, NOW), [], `${q}: ${answer.response}`);
      assert.match(answer.response, truth ? /^Yes — / : /^No — /, `${q} (${v(first!)} vs ${v(second!)}): ${answer.response}`);
      for (const place of [first!, second!]) assert.ok(answer.response.includes(place.replace('the ', '')), `${q}: ${answer.response}`);
      if (w.staleA && !isVital) assert.match(answer.response, /office [^,—]*\(last reading 5 h ago\)/, `${q}: ${answer.response}`);
    } finally {
      await store.close();
    }
  }), { numRuns: 80 });
});
