import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Registry } from 'prom-client';
import { SqliteStore } from '../../../studio/store/sqlite/sqlite-store.js';
import { ReadingSchema } from '../../../core/schemas.js';
import { AlertEngine } from '../../../studio/alerts/engine.js';
import { SqliteAlertRepository } from '../../../studio/alerts/repository.js';
import { DEFAULT_HEALTH_LIMITS } from '../../../studio/health/node-health.js';
import { callCapability } from '../../runtime/capability.js';
import { fakeChatModel, say, toolCall, type FakeChatModel } from '../../../../test/support/fake-chat-model.js';
import { OPERATIONS as OPERATION_NAMES } from '../language/plan.js';
import { BRUNO_CAPABILITIES, type BrunoContext } from './index.js';
import { Bruno } from '../bruno.js';

const NOW = new Date(2026, 10, 23, 15, 30).getTime();

describe("agent-bruno's one capability list: the planner and a model call the same entries", () => {
  let store: SqliteStore;
  let alerts: AlertEngine;
  let ctx: (question?: string) => Promise<BrunoContext>;
  const models: FakeChatModel[] = [];
  before(async () => {
    store = new SqliteStore(':memory:');
    await store.open();
    await store.ingest([{ event: { source: '/t', id: '1', type: 'io.homelab.edge.reading', time: NOW }, readings: [
      ReadingSchema.parse({ node: 'pi-node-2', sensor: 'dht22-humidity', kind: 'humidity', value: 31.7, unit: '%', ts: NOW - 60_000, location: 'warehouse-b' }),
      ReadingSchema.parse({ node: 'pi-node-3', sensor: 'dht22-humidity', kind: 'humidity', value: 58.4, unit: '%', ts: NOW - 60_000, location: 'warehouse-a' }),
      ReadingSchema.parse({ node: 'pi-node-2', sensor: 'dht22-temp', kind: 'temperature', value: 21.5, unit: '°C', ts: NOW - 60_000, location: 'warehouse-b' }),
    ] }]);
    alerts = new AlertEngine({ store, repo: new SqliteAlertRepository(':memory:'), metricsRegistry: new Registry(), clock: () => NOW, tickMs: 3_600_000, log: () => {} });
    await alerts.start();
    ctx = async (question = '') => ({ store, catalog: await store.catalog(), now: NOW, healthLimits: DEFAULT_HEALTH_LIMITS, alerts, question, masked: question });
  });
  after(async () => {
    await Promise.all(models.map((m) => m.close()));
    await alerts.stop();
    await store.close();
  });

  test('one entry per name, and every operation the language layer plans is in it', () => {
    const names = BRUNO_CAPABILITIES.map((c) => c.spec.name);
    assert.equal(new Set(names).size, names.length, `duplicate names in ${names.join(', ')}`);
    for (const op of [...OPERATION_NAMES, 'node_readings', 'forecast']) assert.ok(names.includes(op), `${op} missing`);
    for (const c of BRUNO_CAPABILITIES) assert.equal(c.spec.parameters.type, 'object');
  });

  test("a model's flat arguments reach the same operation, and the same figures, as the planner's typed plan", async () => {
    const planned = await new Bruno({ store, alerts, clock: () => NOW }).ask('What is the humidity in warehouse b?');
    assert.equal(planned.intent, 'current');
    const called = JSON.parse(await callCapability(BRUNO_CAPABILITIES, 'current', JSON.stringify({ kinds: ['humidity'], locations: ['warehouse-b'] }), await ctx(), ['read'])) as { response: string; data: { kinds: unknown } };
    assert.match(called.response, /31\.7/);
    assert.doesNotMatch(called.response, /58\.4/, 'another place\'s figure');
    assert.deepEqual(called.data.kinds, (planned.data as { kinds: unknown }).kinds);
  });

  test('a name the store lacks, or a bad time, is an error the model reads, with no figure in it', async () => {
    const c = await ctx();
    const unknown = JSON.parse(await callCapability(BRUNO_CAPABILITIES, 'statistics', JSON.stringify({ kinds: ['humidity'], locations: ['warehouse-z'] }), c)) as { error: string };
    assert.match(unknown.error, /no data for location warehouse-z/);
    assert.doesNotMatch(unknown.error, /31\.7|58\.4/);
    const badTime = JSON.parse(await callCapability(BRUNO_CAPABILITIES, 'statistics', JSON.stringify({ kinds: ['humidity'], from: 'yesterday-ish' }), c)) as { error: string };
    assert.match(badTime.error, /from must be an RFC 3339 time/);
    const inverted = JSON.parse(await callCapability(BRUNO_CAPABILITIES, 'trend', JSON.stringify({ kinds: ['humidity'], from: new Date(NOW - 3_600_000).toISOString(), to: new Date(NOW - 7_200_000).toISOString() }), c)) as { error: string };
    assert.match(inverted.error, /from must be before to/);
  });

  test('an admin capability called by a model with a read token changes nothing; with admin it creates the rule (°F converted)', async () => {
    const args = JSON.stringify({ kinds: ['temperature'], locations: ['warehouse-b'], op: '>', value: 80, unit: '°F' });
    const refused = JSON.parse(await callCapability(BRUNO_CAPABILITIES, 'alert_create', args, await ctx(), ['read'])) as { error: string };
    assert.match(refused.error, /needs the admin scope/);
    assert.equal((await alerts.rules()).length, 0);
    const made = JSON.parse(await callCapability(BRUNO_CAPABILITIES, 'alert_create', args, await ctx(), ['admin'])) as { data: { created: boolean; rule: { condition: { value: number; op: string }; filter: { location?: string; kind?: string } } } };
    assert.equal(made.data.created, true);
    assert.equal(made.data.rule.condition.op, '>');
    assert.ok(Math.abs(made.data.rule.condition.value - 26.67) < 0.01, String(made.data.rule.condition.value));
    assert.deepEqual(made.data.rule.filter, { kind: 'temperature', location: 'warehouse-b' });
    const wrongUnit = JSON.parse(await callCapability(BRUNO_CAPABILITIES, 'alert_create', JSON.stringify({ kinds: ['humidity'], op: '<', value: 30, unit: 'hPa' }), await ctx(), ['admin'])) as { error: string };
    assert.match(wrongUnit.error, /hPa is not a unit of humidity/);
    assert.equal((await alerts.rules()).length, 1);
  });

  test("through Bruno with a model: the request's read scope reaches the model's tool calls", async () => {
    const seen: string[] = [];
    const model = await fakeChatModel(async ({ messages, tools = [] }) => {
      assert.ok(tools.some((t) => t.function.name === 'alert_delete') && tools.some((t) => t.function.name === 'latest_readings'), 'the model sees the one list');
      const tool = messages.filter((m) => m.role === 'tool').at(-1);
      if (tool) seen.push(tool.content!);
      return tool ? say('I could not delete it.') : toolCall('alert_delete', { id: (await alerts.rules())[0]!.id });
    });
    models.push(model);
    const url = model.url;
    const before = (await alerts.rules()).length;
    assert.ok(before >= 1);
    const a = await new Bruno({ store, alerts, clock: () => NOW, llm: { baseUrl: url, model: 'scripted' } }).ask('Would paper be safe in warehouse b?', { scopes: ['read'] });
    assert.equal(a.intent, 'llm');
    assert.match(seen[0] ?? '', /needs the admin scope/);
    assert.equal((await alerts.rules()).length, before, 'nothing deleted');
  });
});

test('agent-bruno is run by the agent runtime: its info lists the one capability list, and a store that fails is not turned into an answer', async () => {
  const store = new SqliteStore(':memory:');
  await store.open();
  const bruno = new Bruno({ store, clock: () => NOW });
  assert.deepEqual(bruno.runtime.info().capabilities.map((c) => c.name), BRUNO_CAPABILITIES.map((c) => c.spec.name));
  await store.ingest([{ event: { source: '/t', id: '1', type: 'io.homelab.edge.reading', time: NOW }, readings: [
    ReadingSchema.parse({ node: 'pi-node-2', sensor: 'dht22-humidity', kind: 'humidity', value: 31.7, unit: '%', ts: NOW - 60_000, location: 'warehouse-b' }),
  ] }]);
  const down = new Error('the store is not reachable');
  store.latest = async () => { throw down; };
  await assert.rejects(bruno.ask('What is the humidity in warehouse b?'), (err) => err === down, 'the error itself reaches the HTTP layer (which maps it), as before the runtime');
  await store.close();
});
