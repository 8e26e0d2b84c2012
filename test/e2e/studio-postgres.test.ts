import { test } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { StudioServer } from '../../src/studio/server.js';

const PG_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const pgUp = await (async () => { const c = new pg.Client(PG_URL); try { await c.connect(); await c.end(); return true; } catch { return false; } })();
const skip = pgUp || process.env.CI === 'true' ? false : `PostgreSQL not reachable at ${PG_URL}`;

test('agent-bruno on PostgreSQL: two replicas share events, answers, alerts and the graph', { skip }, async () => {
  const schema = `test_studio_${process.pid}_${Date.now()}`;
  const replica = () => new StudioServer({ port: 0, host: '127.0.0.1', dataDir: '', databaseUrl: PG_URL, databaseSchema: schema });
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
  } finally {
    await a.stop();
    await b.stop();
    const c = new pg.Client(PG_URL);
    await c.connect();
    await c.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await c.end();
  }
});
