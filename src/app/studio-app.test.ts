import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SqliteStore } from '../studio/store/sqlite/sqlite-store.js';
import { agentsFromEnv, createStudio } from './studio-app.js';

const post = (url: string, body: unknown) => fetch(url, { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });

test('the studio serves its agents through the port: /api/v1/agents, /agents/{name}/query with `agent`, /query is agent-bruno', async () => {
  const studio = createStudio({ port: 0, host: '127.0.0.1', dataDir: '', store: new SqliteStore(':memory:') });
  await studio.start();
  try {
    const list = await (await fetch(`${studio.url}/api/v1/agents`)).json() as { agents: { name: string; purpose: string; capabilities: { name: string; scope: string }[]; subscriptions: string[] }[] };
    const bruno = list.agents.find((a) => a.name === 'agent-bruno')!;
    assert.ok(bruno.purpose.length > 10);
    assert.ok(bruno.capabilities.some((c) => c.name === 'alert_create' && c.scope === 'admin'));
    assert.ok(bruno.capabilities.some((c) => c.name === 'node_health' && c.scope === 'read'));
    const named = await (await post(`${studio.url}/agents/agent-bruno/query`, { query: 'Are there any unhealthy Pi nodes?' })).json() as { agent: string; response: string; intent: string; cold_start: boolean; latency_ms: number };
    assert.equal(named.agent, 'agent-bruno');
    assert.equal(typeof named.latency_ms, 'number');
    const plain = await (await post(`${studio.url}/query`, { query: 'Are there any unhealthy Pi nodes?' })).json() as Record<string, unknown>;
    assert.equal(plain.agent, undefined, '/query keeps its contract shape');
    assert.equal(plain.response, named.response);
    const missing = await post(`${studio.url}/agents/agent-nobody/query`, { query: 'hi' });
    assert.equal(missing.status, 404);
    assert.match(((await missing.json()) as { error: { message: string } }).error.message, /agent-bruno/);
  } finally {
    await studio.stop();
  }
});

test('AGENTS selects agents; an unknown name is warned about and every agent served', async () => {
  const report = { warnings: [] as string[] };
  assert.deepEqual(agentsFromEnv({ AGENTS: ' agent-bruno ' }, report), ['agent-bruno']);
  assert.equal(agentsFromEnv({ AGENTS: 'agent-bruno,agent-nobody' }, report), undefined);
  assert.match(report.warnings.join('\n'), /AGENTS="agent-bruno,agent-nobody" is not a comma-separated list of agent-bruno/);
});
