import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { AgentHost } from '../agent-host.js';
import { EventPath } from '../event-path.js';
import { SqliteAgentState } from '../agent-state/sqlite-agent-state.js';
import { AlertEngine } from '../alerts/engine.js';
import { SqliteAlertRepository } from '../alerts/repository.js';
import { SqliteGraphRepository } from '../graph/graph-repository.js';
import { KnowledgeGraph } from '../graph/knowledge-graph.js';
import { DEFAULT_HEALTH_LIMITS } from '../health/node-health.js';
import { Ingestor } from '../ingest/ingestor.js';
import { createStudioMetrics } from '../metrics.js';
import { SqliteStore } from '../store/sqlite/sqlite-store.js';
import { createApp } from './app.js';
import { GoalBook } from '../goals/goal-book.js';
import { SqliteGoalRepository } from '../goals/goal-repository.js';
import { openApiDocument } from './openapi.js';
import { CommandQueue } from '../commands/command-queue.js';
import { openCrm } from '../crm/open-crm.js';
import { ModelRegistry } from '../models/model-registry.js';
import { SqliteModelRepository } from '../models/model-repository.js';

type Operation = { parameters?: { name: string; in: string; required?: boolean; schema?: { enum?: unknown[] } }[]; requestBody?: unknown; responses: Record<string, { content?: Record<string, unknown> }> };
type Doc = { paths: Record<string, Record<string, Operation>>; components: { schemas: Record<string, { required?: string[]; properties?: Record<string, unknown> }> } };

const doc = openApiDocument() as Doc;
const store = new SqliteStore(':memory:');
let app: ReturnType<typeof createApp>;

before(async () => {
  await store.open();
  const metrics = createStudioMetrics();
  // Every optional part on, as StudioServer has it, so every route is registered. Nothing is started:
  // only the route table is read, plus export requests that touch the store alone.
  const alerts = new AlertEngine(store, new SqliteAlertRepository(':memory:'), metrics.registry);
  const graph = new KnowledgeGraph(new SqliteGraphRepository(':memory:'));
  const commands = new CommandQueue({ path: ':memory:' });
  await commands.open();
  app = createApp({ commands,
    store, ingestor: new Ingestor(store, metrics), agents: new AgentHost([]), agentState: new SqliteAgentState(':memory:'), eventPath: new EventPath(new AgentHost([])), metrics,
    healthLimits: DEFAULT_HEALTH_LIMITS, maxBodyBytes: 1 << 20, tokens: [], readiness: () => ({ state: 'open', attempts: 1 }), alerts, graph,
    goals: new GoalBook({ store, repo: new SqliteGoalRepository(':memory:') }),
    crm: openCrm({ dataDir: ':memory:' }),
    models: new ModelRegistry({ repo: new SqliteModelRepository(':memory:'), store }),
  });
});
after(() => store.close());

/** `get /api/v1/alerts/{id}` for each route the app answers (middleware, registered for ALL methods, left out). */
const registered = () => [...new Set(app.routes.filter((r) => r.method !== 'ALL').map((r) => `${r.method.toLowerCase()} ${r.path.replace(/:(\w+)/g, '{$1}')}`))];
const documented = () => Object.entries(doc.paths).flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m} ${p}`));

test('every route the app registers is in the document, and the document lists no route the app lacks', () => {
  const routes = registered();
  assert.ok(routes.length >= 20, `the route table was read (${routes.length} routes)`);
  assert.deepEqual(routes.filter((r) => !documented().includes(r)), [], 'registered but not documented');
  assert.deepEqual(documented().filter((r) => !routes.includes(r)), [], 'documented but not registered');
});

test('each operation declares its path parameters', () => {
  for (const [p, ops] of Object.entries(doc.paths)) {
    const names = [...p.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
    for (const [method, op] of Object.entries(ops)) {
      const declared = (op.parameters ?? []).filter((x) => x.in === 'path');
      assert.deepEqual(declared.map((x) => x.name), names, `${method} ${p}`);
      assert.ok(declared.every((x) => x.required === true), `${method} ${p}: path parameters are required`);
    }
  }
});

test('query parameters the routes read are documented, with the values they accept', () => {
  const params = (p: string, m = 'get') => Object.fromEntries((doc.paths[p]![m]!.parameters ?? []).filter((x) => x.in === 'query').map((x) => [x.name, x]));
  const incidents = params('/api/v1/graph/incidents');
  for (const n of ['from', 'to', 'range', 'location', 'status', 'limit']) assert.ok(incidents[n], `incidents ${n}`);
  assert.deepEqual(incidents.status!.schema?.enum, ['open', 'closed']);
  assert.ok(params('/api/v1/graph/entities').limit);
  assert.ok(params('/api/v1/anomalies').limit);
  assert.deepEqual(params('/api/v1/alerts').state!.schema?.enum, ['pending', 'firing', 'resolved']);
  const anomalyNote = doc.paths['/api/v1/graph/anomalies/{id}/annotations']!.post!;
  assert.ok(anomalyNote.requestBody && anomalyNote.responses['201']);
});

test('every documented export format is served, with a media type the document lists', async () => {
  const op = doc.paths['/api/v1/export']!.get!;
  const formats = op.parameters!.find((x) => x.name === 'format')!.schema!.enum as string[];
  const types = Object.keys(op.responses['200']!.content!);
  assert.ok(formats.includes('parquet') && types.includes('application/vnd.apache.parquet'));
  for (const f of formats) {
    const res = await app.request(`/api/v1/export?format=${f}&range=1h`);
    assert.equal(res.status, 200, f);
    assert.ok(types.includes((res.headers.get('content-type') ?? '').split(';')[0]!), `${f}: ${res.headers.get('content-type')}`);
    await res.arrayBuffer();
  }
  assert.equal((await app.request('/api/v1/export?format=xlsx')).status, 400);
});

test('the document carries the validating schemas', () => {
  const reading = doc.components.schemas.Reading!;
  for (const f of ['node', 'sensor', 'kind', 'value', 'ts']) assert.ok(reading.required?.includes(f), `Reading.${f} required`);
  assert.ok(doc.components.schemas.AlertRule?.properties?.condition);
  assert.ok(doc.components.schemas.Health?.properties?.cpu_pct);
});

test('the served document is the one built here', async () => {
  const res = await app.request('/api/v1/openapi.json');
  assert.equal(res.status, 200);
  assert.deepEqual(Object.keys(((await res.json()) as Doc).paths).sort(), Object.keys(doc.paths).sort());
});
