import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { agentOverWorld, type AgentUnderTest } from './dev/agent.js';
import { numbersIn, statedNumbers } from './dev/check.js';
import { latest } from './dev/truth.js';
import { buildDevWorld, type DevWorld } from './dev/world.js';

/**
 * Casual openers and verbs of asking ("gimme", "Yo, Gimme", "lemme see", "fetch me", "Hey bruno,
 * Fetch", "pull up", "hit me with") and measure words with a slip ("tmep", "humitidy", "presure",
 * "temprature") are never names: about a real place the answer is that place's own reading; about a
 * place the store lacks it is still "no data for <that place>", with no number. Neither is "no data
 * for gimme".
 */
const LEAD = ['gimme', 'Yo, Gimme', 'lemme see', 'fetch me', 'Hey bruno, Fetch', 'pull up', 'hit me with', 'grab', 'can ya grab', 'could u fetch', 'dig up', 'yo gimme', 'Pls fetch'];
const KIND: Record<string, string[]> = { temperature: ['temperature', 'temp'], humidity: ['humidity'], pressure: ['pressure'] };
const PLACES: [string, string][] = [['warehouse a', 'warehouse-a'], ['the office', 'office'], ['the cold room', 'cold-room'], ['the server rack', 'server-rack'], ['warehouse-b', 'warehouse-b']];
/** One slip a typist makes: two letters swapped, a letter dropped (long words) or doubled. */
const slip = (w: string, kind: number, at: number): string => {
  const i = 1 + (at % (w.length - 2));
  if (kind === 0 || w.length < 6) return w.slice(0, i) + w[i + 1] + w[i] + w.slice(i + 2);
  return kind === 1 ? w.slice(0, i) + w.slice(i + 1) : w.slice(0, i) + w[i] + w.slice(i);
};
const kindArb = fc.tuple(fc.constantFrom(...Object.keys(KIND)), fc.nat(), fc.integer({ min: 0, max: 3 }), fc.nat()).map(([kind, pick, how, at]) => {
  const word = KIND[kind]![pick % KIND[kind]!.length]!;
  return { kind, said: how === 3 ? word : slip(word, how, at) };
});

describe('slang verbs and slipped measure words are never names', () => {
  let w: DevWorld;
  let agent: AgentUnderTest;
  let known: string[];
  before(async () => { ({ w, agent, known } = await agentOverWorld(buildDevWorld)); });
  after(async () => { await agent.stop(); await w.store.close(); });

  test('about a real place: that place\'s reading of the kind meant (property)', { timeout: 120_000 }, async () => {
    await fc.assert(fc.asyncProperty(fc.constantFrom(...LEAD), kindArb, fc.constantFrom(...PLACES), async (lead, { kind, said }, [spoken, location]) => {
      const q = `${lead} the ${said} in ${spoken}`;
      const a = await agent.ask(q);
      assert.notEqual(a.intent, 'unknown', `${q}: ${a.response}`);
      assert.notEqual(a.intent, 'help', `${q}: ${a.response}`);
      const want = latest(w.series, { location, kind })[0]!.value;
      assert.ok(numbersIn(a.response).some((n) => Math.abs(n.value - want) <= 0.1), `${q}: want ${want.toFixed(1)}: ${a.response}`);
    }), { numRuns: 150, seed: Number(process.env.FUZZ_SEED ?? 21) });
  });

  test('about a place the store lacks: "no data for" that place, no number (property)', { timeout: 120_000 }, async () => {
    const fake = fc.constantFrom('the boathouse', 'the atrium', 'the paint shop', 'the north annex', 'the scullery', 'the tool shed');
    await fc.assert(fc.asyncProperty(fc.constantFrom(...LEAD), kindArb, fake, async (lead, { said }, place) => {
      const q = `${lead} the ${said} in ${place}`;
      const a = await agent.ask(q);
      const name = place.replace(/^the /, '');
      assert.equal(a.intent, 'unknown', `${q}: ${a.response}`);
      assert.ok(a.response.toLowerCase().includes(name), `${q}: the answer should name "${name}": ${a.response}`);
      assert.doesNotMatch(a.response.toLowerCase(), /no data for "(gimme|lemme|fetch|grab|pull|hit|dig|yo|pls|can|could)/, q);
      assert.deepEqual(statedNumbers(a.response, q, known), [], `${q}: ${a.response}`);
    }), { numRuns: 100, seed: Number(process.env.FUZZ_SEED ?? 22) });
  });
});
