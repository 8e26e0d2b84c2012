import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { startAgent, type AgentUnderTest } from './dev/agent.js';
import { statedNumbers } from './dev/check.js';
import { buildDevWorld, type DevWorld } from './dev/world.js';

/**
 * Places the store has never seen, named in two or three ordinary words ("the north annex", "paint
 * shop", "the third gate", "cold storage room 2"), asked in every sort of question — anomalies,
 * statistics over a window, extremes, trends, current values, comparisons, alert wishes. Each is an
 * honest "no data for <name>": the answer names the place, states no number (no stored value, no
 * other place's figures), and an alert wish creates no rule, scoped to anywhere or otherwise.
 * World A's own words (warehouse, cold, room, office, server, rack) are kept out of the names so
 * each generated name is certainly unknown.
 */
const MODIFIER = ['north', 'south', 'east', 'upper', 'lower', 'back', 'front', 'old', 'new', 'little', 'big', 'blue', 'green', 'red', 'staff', 'guest', 'paint', 'print', 'tool', 'pump',
  'packing', 'shipping', 'spare', 'second', 'third', 'far', 'inner', 'outer', 'middle', 'central', 'winter', 'garden', 'river', 'hill', 'stone', 'brick', 'glass', 'iron', 'copper', 'silver', 'hot', 'dry'];
const NOUN = ['annex', 'hall', 'shop', 'yard', 'house', 'lounge', 'store', 'wing', 'loft', 'shed', 'bay', 'deck', 'depot', 'gate', 'tower', 'barn', 'block', 'studio', 'kitchen', 'garage',
  'corner', 'plant', 'station', 'cabin', 'lab', 'suite', 'den', 'porch', 'attic', 'vault', 'chamber', 'dock', 'terrace', 'pantry', 'closet', 'workshop', 'library', 'gallery', 'bakery', 'cellar', 'entrance', 'lobby'];
const place = fc.oneof(
  { weight: 6, arbitrary: fc.tuple(fc.constantFrom(...MODIFIER), fc.constantFrom(...NOUN)).map(([m, n]) => `${m} ${n}`) },
  { weight: 2, arbitrary: fc.tuple(fc.constantFrom(...MODIFIER), fc.constantFrom(...NOUN), fc.constantFrom(...NOUN)).filter(([, a, b]) => a !== b).map(([m, a, b]) => `${m} ${a} ${b}`) },
  { weight: 1, arbitrary: fc.constantFrom('cold storage room 2', 'the cold storage', 'freezer room 3', 'north annex', 'paint shop', 'east wing') },
);
/** {p}: the place with "the" where English puts one; {P}: without. */
const TEMPLATE = [
  'any anomalies in the {p} today?', 'anything unusual in the {p} yesterday', 'were there spikes at the {p} this week', '{P} anomalies last night',
  'average temperature in the {p} yesterday', 'what was the max humidity in the {p} over the last 24 hours', 'stats for the {p} this week', 'min and max temperature at the {p} today',
  'humidity summary for the {p} since monday', 'when was the {p} coldest yesterday', 'is the {p} getting warmer', 'is humidity falling in the {p}?',
  "what's the temperature in the {p}", '{P} humidity', 'how warm is it in the {p} right now', 'compare warehouse-a with the {p}', 'is the {p} warmer than the office?',
  'alert me if the {p} goes above 30°C', 'notify me when humidity in the {p} drops below 20%', 'let me know if the temperature at the {p} exceeds 25 degrees for 10 minutes',
  'create an alert: {p} pressure under 1000 hPa', 'if the {p} gets colder than 5 degrees tell me', 'warn me when the {p} humidity is over 80 percent for 5 minutes',
  'is the {p} overheating', "how's the {p} looking", 'has the {p} reported in the last hour', 'how many degrees is it in the {p}', 'which sensors are in the {p}',
];
const question = fc.tuple(place, fc.constantFrom(...TEMPLATE)).map(([p, t]) => {
  const bare = p.replace(/^the /, '');
  return { name: bare, q: t.replace('{p}', bare).replace('{P}', bare) };
});

describe('unknown places of several ordinary words are honest unknowns: no number, no rule', () => {
  let w: DevWorld;
  let agent: AgentUnderTest;
  let known: string[];
  before(async () => {
    w = await buildDevWorld();
    agent = await startAgent(w.store, w.now);
    const c = await w.store.catalog();
    known = [...c.nodes, ...c.locations, ...new Set(c.series.map((s) => s.sensor))];
  });
  after(async () => { await agent.stop(); await w.store.close(); });

  test('generated multi-word unknown places across question templates (property)', { timeout: 180_000 }, async () => {
    await fc.assert(fc.asyncProperty(question, async ({ name, q }) => {
      const before = (await agent.alerts.rules()).length;
      const a = await agent.ask(q);
      const rules = await agent.alerts.rules();
      for (const r of rules.slice(before)) await agent.alerts.deleteRule(r.id);
      assert.equal(rules.length, before, `${q}: created a rule for a place that does not exist: ${a.response}`);
      assert.equal(a.intent, 'unknown', `${q} → ${a.intent}: ${a.response}`);
      assert.match(a.response, /no data/i, q);
      assert.ok(a.response.toLowerCase().includes(name), `${q}: the answer should name "${name}": ${a.response}`);
      assert.deepEqual(statedNumbers(a.response, q, known), [], `${q}: a number in an unknown answer: ${a.response}`);
    }), { numRuns: 300 });
  });

  test('the same sentences about real places are answered with numbers (the property is not vacuous)', async () => {
    for (const q of ['any anomalies in warehouse-a this week?', 'average temperature in the cold room yesterday', 'stats for the server rack this week', 'is the office warmer than warehouse-b?', 'when was warehouse-b warmest yesterday']) {
      const a = await agent.ask(q);
      assert.notEqual(a.intent, 'unknown', `${q}: ${a.response}`);
      assert.ok(statedNumbers(a.response, q, known).length > 0, `${q}: ${a.response}`);
    }
    const before = (await agent.alerts.rules()).length;
    await agent.ask('alert me if the server rack goes above 30°C');
    const rules = await agent.alerts.rules();
    assert.equal(rules.length, before + 1, 'a wish about a real place creates its rule');
    for (const r of rules.slice(before)) await agent.alerts.deleteRule(r.id);
  });
});
