import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { Bruno } from '../src/agents/bruno/bruno.js';
import { buildWorldB, type WorldB } from './dev/world-b.js';

/**
 * Near misses of world B's own names — the same words with another number, another word where a
 * word tells two places apart, a node name with one digit changed — asked in every sort of
 * question: each is an honest unknown that names what was asked, and states no number.
 */
const nearPlace = fc.oneof(
  fc.tuple(fc.constantFrom('chiller room', 'Chiller Room', 'loading bay', 'Loading Bay'), fc.integer({ min: 4, max: 19 })).map(([p, n]) => `${p} ${n}`),
  fc.tuple(fc.constantFrom('east', 'west', 'central', 'overflow', 'East', 'West'), fc.constantFrom('warehouse', 'Warehouse')).map(([w, h]) => `${w} ${h}`),
  fc.constantFrom('chiller room 1', 'loading bay 2', 'wine cellar 2', 'boilerhouse 2', 'greenhouse', 'the freezer room'),
  // A real place's first word with another noun: "chiller unit" is not Chiller Room 2.
  fc.tuple(fc.constantFrom('chiller', 'loading', 'wine', 'Chiller', 'Wine'), fc.constantFrom('unit', 'dock', 'bar', 'wing', 'shed', 'closet', 'annex', 'store', 'yard', 'cabinet', 'box')).map(([w, n]) => `${w} ${n}`),
);
const nearNode = fc.oneof(
  fc.integer({ min: 3, max: 9 }).map((n) => `RPI-CHILL.${n}`),
  fc.integer({ min: 2, max: 99 }).map((n) => `gw${String(n).padStart(2, '0')}`),
  fc.integer({ min: 2, max: 9 }).map((n) => `cellar-pi-${n}`),
  fc.constantFrom('hub.east', 'hub.west', 'HUB.EAST', 'lb4-pi', 'lb3-pi-2', 'rpi-chill.3'),
);
const placeQ = fc.tuple(nearPlace, fc.constantFrom("What's the temperature in {p}?", '{p} humidity', 'how bright is it in {p}', 'average temperature in {p} last weekend', 'compare {p} and the boilerhouse', 'is {p} warmer than the north warehouse?', 'is it getting colder in {p}?', 'alert me if {p} goes above 30 degrees', 'CPU of the {p} node',
  'what was the highest temperature in the {p} yesterday', 'when was {p} coldest yesterday?', 'lowest humidity in {p} over the last 6 hours', 'any anomalies in the {p} today?', 'how many sensors are in {p}?', 'which sensor in {p} reads highest?', 'temperature trend in {p} today', 'export {p} readings as csv'))
  .map(([p, t]) => ({ name: p, q: t.replace('{p}', p) }));
const nodeQ = fc.tuple(nearNode, fc.constantFrom('cpu on {n}', 'is {n} online?', 'memory of {n}', 'when did {n} last report', '{n} disk usage', 'temperature at {n}', 'CPU of {n} vs gw01', 'why is {n} slow?'))
  .map(([n, t]) => ({ name: n, q: t.replace('{n}', n) }));

describe('world B: near misses of real names are honest unknowns with no number', () => {
  let w: WorldB;
  let bruno: Bruno;
  let strip: (s: string) => string;
  before(async () => {
    w = await buildWorldB();
    bruno = new Bruno(w.store, undefined, () => w.now);
    const c = await w.store.catalog();
    const names = [...c.nodes, ...c.locations, ...new Set(c.series.map((s) => s.sensor))].sort((a, b) => b.length - a.length);
    strip = (s) => names.reduce((t, n) => t.split(n.toLowerCase()).join(' ').split(n).join(' '), s);
  });
  after(async () => w.store.close());

  test('generated near-miss places and nodes (property)', { timeout: 120_000 }, async () => {
    await fc.assert(fc.asyncProperty(fc.oneof(placeQ, nodeQ), async ({ name, q }) => {
      const a = await bruno.ask(q);
      assert.equal(a.intent, 'unknown', `${q} → ${a.intent}: ${a.response}`);
      assert.match(a.response, /no data/i, q);
      const said = name.toLowerCase().replace(/^the /, '');
      assert.ok(a.response.toLowerCase().includes(said), `${q}: the answer should name "${name}": ${a.response}`);
      assert.doesNotMatch(strip(a.response.toLowerCase().split(said).join(' ')), /\d/, `${q}: a number in an unknown answer: ${a.response}`);
    }), { numRuns: 250 });
  });

  test('the real names, in the same sentences, are answered with numbers', async () => {
    for (const q of ['temperature in chiller room 2', 'loading bay 3 temperature', 'how bright is it in the loading bay', 'cpu on RPI-CHILL.2', 'memory of gw01', 'CPU of hub.north vs gw01']) {
      const a = await bruno.ask(q);
      assert.notEqual(a.intent, 'unknown', `${q}: ${a.response}`);
      assert.match(strip(a.response), /\d/, q);
    }
  });
});
