import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { Plan } from './language/plan.js';
import { isPolar, verdictOf, withVerdict } from './polar.js';

const plan = (extra: Partial<Plan> = {}): Plan => ({
  operation: 'liveness', measures: [], scope: { locations: [], nodes: [], sensors: [], unknown: [] }, time: { type: 'now', explicit: false },
  units: { temperature: '°C', pressure: 'hPa' }, score: 1, alternatives: [], ...extra,
});

describe('yes/no questions', () => {
  test('auxiliary-first and "any" questions are polar; wh-questions and choices between answers are not', () => {
    for (const q of ['Is any node down?', 'Are all nodes online?', 'Has the pressure been steady?', 'hey bruno, were there anomalies today?', 'Any anomalies today?', 'did anything spike?', "Isn't pi-node-4 online?", 'quick question: is the office still reporting?', 'is it rising or not?'])
      assert.ok(isPolar(q), q);
    for (const q of ['which nodes are down?', 'what is the temperature', 'how many nodes are online', 'is it rising or falling?', 'is pi-node-4 online or offline?', 'show me anomalies'])
      assert.ok(!isPolar(q), q);
  });

  test('liveness: "any … down" holds when one node is quiet, "all … online" when none is, whatever the fleet', async () => {
    const silentWords = ['down', 'offline', 'gone quiet', 'not reporting', 'dead'];
    const liveWords = ['online', 'up', 'reporting', 'alive'];
    await fc.assert(fc.property(fc.array(fc.boolean(), { minLength: 1, maxLength: 8 }), fc.boolean(), fc.boolean(), fc.nat(), fc.constantFrom('Is', 'Are', 'Has'),
      (online, askSilent, askAny, k, aux) => {
        const state = askSilent ? silentWords[k % silentWords.length]! : liveWords[k % liveWords.length]!;
        const q = `${aux} ${askAny ? 'any' : 'all the'} nodes ${state}?`;
        const data = { nodes: online.map((o, i) => ({ node: `n${i}`, online: o, location: `room-${i}` })), sensors: [] };
        const quiet = online.map((o) => !o);
        const want = askSilent ? (askAny ? quiet.some(Boolean) : quiet.every(Boolean)) : askAny ? quiet.some((x) => !x) : quiet.every((x) => !x);
        assert.equal(verdictOf(q, plan(), 'liveness', data), want, q);
      }));
  });

  test('a place is quiet when every node in it is: "has any location gone quiet?"', () => {
    const data = { nodes: [{ node: 'a1', location: 'hall', online: false }, { node: 'a2', location: 'hall', online: true }, { node: 'b1', location: 'shed', online: true }], sensors: [] };
    assert.equal(verdictOf('Has any location gone quiet?', plan(), 'liveness', data), false);
    data.nodes[1]!.online = false;
    assert.equal(verdictOf('Has any location gone quiet?', plan(), 'liveness', data), true);
  });

  test('trend: steadiness and change asked about are judged on every direction found', () => {
    const data = (...d: string[]) => ({ trends: d.map((direction) => ({ direction })) });
    const t = plan({ operation: 'trend' });
    assert.equal(verdictOf('Has the pressure been steady?', t, 'trend', data('steady')), true);
    assert.equal(verdictOf('Has the pressure been steady?', t, 'trend', data('rising')), false);
    assert.equal(verdictOf('has it stayed the same?', t, 'trend', data('steady', 'falling')), false);
    assert.equal(verdictOf('Has humidity changed today?', t, 'trend', data('steady')), false);
    assert.equal(verdictOf('Is it falling?', plan({ operation: 'trend', direction: 'falling' }), 'trend', data('falling')), true);
    assert.equal(verdictOf('what is the trend?', t, 'trend', data('steady')), undefined);
  });

  test('anomalies: yes exactly when any were found; an answer that already says yes or no is left alone', () => {
    assert.equal(withVerdict('Any anomalies today?', plan(), 'anomalies', { response: '2 anomalies …', data: { count: 2 } }).response, 'Yes — 2 anomalies …');
    assert.equal(withVerdict('were there any anomalies?', plan(), 'anomalies', { response: 'No anomalies for …', data: { count: 0 } }).response, 'No anomalies for …');
    // An answer opening with "No …" under a question whose answer is yes still gets its Yes.
    assert.equal(withVerdict('Are all nodes reporting?', plan(), 'liveness', { response: 'No node has stopped reporting', data: { nodes: [{ online: true }] } }).response, 'Yes — No node has stopped reporting');
    assert.equal(withVerdict('Is pi-node-1 online?', plan(), 'liveness', { response: 'No — pi-node-1 is offline', data: { nodes: [{ online: true }] } }).response, 'No — pi-node-1 is offline');
    assert.equal(withVerdict('show me the anomalies', plan(), 'anomalies', { response: '2 anomalies …', data: { count: 2 } }).response, '2 anomalies …');
  });
});
