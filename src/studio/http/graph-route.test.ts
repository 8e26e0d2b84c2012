import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Hono } from 'hono';
import { HttpError, httpErrorOf } from './http-error.js';
import { KnowledgeGraph } from '../graph/knowledge-graph.js';
import { SqliteGraphRepository } from '../graph/graph-repository.js';
import { aggregateItem, anomalyItem, HOUR, MIN, T0 } from '../graph/graph-test-fixtures.js';
import { graphRoute } from './graph-route.js';

const DAY_MS = 24 * HOUR;

describe('/api/v1/graph', () => {
  let graph: KnowledgeGraph;
  let app: Hono;
  const get = async (path: string) => { const r = await app.request(path); return { status: r.status, body: (await r.json()) as Record<string, any> }; }; // eslint-disable-line @typescript-eslint/no-explicit-any
  const post = async (path: string, body: unknown) => {
    const r = await app.request(path, { method: 'POST', body: typeof body === 'string' ? body : JSON.stringify(body), headers: { 'content-type': 'application/json' } });
    return { status: r.status, body: (await r.json()) as Record<string, any> }; // eslint-disable-line @typescript-eslint/no-explicit-any
  };

  before(async () => {
    graph = new KnowledgeGraph(new SqliteGraphRepository(':memory:'), () => T0 + 5 * MIN);
    await graph.start();
    app = new Hono();
    // The studio app's error handler, reduced to what these routes need.
    app.onError((err, c) => {
      const e = httpErrorOf(err) ?? new HttpError(500, String(err));
      return c.json(e.toJSON(), e.status as 400);
    });
    graphRoute(app, graph);
    await graph.onData([aggregateItem('ag1', 'pi-node-2', 'warehouse-b', T0 - 10 * MIN, { temperature: 21.5, humidity: 45 })]);
    await graph.onData([anomalyItem('a1', { kind: 'temperature', value: 28.1, ts: T0 }), anomalyItem('a2', { kind: 'humidity', value: 34.2, ts: T0 + 2 * MIN })]);
  });
  after(() => graph.stop());

  test('entities by type and name, and one entity with its neighbourhood and history', async () => {
    const sensors = await get('/api/v1/graph/entities?type=sensor&q=humid');
    assert.deepEqual(sensors.body.entities.map((e: { id: string }) => e.id), ['sensor:pi-node-2/dht22-humidity']);
    const node = await get(`/api/v1/graph/entities/${encodeURIComponent('node:pi-node-2')}?depth=2`);
    assert.equal(node.status, 200);
    assert.ok(node.body.neighbours.some((e: { type: string }) => e.type === 'anomaly'), 'depth 2 reaches anomalies through sensors');
    assert.deepEqual(Object.keys(node.body).sort(), ['entity', 'history', 'neighbours', 'relations']);
  });

  test('incidents by location and time, one incident in full, and annotation', async () => {
    const list = await get('/api/v1/graph/incidents?location=warehouse-b');
    assert.equal(list.body.count, 1);
    const inc = list.body.incidents[0];
    assert.equal(inc.status, 'open');
    assert.deepEqual((await get(`/api/v1/graph/incidents?location=warehouse-b&from=${T0 + DAY_MS}&to=${T0 + 2 * DAY_MS}`)).body.count, 0);
    const note = await post(`/api/v1/graph/incidents/${encodeURIComponent(inc.id)}/annotations`, { root_cause: 'HVAC malfunction', resolution: 'replaced compressor relay', author: 'sre' });
    assert.equal(note.status, 201);
    assert.equal(note.body.root_cause.id, 'root_cause:hvac-malfunction');
    const detail = await get(`/api/v1/graph/incidents/${inc.id.replace('incident:', '')}`);
    assert.equal(detail.status, 200);
    assert.equal(detail.body.anomalies.length, 2);
    assert.equal(detail.body.root_cause.name, 'HVAC malfunction');
    assert.deepEqual(detail.body.similar, []);
    const viaAnomaly = await post(`/api/v1/graph/anomalies/${encodeURIComponent(detail.body.anomalies[0].id)}/annotations`, { resolution: 'relay replaced, filters cleaned' });
    assert.equal(viaAnomaly.status, 201);
    assert.equal(viaAnomaly.body.incident.props.resolution, 'relay replaced, filters cleaned');
  });

  test('400 and 404 say what to fix', async () => {
    const cases: [Promise<{ status: number; body: Record<string, any> }>, number, string][] = [ // eslint-disable-line @typescript-eslint/no-explicit-any
      [get('/api/v1/graph/entities?type=robot'), 400, 'type'],
      [get('/api/v1/graph/entities?limit=0'), 400, 'limit'],
      [get('/api/v1/graph/entities/node%3Anope'), 404, 'id'],
      [get('/api/v1/graph/entities/node%3Api-node-2?depth=3'), 400, 'depth'],
      [get('/api/v1/graph/incidents?status=maybe'), 400, 'status'],
      [get('/api/v1/graph/incidents?from=2025-11-21T00:00:00Z&to=2025-11-20T00:00:00Z'), 400, 'from'],
      [get('/api/v1/graph/incidents?range=forever'), 400, 'range'],
      [get('/api/v1/graph/incidents/nope'), 404, 'id'],
      [post('/api/v1/graph/incidents/nope/annotations', { root_cause: 'x' }), 404, 'incident_id'],
      [post('/api/v1/graph/incidents/nope/annotations', 'not json'), 400, '(body)'],
      [post('/api/v1/graph/incidents/nope/annotations', { author: 'sre' }), 400, 'root_cause'],
      [post('/api/v1/graph/incidents/nope/annotations', { root_cause: 'x', mood: 'bad' }), 400, '(body)'],
      [post('/api/v1/graph/anomalies/anomaly%3Anope/annotations', { root_cause: 'x' }), 404, 'anomaly_id'],
    ];
    for (const [res, status, field] of cases) {
      const r = await res;
      assert.equal(r.status, status, JSON.stringify(r.body));
      assert.equal(r.body.error.field, field, JSON.stringify(r.body));
      assert.ok(r.body.error.message.length > 5);
    }
  });
});
