import { test } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { createStudio } from '../../src/app/studio-app.js';
import { sealArtifact } from '../../src/core/model-artifact.js';

const PG_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const pgUp = await (async () => { const c = new pg.Client(PG_URL); try { await c.connect(); await c.end(); return true; } catch { return false; } })();
const skip = pgUp || process.env.CI === 'true' ? false : `PostgreSQL not reachable at ${PG_URL}`;

test('agent-bruno on PostgreSQL: two replicas share events, answers, alerts and the graph', { skip }, async () => {
  const schema = `test_studio_${process.pid}_${Date.now()}`;
  const replica = () => createStudio({ port: 0, host: '127.0.0.1', dataDir: '', databaseUrl: PG_URL, databaseSchema: schema });
  const a = replica();
  const b = replica();
  await a.start();
  await b.start();
  try {
    const now = Date.now();
    const event = (id: string, data: unknown, type = 'io.homelab.edge.reading') => ({ specversion: '1.0', id, source: '/edge/pi-node-2', type, data });
    const batch = [
      event('r1', { readings: [{ node: 'pi-node-2', sensor: 'dht22-temperature', kind: 'temperature', value: 21.7, unit: '°C', ts: now - 60_000, location: 'warehouse-b' }] }),
      event('x1', { node: 'pi-node-2', sensor: 'dht22-temperature', kind: 'temperature', value: 29.9, unit: '°C', ts: now - 30_000, location: 'warehouse-b', score: 0.95, severity: 'critical', reason: 'spike' }, 'io.homelab.edge.anomaly'),
    ];
    const send = (url: string) => fetch(`${url}/events`, { method: 'POST', body: JSON.stringify(batch), headers: { 'content-type': 'application/cloudevents-batch+json' } });
    await Promise.all([send(a.url), send(b.url)]); // the same events to both replicas at once
    assert.deepEqual([(await a.store.counts()).events, (await a.store.counts()).readings], [2, 1]);
    const rule = await (await fetch(`${a.url}/api/v1/alerts`, { method: 'POST', body: JSON.stringify({ name: 'hot', filter: { kind: 'temperature' }, condition: { type: 'threshold', op: '>', value: 25 } }) })).json() as { id: string };
    const rules = await (await fetch(`${b.url}/api/v1/alerts`)).json() as { rules: { id: string }[] };
    assert.ok(rules.rules.some((r) => r.id === rule.id), 'a rule created on one replica is seen by the other');
    // The graph is built after the store acknowledges: wait for it (bounded) rather than a fixed 200 ms, which a loaded machine overruns.
    let incidents: { incidents: { props: { place: string } }[] } = { incidents: [] };
    for (let i = 0; i < 50 && incidents.incidents.length === 0; i++) {
      if (i) await new Promise((r) => setTimeout(r, 100));
      incidents = await (await fetch(`${b.url}/api/v1/graph/incidents?range=1d`)).json() as typeof incidents;
    }
    assert.deepEqual(incidents.incidents.map((i) => i.props.place), ['warehouse-b']);
    const answer = await (await fetch(`${b.url}/query`, { method: 'POST', body: "What's the temperature in warehouse b?" })).json() as { response: string };
    assert.match(answer.response, /21\.7°C|29\.9°C/);
    // A follow-up asked of the other replica reads the first turn from the shared store.
    const ask = async (url: string, query: string) => await (await fetch(`${url}/query`, { method: 'POST', body: JSON.stringify({ query, conversation_id: 'conv-1' }), headers: { 'content-type': 'application/json' } })).json() as { data: { plan: { scope: { locations: string[] }; measures: { kind?: string; name?: string }[] } } };
    await ask(a.url, "What's the temperature in warehouse b?");
    const follow = await ask(b.url, 'and humidity?');
    assert.deepEqual(follow.data.plan.scope.locations, ['warehouse-b'], 'the place carried over across replicas');
    assert.deepEqual(follow.data.plan.measures.map((m) => m.kind ?? m.name), ['humidity'], 'the new kind replaced the old');
    const alone = await (await fetch(`${b.url}/query`, { method: 'POST', body: JSON.stringify({ query: 'and humidity?', conversation_id: 'conv-2' }), headers: { 'content-type': 'application/json' } })).json() as { data: { plan: { scope: { locations: string[] } } } };
    assert.deepEqual(alone.data.plan.scope.locations, [], 'another conversation has no place to carry over');
  } finally {
    await a.stop();
    await b.stop();
    const c = new pg.Client(PG_URL);
    await c.connect();
    await c.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await c.end();
  }
});

test('agent-bruno on PostgreSQL: a model kept by one replica is there for another, and for a fresh one after both are gone (no data directory)', { skip }, async () => {
  const schema = `test_models_${process.pid}_${Date.now()}`;
  const replica = () => createStudio({ port: 0, host: '127.0.0.1', dataDir: '', databaseUrl: PG_URL, databaseSchema: schema });
  const now = Date.now();
  const artifact = sealArtifact({
    id: 'detector-baseline-temperature-v1', name: 'detector-baseline-temperature', version: 1, model_type: 'detector_baseline', target: 'temperature', created_at: now,
    trained_on: { from: now - 86_400_000, to: now }, params: {}, metrics: { series: 1 },
    series: [{ node: 'pi-node-2', sensor: 'dht22-temperature', kind: 'temperature', unit: '°C', location: 'warehouse-b', window: { from: now - 86_400_000, to: now }, points: 288, sample_interval_ms: 5000, baseline: { level: 21.5 }, metrics: {} }],
  });
  const [a, b] = [replica(), replica()];
  await a.start();
  await b.start();
  try {
    const up = await fetch(`${a.url}/api/v1/models`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ artifact }) });
    assert.equal(up.status, 201, await up.clone().text());
    const seen = await (await fetch(`${b.url}/api/v1/models`)).json() as { models: { id: string; checksum: string }[] };
    assert.deepEqual(seen.models.map((m) => [m.id, m.checksum]), [[artifact.id, artifact.checksum]], 'the other replica lists it');
    assert.equal((await fetch(`${b.url}/api/v1/models`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ artifact }) })).status, 409, 'one id, across replicas');
  } finally {
    await a.stop();
    await b.stop();
  }
  const fresh = replica();
  await fresh.start();
  try {
    const got = await (await fetch(`${fresh.url}/api/v1/models/${artifact.id}?full=1`)).json() as typeof artifact;
    assert.deepEqual(got, artifact, 'a new pod (its emptyDir gone) has the whole artifact');
  } finally {
    await fresh.stop();
    const c = new pg.Client(PG_URL);
    await c.connect();
    await c.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await c.end();
  }
});
