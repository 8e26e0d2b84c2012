import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { SqliteStore } from '../../../studio/store/sqlite/sqlite-store.js';
import { ReadingSchema } from '../../../core/schemas.js';
import type { ChatMessage } from '../../../core/llm-client.js';
import { Bruno } from '../bruno.js';
import { fakeChatModel, toolCall, type FakeChatModel } from '../../../../test/support/fake-chat-model.js';

type Script = (messages: ChatMessage[]) => unknown;

const lastTool = (m: ChatMessage[]) => JSON.parse(m.filter((x) => x.role === 'tool').at(-1)!.content!) as { value: number; location: string }[];

describe('bruno with a model: tool calling, grounding, loop guard, fallback', () => {
  const now = Date.now();
  let store: SqliteStore;
  const models: FakeChatModel[] = [];
  /** A model that answers each request with the next turn of `script`, given the messages so far. */
  const start = async (script: Script, delayMs = 0) => {
    const m = await fakeChatModel((request) => script(request.messages), { delayMs });
    models.push(m);
    return m;
  };
  before(async () => {
    store = new SqliteStore(':memory:');
    await store.open();
    await store.ingest([{ event: { source: '/t', id: '1', type: 'io.homelab.edge.reading', time: now }, readings: [
      ReadingSchema.parse({ node: 'pi-node-2', sensor: 'dht22-humidity', kind: 'humidity', value: 31.7, unit: '%', ts: now - 60_000, location: 'warehouse-b' }),
    ] }]);
  });
  after(async () => {
    await Promise.all(models.map((m) => m.close()));
    await store.close();
  });
  const question = 'Would paper be safe in warehouse b?';

  test('a question the model-free layer cannot place goes to the model, which answers from tool results', async () => {
    const m = await start((messages) => messages.some((x) => x.role === 'tool')
      ? { role: 'assistant', content: `Humidity in ${lastTool(messages)[0]!.location} is ${lastTool(messages)[0]!.value}%: dry for paper storage.` }
      : toolCall('latest_readings', { kind: 'humidity', location: 'warehouse-b' }));
    const a = await new Bruno(store, undefined, () => now, { baseUrl: m.url, model: 'scripted' }).ask(question);
    assert.equal(a.intent, 'llm');
    assert.match(a.response, /31\.7%/);
    assert.deepEqual((a.data.tool_calls as { name: string }[]).map((c) => c.name), ['latest_readings']);
    assert.equal(m.requests.length, 2);
  });

  test('a number no tool returned sends the answer back to the model-free layer', async () => {
    const m = await start((messages) => messages.some((x) => x.role === 'tool')
      ? { role: 'assistant', content: 'Humidity is 27.3%, far too dry.' }
      : toolCall('latest_readings', { kind: 'humidity' }));
    const a = await new Bruno(store, undefined, () => now, { baseUrl: m.url, model: 'scripted' }).ask(question);
    assert.equal(a.intent, 'help');
    assert.match(String(a.data.llm_error), /27\.3/);
    assert.doesNotMatch(a.response, /27\.3/);
  });

  test('loop guard: the same call repeated ends the loop', async () => {
    const m = await start(() => toolCall('latest_readings', { kind: 'humidity' }));
    const a = await new Bruno(store, undefined, () => now, { baseUrl: m.url, model: 'scripted' }).ask(question);
    assert.equal(a.intent, 'help');
    assert.match(String(a.data.llm_error), /loop guard/);
    assert.equal(m.requests.length, 2);
  });

  test('a model slower than its timeout falls back to the model-free answer', async () => {
    const m = await start(() => ({ role: 'assistant', content: 'late' }), 1500);
    const a = await new Bruno(store, undefined, () => now, { baseUrl: m.url, model: 'scripted', timeoutMs: 200 }).ask(question);
    assert.equal(a.intent, 'help');
    assert.match(String(a.data.llm_error), /did not answer within 200 ms/);
  });

  test('server-sent events: a step per tool call, then the answer', async () => {
    const m = await start((messages) => messages.some((x) => x.role === 'tool')
      ? { role: 'assistant', content: `Humidity is ${lastTool(messages)[0]!.value}%.` }
      : toolCall('latest_readings', { kind: 'humidity' }));
    const { createStudio } = await import('../../../app/studio-app.js');
    const own = new SqliteStore(':memory:');
    const studio = createStudio({ port: 0, host: '127.0.0.1', dataDir: '', store: own, llm: { baseUrl: m.url, model: 'scripted' } });
    await studio.start();
    await own.ingest([{ event: { source: '/t', id: 'sse', type: 'io.homelab.edge.reading', time: now }, readings: [
      ReadingSchema.parse({ node: 'pi-node-2', sensor: 'dht22-humidity', kind: 'humidity', value: 31.7, unit: '%', ts: now - 60_000, location: 'warehouse-b' }),
    ] }]);
    try {
      const res = await fetch(`${studio.url}/query`, { method: 'POST', headers: { accept: 'text/event-stream', 'content-type': 'application/json' }, body: JSON.stringify({ query: question }) });
      assert.match(res.headers.get('content-type') ?? '', /text\/event-stream/);
      const text = await res.text();
      const events = [...text.matchAll(/event: (\w+)\ndata: (.*)\n/g)].map((x) => [x[1], x[2]] as const);
      assert.deepEqual(events.map((e) => e[0]), ['step', 'answer']);
      assert.equal((JSON.parse(events[0]![1]!) as { tool: string }).tool, 'latest_readings');
      assert.match((JSON.parse(events[1]![1]!) as { response: string }).response, /31\.7%/);
    } finally {
      await studio.stop();
    }
  });

  test('questions the model-free layer answers never reach the model', async () => {
    const m = await start(() => ({ role: 'assistant', content: 'should not be asked' }));
    const a = await new Bruno(store, undefined, () => now, { baseUrl: m.url, model: 'scripted' }).ask('What is the humidity in warehouse b?');
    assert.equal(a.intent, 'current');
    assert.equal(m.requests.length, 0);
  });
});
