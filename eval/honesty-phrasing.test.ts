import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { isKnownWord } from '../src/agents/bruno/language/lexicon.js';
import { startAgent, type AgentUnderTest } from './dev/agent.js';
import { buildDevWorld, type DevWorld } from './dev/world.js';

/**
 * The phrasings added for yes/no thresholds, alert headings and wishes, inventory, slang and ranks
 * by position, asked about names the store lacks: every answer is an honest "no data for …" that
 * names the unknown and states no number at all (the threshold the question wrote included), and
 * no alert rule is created for a place or node that does not exist.
 */
const syllable = fc.constantFrom('zor', 'blax', 'qui', 'vex', 'mor', 'dun', 'kel', 'thra', 'plo', 'gri', 'snu', 'wex');
const pseudo = fc.array(syllable, { minLength: 2, maxLength: 3 }).map((s) => s.join('')).filter((w) => !isKnownWord(w));
const place = fc.oneof(
  fc.constantFrom('the garage', 'the attic', 'the loading dock', 'the greenhouse', 'the freezer', 'the boiler room', 'room 12', 'lab 2', 'the basement'),
  fc.constantFrom(...'cdefghjkmnpz'.split('')).map((l) => `warehouse ${l}`),
  pseudo.map((w) => w.charAt(0).toUpperCase() + w.slice(1)),
);
const node = fc.oneof(fc.integer({ min: 6, max: 99 }).map((n) => `pi-node-${n}`), fc.integer({ min: 6, max: 40 }).map((n) => `pi ${n}`), fc.integer({ min: 2, max: 9 }).map((n) => `rpi${n}-${['attic', 'shed', 'lab'][n % 3]}`));
const limit = fc.integer({ min: 1, max: 99 });
const unit = fc.constantFrom('°C', '°F', ' degrees', '%', ' hPa', ' F', ' percent');
const PLACE_TEMPLATES = ['is {p} above {n}{u}', 'is the temperature in {p} below {n}{u}?', 'did {p} ever go above {n}{u} yesterday', 'was the humidity in {p} under {n}{u} in the last 3 hours',
  'critical alert: {p} {n} degrees celsius for 5 minutes', 'warning alert: {p} above {n}°F for 10 min', 'let me know if {p} goes above {n}{u}', 'whats the temp in teh {p} rn', 'how toasty is {p}',
  "how's {p} lookin", 'which sensors are in {p}', 'how many sensors does {p} have', 'is it over {n}{u} in {p} right now', 'tell me if {p} is above {n}{u}'];
const NODE_TEMPLATES = ['is {p} cpu above {n}%', 'is {p} memory over {n} percent?', 'alert me if {p} cpu goes over {n}%', 'let me know if {p} goes offline', 'where is {p} located',
  'which room is {p} in?', 'critical alert when {p} disk above {n}% for 10 minutes', 'did {p} cpu ever go above {n}% today', 'tell me when {p} stops reporting'];
const question = fc.oneof(
  fc.tuple(place, limit, unit, fc.constantFrom(...PLACE_TEMPLATES)),
  fc.tuple(node, limit, unit, fc.constantFrom(...NODE_TEMPLATES)),
).map(([name, n, u, t]) => ({ name, q: t.replace('{p}', name).replace('{n}', String(n)).replace('{u}', u) }));

describe('honest unknowns in the new phrasings: no data, the name, no number, no rule', () => {
  let world: DevWorld;
  let agent: AgentUnderTest;
  let strip: (s: string) => string;
  before(async () => {
    world = await buildDevWorld();
    agent = await startAgent(world.store, world.now);
    const c = await world.store.catalog();
    const names = [...c.nodes, ...c.locations, ...new Set(c.series.map((s) => s.sensor))].sort((a, b) => b.length - a.length);
    strip = (s) => names.reduce((t, n) => t.split(n).join(' '), s);
  });
  after(async () => { await agent.stop(); await world.store.close(); });

  test('generated questions about fake places and nodes (property)', { timeout: 300_000 }, async () => {
    const rules = (await agent.alerts.rules()).length;
    await fc.assert(fc.asyncProperty(question, async ({ name, q }) => {
      const a = await agent.ask(q);
      assert.equal(a.intent, 'unknown', `${q} → ${a.intent}: ${a.response}`);
      assert.match(a.response.toLowerCase(), /no data|no .* data/, q);
      const said = a.response.toLowerCase().replace(/-/g, ' ');
      const key = name.toLowerCase().replace(/-/g, ' ').replace(/^the /, '').split(' ')[0]!;
      assert.ok(said.includes(key), `${q}: the answer should name "${name}": ${a.response}`);
      assert.doesNotMatch(strip(a.response.toLowerCase().split(name.toLowerCase()).join(' ')), /\d/, `${q}: a number in an unknown answer: ${a.response}`);
      assert.equal((await agent.alerts.rules()).length, rules, `${q}: a rule was created for a name that does not exist`);
    }), { numRuns: 250 });
  });

  test('the same shapes with known names are answered with their figures', async () => {
    for (const q of ['is warehouse a above 20°C', 'did warehouse-b ever go above 25 degrees yesterday', 'is pi-node-5 cpu above 50%', 'where is pi-node-3 located', 'whats the temp in teh cold room rn']) {
      const a = await agent.ask(q);
      assert.notEqual(a.intent, 'unknown', `${q}: ${a.response}`);
      assert.match(strip(a.response), /\d/, q);
    }
  });
});
