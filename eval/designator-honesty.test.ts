import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { ReadingSchema } from '../src/core/schemas.js';
import { SqliteStore } from '../src/studio/store/sqlite/sqlite-store.js';
import { startAgent } from './dev/agent.js';
import { numbersIn, statedNumbers } from './dev/check.js';

/**
 * Real places named with a designator — an ordinal ("Second Floor Lab", "3rd Floor Office"), a
 * number ("Unit 4", "Hall 12"), a letter ("Bay C") — asked about with a different one ("third
 * floor lab", "unit 7", "bay d", in words or digits): a place the store lacks, so the answer says
 * it has no data for it and states no number (never the real sibling's value). Asked with the same
 * designator in another spelling ("2nd floor lab", "unit four") it is the real place and its value.
 * Each case builds its own store: the real place and two others, a few readings each.
 */
const NOW = new Date(2026, 10, 25, 11, 30).getTime();
const ORD = ['first', 'second', 'third', 'fourth', 'fifth', 'sixth'];
const NUMERAL = ['1st', '2nd', '3rd', '4th', '5th', '6th'];
const WORD = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine'];
const NOUN = ['lab', 'office', 'hall', 'unit', 'bay', 'block', 'wing', 'dock', 'annex', 'depot', 'studio', 'vault'];
const cap = (s: string) => s.replace(/\b[a-z]/g, (c) => c.toUpperCase());

type Shape = 'ordinal-floor' | 'trailing-number' | 'letter';
interface Case { real: string; asked: string; same: string }
const pair = fc.tuple(fc.nat({ max: 5 }), fc.nat({ max: 5 })).filter(([a, b]) => a !== b);
const cases: Record<Shape, fc.Arbitrary<Case>> = {
  'ordinal-floor': fc.tuple(pair, fc.constantFrom(...NOUN), fc.boolean(), fc.boolean()).map(([[a, b], n, realWord, askWord]) => ({
    real: cap(`${realWord ? ORD[a]! : NUMERAL[a]!} floor ${n}`), asked: `${askWord ? ORD[b]! : NUMERAL[b]!} floor ${n}`, same: `${realWord ? NUMERAL[a]! : ORD[a]!} floor ${n}`,
  })),
  'trailing-number': fc.tuple(fc.integer({ min: 1, max: 9 }), fc.integer({ min: 1, max: 9 }), fc.constantFrom(...NOUN), fc.boolean()).filter(([a, b]) => a !== b).map(([a, b, n, word]) => ({
    real: cap(`${n} ${a}`), asked: `${n} ${word ? WORD[b]! : b}`, same: `${n} ${WORD[a]!}`,
  })),
  letter: fc.tuple(fc.constantFrom(...'bcdefgh'), fc.constantFrom(...'bcdefgh'), fc.constantFrom(...NOUN)).filter(([a, b]) => a !== b).map(([a, b, n]) => ({
    real: `${cap(n)} ${a.toUpperCase()}`, asked: `${n} ${b}`, same: `${n} ${a}`,
  })),
};
const TEMPLATE = ["what's the temperature in the {p}", '{p} humidity', 'how warm is the {p} right now', 'average temperature in the {p} today', 'is the {p} getting warmer',
  'any anomalies in the {p} today?', 'is the {p} warmer than the cold room?', 'max humidity at the {p} in the last 3 hours', 'alert me if the {p} goes above 30°C', 'is the {p} above 20 degrees?'];

async function storeWith(real: string) {
  const store = new SqliteStore(':memory:');
  await store.open();
  const places: [string, string, number][] = [['xa-pi', real, 23.4], ['xb-pi', 'cold-room', 4.1], ['xc-pi', 'Boilerhouse', 31.7]];
  const readings = places.flatMap(([node, location, t], i) => Array.from({ length: 12 }, (_, k) => [
    ReadingSchema.parse({ node, sensor: 'sht31-temp', kind: 'temperature', unit: '°C', location, ts: NOW - k * 60_000, value: t + k * 0.01 }),
    ReadingSchema.parse({ node, sensor: 'sht31-rh', kind: 'humidity', unit: '%', location, ts: NOW - k * 60_000, value: 55.5 + i }),
  ]).flat());
  await store.ingest([{ event: { source: '/test/designators', id: 'r-1', type: 'io.homelab.edge.reading', time: NOW }, readings }]);
  return store;
}

describe('a sibling name that differs only by its ordinal, number or letter is an honest unknown', () => {
  test('asked with another designator: "no data for …", no number, no rule (property)', { timeout: 120_000 }, async () => {
    await fc.assert(fc.asyncProperty(fc.oneof(...Object.values(cases)), fc.constantFrom(...TEMPLATE), async ({ real, asked }, t) => {
      const store = await storeWith(real);
      const agent = await startAgent(store, NOW);
      try {
        const q = t.replace('{p}', asked);
        const a = await agent.ask(q);
        assert.match(a.response, /no data/i, `${q} (real: ${real}) → ${a.response}`);
        assert.deepEqual(statedNumbers(a.response, q, [real, 'xa-pi', 'xb-pi', 'xc-pi', 'cold-room', 'Boilerhouse', 'sht31-temp', 'sht31-rh']), [], `${q} (real: ${real}): ${a.response}`);
        assert.equal((await agent.alerts.rules()).length, 0, `${q}: created a rule`);
      } finally { await agent.stop(); await store.close(); }
    }), { numRuns: 150 });
  });

  test('asked with the same designator in another spelling: the real place and its value (property)', { timeout: 60_000 }, async () => {
    await fc.assert(fc.asyncProperty(fc.oneof(...Object.values(cases)), async ({ real, same }) => {
      const store = await storeWith(real);
      const agent = await startAgent(store, NOW);
      try {
        const a = await agent.ask(`what's the temperature in the ${same}`);
        assert.ok(numbersIn(a.response).some((n) => Math.abs(n.value - 23.4) < 0.05), `${same} (real: ${real}) → ${a.response}`);
      } finally { await agent.stop(); await store.close(); }
    }), { numRuns: 30 });
  });
});
