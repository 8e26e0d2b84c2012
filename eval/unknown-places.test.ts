import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { agentOverWorld, knownNames, startAgent, type AgentUnderTest } from './dev/agent.js';
import { numbersIn, statedNumbers } from './dev/check.js';
import { latest, localAt, stats } from './dev/truth.js';
import { buildDevWorld, type DevWorld } from './dev/world.js';
import { buildWorldC, type WorldC } from './dev/world-c.js';

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

/** Names that begin with a word of the clock or the calendar ("the night annex", "noon depot", "june yard", "the sunday shed"): never read as a time. */
const CLOCK = ['night', 'day', 'morning', 'noon', 'evening', 'midnight', 'dawn', 'dusk', 'afternoon', 'midday', 'march', 'may', 'june', 'april', 'august', 'october', 'sunday', 'friday', 'winter', 'spring'];
const clockPlace = fc.tuple(fc.constantFrom(...CLOCK), fc.constantFrom(...NOUN)).map(([t, n]) => `${t} ${n}`);
const clockQuestion = fc.tuple(clockPlace, fc.constantFrom(...TEMPLATE)).map(([p, t]) => ({ name: p, q: t.replace('{p}', p).replace('{P}', p) }));

describe('unknown places of several ordinary words are honest unknowns: no number, no rule', () => {
  let w: DevWorld;
  let agent: AgentUnderTest;
  let known: string[];
  before(async () => { ({ w, agent, known } = await agentOverWorld(buildDevWorld)); });
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

  test('unknown places whose names begin with a word of the clock (property)', { timeout: 180_000 }, async () => {
    await fc.assert(fc.asyncProperty(clockQuestion, async ({ name, q }) => {
      const before = (await agent.alerts.rules()).length;
      const a = await agent.ask(q);
      const rules = await agent.alerts.rules();
      for (const r of rules.slice(before)) await agent.alerts.deleteRule(r.id);
      assert.equal(rules.length, before, `${q}: created a rule for a place that does not exist: ${a.response}`);
      assert.equal(a.intent, 'unknown', `${q} → ${a.intent}: ${a.response}`);
      assert.ok(a.response.toLowerCase().includes(name), `${q}: the answer should name "${name}": ${a.response}`);
      assert.deepEqual(statedNumbers(a.response, q, known), [], `${q}: a number in an unknown answer: ${a.response}`);
    }), { numRuns: 200, seed: Number(process.env.FUZZ_SEED ?? 11) });
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

describe('real places whose names begin with a word of the clock are found (world C)', () => {
  let w: WorldC;
  let agent: AgentUnderTest;
  before(async () => { w = await buildWorldC(); agent = await startAgent(w.store, w.now); });
  after(async () => { await agent.stop(); await w.store.close(); });

  test('every template about Night Store, Day Room 2, Morning Dock, Noon Hall, March Yard and May Street names the place, never "no data"', { timeout: 120_000 }, async () => {
    const c = await w.store.catalog();
    const known = await knownNames(w.store);
    for (const [place, spoken] of [['Night Store', 'night store'], ['Day Room 2', 'day room'], ['Morning Dock', 'morning dock'], ['Noon Hall', 'noon hall'], ['March Yard', 'march yard'], ['May Street', 'may street']] as const) {
      const now = latest(w.series, { location: place, kind: 'temperature' })[0]!.value;
      const yesterday = stats(w.series, { location: place, kind: 'temperature' }, localAt(w.now, -1, 0), localAt(w.now, 0, 0)).mean;
      // The value asked for, not a window's: "night" or "morning" read as a time would give last night's or this morning's figures.
      for (const [t, want] of [["what's the temperature in the {p}", now], ['{P} temperature', now], ['average temperature in the {p} yesterday', yesterday], ['how warm is it in the {p} right now', now], ['is the {p} getting warmer', undefined]] as const) {
        const q = t.replace('{p}', spoken).replace('{P}', spoken);
        const a = await agent.ask(q);
        assert.notEqual(a.intent, 'unknown', `${q}: ${a.response}`);
        assert.ok(a.response.includes(place), `${q}: the answer should be about ${place}: ${a.response}`);
        assert.ok(statedNumbers(a.response, q, known).length > 0, `${q}: ${a.response}`);
        if (want !== undefined) assert.ok(numbersIn(a.response).some((n) => Math.abs(n.value - want) <= 0.1), `${q}: want ${want.toFixed(1)}: ${a.response}`);
      }
      const before = (await agent.alerts.rules()).length;
      await agent.ask(`alert me if the ${spoken} goes above 30°C`);
      const rules = await agent.alerts.rules();
      assert.equal(rules.length, before + 1, `a wish about ${place} creates its rule`);
      assert.equal(rules.at(-1)!.filter.location ?? c.series.find((s) => s.node === rules.at(-1)!.filter.node)?.location, place, `the rule watches ${place}: ${JSON.stringify(rules.at(-1)!.filter)}`);
      for (const r of rules.slice(before)) await agent.alerts.deleteRule(r.id);
    }
  });
});
