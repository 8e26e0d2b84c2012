import { describe, test, after } from 'node:test';
import assert from 'node:assert/strict';
import { AgentRuntime } from './runtime.js';
import type { AgentDefinition } from './definition.js';
import { fakeChatModel, type FakeChatModel } from '../../../test/support/fake-chat-model.js';

interface Ctx { readings: Record<string, number>; changed: string[]; now: number }

/** A small definition over an in-memory context: two capabilities, one of them an action. */
const definition = (ctx: Ctx): AgentDefinition<Ctx> => ({
  name: 'agent-test', purpose: 'test', persona: 'You answer from tools.', subscriptions: ['io.test.*'], actsOn: ['counters'],
  capabilities: [
    { spec: { name: 'reading', description: 'a value by place', scope: 'read', parameters: { type: 'object', properties: { place: { type: 'string' } } } },
      run: async (a, c) => (typeof a.place === 'string' && a.place in c.readings ? { place: a.place, value: c.readings[a.place] } : { error: `no data for ${String(a.place)}` }) },
    { spec: { name: 'reset', description: 'resets a place', scope: 'admin', parameters: { type: 'object', properties: { place: { type: 'string' } } } },
      run: async (a, c) => { c.changed.push(String(a.place)); return { reset: a.place }; } },
  ],
  context: () => ctx,
  plan: (q) => {
    const place = /\b(lab|hall|attic)\b/.exec(q)?.[1] ?? '';
    return [{ name: q.startsWith('reset') ? 'reset' : 'reading', args: { place } }];
  },
  answer: (_q, results) => {
    const r = results[0]!.result as { place?: string; value?: number; error?: string; reset?: string };
    return { intent: results[0]!.name, response: r.error ?? (r.reset ? `reset ${r.reset}` : `${r.place} is ${r.value}`), data: { result: r } };
  },
  onEvent: async (e) => ({ status: 'acted', detail: { type: e.type } }),
});

describe('AgentRuntime', () => {
  const models: FakeChatModel[] = [];
  after(() => Promise.all(models.map((m) => m.close())));
  /** A model answering the n-th request with `reply(n)`; returns its base URL. */
  const model = async (reply: (n: number) => unknown) => {
    const m = await fakeChatModel((_request, n) => reply(n));
    models.push(m);
    return m.url;
  };

  test('without a model: the planner calls the same capabilities; an unknown place is an honest no-data', async () => {
    const agent = new AgentRuntime(definition({ readings: { lab: 21.5 }, changed: [], now: 0 }));
    const a = await agent.ask({ query: 'what is the lab at?' });
    assert.equal(a.response, 'lab is 21.5');
    assert.deepEqual(a.data.calls, [{ name: 'reading', args: { place: 'lab' } }]);
    assert.equal((await agent.ask({ query: 'and the attic?' })).response, 'no data for attic');
    assert.deepEqual(agent.info().capabilities.map((c) => [c.name, c.scope]), [['reading', 'read'], ['reset', 'admin']]);
  });

  test('an admin capability is refused (403) without the admin scope and nothing changes; with it, it runs', async () => {
    const ctx = { readings: {}, changed: [] as string[], now: 0 };
    const agent = new AgentRuntime(definition(ctx));
    const refused = await agent.ask({ query: 'reset the hall', scopes: ['read'] });
    assert.equal(refused.status, 403);
    assert.deepEqual(ctx.changed, []);
    await agent.ask({ query: 'reset the hall', scopes: ['admin'] });
    assert.deepEqual(ctx.changed, ['hall']);
  });

  test('with a model: tool calls run the same capabilities; an answer with a number no tool gave falls back to the planner', async () => {
    const ctx = { readings: { lab: 21.5 }, changed: [] as string[], now: 0 };
    const call = { role: 'assistant', content: null, tool_calls: [{ id: '1', type: 'function', function: { name: 'reading', arguments: '{"place":"lab"}' } }] };
    const good = new AgentRuntime(definition(ctx), { llm: { baseUrl: await model((n) => (n === 0 ? call : { role: 'assistant', content: 'The lab reads 21.5.' })), model: 'm' } });
    const a = await good.ask({ query: 'how is the lab?' });
    assert.equal(a.intent, 'llm');
    assert.deepEqual(a.data.tool_calls, [{ name: 'reading', arguments: '{"place":"lab"}' }]);
    const liar = new AgentRuntime(definition(ctx), { llm: { baseUrl: await model((n) => (n === 0 ? call : { role: 'assistant', content: 'The lab reads 23.9.' })), model: 'm' } });
    const b = await liar.ask({ query: 'how is the lab?' });
    assert.equal(b.response, 'lab is 21.5', 'the model-free answer');
    assert.match(String(b.data.llm_error), /23\.9/);
    const sneaky = new AgentRuntime(definition(ctx), { llm: { baseUrl: await model((n) => (n === 0 ? { ...call, tool_calls: [{ ...call.tool_calls[0], function: { name: 'reset', arguments: '{"place":"lab"}' } }] } : { role: 'assistant', content: 'done' })), model: 'm' } });
    await sneaky.ask({ query: 'how is the lab?', scopes: ['read'] });
    assert.deepEqual(ctx.changed, [], 'the model cannot take an admin action for a read token');
  });

  test('modelFor keeps a question from the model; annotate adds to every answer; a failing capability keeps what it threw', async () => {
    const ctx = { readings: { lab: 21.5 }, changed: [] as string[], now: 0 };
    let asked = 0;
    const call = { role: 'assistant', content: null, tool_calls: [{ id: '1', type: 'function', function: { name: 'reading', arguments: '{"place":"lab"}' } }] };
    const llm = { baseUrl: await model((n) => { asked++; return n === 0 ? call : { role: 'assistant', content: 'The lab reads 21.5.' }; }), model: 'm' };
    const seen: { query: string; conversationId?: string }[] = [];
    const base = definition(ctx);
    const agent = new AgentRuntime<Ctx>({
      ...base,
      context: (r) => { seen.push({ query: r.query, ...(r.conversationId ? { conversationId: r.conversationId } : {}) }); return ctx; },
      modelFor: (q) => q.includes('model'),
      annotate: () => ({ reading_of: 'test' }),
    }, { llm });
    const planned = await agent.ask({ query: 'what is the lab at?', conversationId: 'c1' });
    assert.equal(planned.response, 'lab is 21.5');
    assert.equal(asked, 0, 'not a question for the model');
    assert.equal(planned.data.reading_of, 'test');
    assert.deepEqual(seen[0], { query: 'what is the lab at?', conversationId: 'c1' }, 'the context knows the question and the conversation');
    const modelled = await agent.ask({ query: 'ask the model about the lab' });
    assert.equal(modelled.intent, 'llm', String(modelled.data.llm_error));
    assert.equal(asked, 2, 'a tool call, then the answer');
    assert.equal(modelled.data.reading_of, 'test');
    const refused = await agent.ask({ query: 'reset the hall', scopes: ['read'] });
    assert.equal(refused.status, 403);
    assert.equal(refused.data.reading_of, 'test');
    const boom = new Error('store down');
    let thrown: unknown;
    const failing = new AgentRuntime<Ctx>({
      ...base,
      capabilities: [{ ...base.capabilities[0]!, run: async () => { throw boom; } }],
      answer: (_q, results) => { thrown = results[0]!.thrown; return { intent: 'reading', response: String((results[0]!.result as { error: string }).error), data: {} }; },
    });
    assert.equal((await failing.ask({ query: 'what is the lab at?' })).response, 'store down');
    assert.equal(thrown, boom, 'the error itself, for an answer that rethrows it');
  });

  test('events: handled when subscribed (prefix match), skipped otherwise', async () => {
    const agent = new AgentRuntime(definition({ readings: {}, changed: [], now: 0 }));
    assert.equal((await agent.handle({ id: '1', source: '/t', type: 'io.test.ping', time: 0, data: {} })).status, 'acted');
    assert.equal((await agent.handle({ id: '2', source: '/t', type: 'io.other.ping', time: 0, data: {} })).status, 'skipped');
  });
});
