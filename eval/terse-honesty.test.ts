import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { agentOverWorld, knownNames, startAgent, type AgentUnderTest } from './dev/agent.js';
import { statedNumbers } from './dev/check.js';
import { buildDevWorld, type DevWorld } from './dev/world.js';
import { buildWorldB, type WorldB } from './dev/world-b.js';

/**
 * The fifth round's forms — terse thresholds with no leading verb, units stuck to the number, alert
 * wishes in everyday verbs, "set an alert:", "goes quiet for N minutes", nodes described in plain
 * words, follow-ups — asked about names the store lacks: each is an honest "no data" that names the
 * thing, states no number and creates no rule. Over world B, a real place asked for a kind it does
 * not measure says so: no number, no rule.
 */
const WORD = ['greenhouse', 'atrium', 'garage', 'attic', 'scullery', 'boathouse', 'mezzanine', 'foyer', 'vestibule', 'larder'];
const PAIR = [['paint', 'shop'], ['north', 'annex'], ['back', 'yard'], ['pump', 'house'], ['east', 'wing'], ['staff', 'lounge'], ['tool', 'shed'], ['upper', 'deck']];
const place = fc.oneof(fc.constantFrom(...WORD), fc.constantFrom(...PAIR).map(([a, b]) => `${a} ${b}`));
const MEASURE = ['temp', 'temperature', 'humidity', 'RH', 'pressure'];
const STUCK = ['c', '°c', 'C', '°F', 'f', '%', 'pct', ' percent', 'hpa'];
const CMP = ['over', 'above', '>', 'under', '<', 'below', 'more than', '>=', 'at least'];
const LEAD = ['shoot me a text if', 'drop me a line when', 'message me if', 'ping me when', 'set an alert:', 'tell me if', 'send me a message if', 'alert me if'];
const terse = fc.record({ p: place, m: fc.constantFrom(...MEASURE), c: fc.constantFrom(...CMP), n: fc.integer({ min: 1, max: 1100 }), u: fc.constantFrom(...STUCK), tail: fc.constantFrom('?', '', ' right now?', ' rn') })
  .map(({ p, m, c, n, u, tail }) => ({ name: p, q: `${p} ${m} ${c} ${n}${u}${tail}` }));
const wish = fc.record({ p: place, lead: fc.constantFrom(...LEAD), m: fc.constantFrom(...MEASURE), n: fc.integer({ min: 1, max: 99 }), u: fc.constantFrom(...STUCK), d: fc.constantFrom('', ' for 5 minutes', ' for 10 min') })
  .map(({ p, lead, m, n, u, d }) => ({ name: p, q: `${lead} the ${p} ${m} goes above ${n}${u}${d}` }));
const quiet = fc.tuple(fc.integer({ min: 6, max: 99 }), fc.constantFrom('goes quiet', 'goes dark', 'falls silent', 'stops talking'), fc.constantFrom('let me know if', 'ping me if', 'tell me when'))
  .map(([n, v, lead]) => ({ name: `pi-node-${n}`, q: `${lead} pi-node-${n} ${v} for 10 minutes` }));
const DESCRIBE = ['spare', 'backup', 'old', 'big', 'little', 'test', 'new', 'kitchen', 'attic', 'loft'];
const NOUN = ['raspberry', 'node', 'pi', 'gateway', 'box', 'machine', 'controller'];
const ASK = ["what's the cpu of the {d}", 'how hot is the {d}', 'memory on my {d}?', 'disk usage of the {d}', 'is the {d} overloaded'];
const described = fc.tuple(fc.constantFrom(...DESCRIBE), fc.constantFrom(...NOUN), fc.constantFrom(...ASK)).map(([d, n, t]) => ({ name: d, q: t.replace('{d}', `${d} ${n}`) }));

describe('fifth-round forms about names the store lacks: no data, no number, no rule', () => {
  let w: DevWorld;
  let agent: AgentUnderTest;
  let known: string[];
  before(async () => { ({ w, agent, known } = await agentOverWorld(buildDevWorld)); });
  after(async () => { await agent.stop(); await w.store.close(); });

  const honest = async ({ name, q }: { name: string; q: string }, conversationId?: string) => {
    const before = (await agent.alerts.rules()).length;
    const a = await agent.ask(q, conversationId);
    const rules = await agent.alerts.rules();
    for (const r of rules.slice(before)) await agent.alerts.deleteRule(r.id);
    assert.equal(rules.length, before, `${q}: created a rule for a name that does not exist: ${a.response}`);
    assert.match(a.response, /no data/i, `${q}: ${a.response}`);
    assert.ok(a.response.toLowerCase().includes(name), `${q}: the answer should name "${name}": ${a.response}`);
    assert.deepEqual(statedNumbers(a.response, q, known), [], `${q}: a number in an unknown answer: ${a.response}`);
  };

  test('terse thresholds, everyday alert wishes, quiet nodes and described nodes (property)', { timeout: 180_000 }, async () => {
    await fc.assert(fc.asyncProperty(fc.oneof(terse, wish, quiet, described), (x) => honest(x)), { numRuns: 250 });
  });

  test('a follow-up naming an unknown place never repeats the previous place (property)', { timeout: 120_000 }, async () => {
    let n = 0;
    await fc.assert(fc.asyncProperty(place, fc.constantFrom('and in the {p}?', 'what about the {p}?', 'how about in {p}', 'and the {p}?', 'same for the {p}'), async (p, t) => {
      const id = `c${n++}`;
      const first = await agent.ask("what's the temperature in warehouse-a?", id);
      assert.match(first.response, /°C/);
      await honest({ name: p, q: t.replace('{p}', p) }, id);
    }), { numRuns: 60 });
  });

  test('the same forms about real names are answered (the property is not vacuous)', async () => {
    for (const q of ['warehouse-b humidity over 40%?', 'pi-node-5 cpu > 80 %', 'cold-room temp under 40F?', 'office temperature >= 15c']) {
      const a = await agent.ask(q);
      assert.equal(a.intent, 'threshold', `${q}: ${a.response}`);
      assert.match(a.response, /^(Yes|No) — /, q);
      assert.ok(statedNumbers(a.response, q, known).length > 0, `${q}: the figure the verdict rests on: ${a.response}`);
    }
    const before = (await agent.alerts.rules()).length;
    await agent.ask('shoot me a text if warehouse-a temperature goes above 30c');
    await agent.ask('let me know if pi-node-3 goes quiet for 10 minutes');
    const rules = await agent.alerts.rules();
    assert.equal(rules.length, before + 2, 'wishes about real names create their rules');
    assert.ok(rules.slice(before).some((r) => r.condition.type === 'deadman'), 'the quiet node is a no-data rule');
    for (const r of rules.slice(before)) await agent.alerts.deleteRule(r.id);
  });
});

describe('a real place asked for a kind it does not measure says so (world B)', () => {
  let w: WorldB;
  let agent: AgentUnderTest;
  before(async () => { w = await buildWorldB(); agent = await startAgent(w.store, w.now); });
  after(async () => { await agent.stop(); await w.store.close(); });

  test('trends and alert wishes over every (place, missing kind): no number, no rule; comparisons name the side without it', { timeout: 120_000 }, async () => {
    const c = await w.store.catalog();
    const known = await knownNames(w.store);
    let checked = 0;
    for (const p of c.locations) {
      for (const k of c.kinds.filter((k) => !c.series.some((s) => s.location === p && s.kind === k))) {
        for (const q of [`is ${k} rising in ${p}?`, `alert me if ${k} in ${p} goes above 10`, `set an alert: ${p} ${k} below 5`]) {
          const before = (await agent.alerts.rules()).length;
          const a = await agent.ask(q);
          assert.equal((await agent.alerts.rules()).length, before, `${q}: a rule on data that does not exist: ${a.response}`);
          assert.match(a.response, new RegExp(`${p} has no ${k} data`), `${q}: ${a.response}`);
          assert.deepEqual(statedNumbers(a.response, q, known), [], `${q}: ${a.response}`);
        }
        const other = c.locations.find((o) => c.series.some((s) => s.location === o && s.kind === k))!;
        const a = await agent.ask(`compare ${k} in ${other} and ${p}`);
        assert.match(a.response, new RegExp(`${p} has no ${k} data`), a.response);
        checked++;
      }
    }
    assert.ok(checked >= 5, `world B has places without a kind (${checked})`);
  });
});
