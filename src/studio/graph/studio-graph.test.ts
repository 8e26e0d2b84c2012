import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SqliteStore } from '../store/sqlite/sqlite-store.js';
import { createStudio } from '../../app/studio-app.js';

const H = 3_600_000;
const T0 = Date.now() - 48 * H;
const anomaly = (id: string, node: string, location: string, kind: string, value: number, ts: number) => ({
  specversion: '1.0', id, source: `/edge/${node}`, type: 'io.homelab.edge.anomaly',
  data: { node, sensor: `dht22-${kind}`, kind, value, unit: kind === 'temperature' ? '°C' : '%', ts, location, score: 0.95, severity: 'critical', reason: 'level-shift' },
});

test('an HVAC failure becomes one incident; once annotated, a similar later one is linked to its root cause', async () => {
  const studio = createStudio({ port: 0, host: '127.0.0.1', dataDir: '', store: new SqliteStore(':memory:') });
  await studio.start();
  const send = (events: unknown[]) => fetch(`${studio.url}/events`, { method: 'POST', body: JSON.stringify(events), headers: { 'content-type': 'application/cloudevents-batch+json' } });
  const get = async <T>(path: string) => (await (await fetch(`${studio.url}${path}`)).json()) as T;
  try {
    await send([
      anomaly('a1', 'pi-node-2', 'warehouse-b', 'temperature', 28.1, T0),
      anomaly('a2', 'pi-node-2', 'warehouse-b', 'humidity', 34.2, T0 + 60_000),
      anomaly('a3', 'pi-node-2', 'warehouse-b', 'temperature', 30.3, T0 + 8 * 60_000),
    ]);
    const first = await get<{ incidents: { id: string; props: { count: number; kinds: string[]; peak: Record<string, number> } }[] }>('/api/v1/graph/incidents?range=30d');
    assert.equal(first.incidents.length, 1, 'co-occurring anomalies at one location are one incident');
    const inc = first.incidents[0]!;
    assert.deepEqual([inc.props.count, inc.props.kinds, inc.props.peak.temperature], [3, ['humidity', 'temperature'], 30.3]);
    const ann = await fetch(`${studio.url}/api/v1/graph/incidents/${encodeURIComponent(inc.id)}/annotations`, { method: 'POST', body: JSON.stringify({ root_cause: 'HVAC malfunction', resolution: 'compressor relay replaced' }) });
    assert.equal(ann.status, 201);
    await send([
      anomaly('b1', 'pi-node-2', 'warehouse-b', 'temperature', 29.0, T0 + 30 * H),
      anomaly('c1', 'pi-node-3', 'warehouse-c', 'pressure', 990, T0 + 31 * H),
    ]);
    const all = await get<{ incidents: { id: string; props: { place: string } }[] }>('/api/v1/graph/incidents?range=30d');
    const later = all.incidents.find((i) => i.props.place === 'warehouse-b' && i.id !== inc.id)!;
    const other = all.incidents.find((i) => i.props.place === 'warehouse-c')!;
    const detail = await get<{ similar: { root_cause: string; resolution: string; incident: { id: string } }[] }>(`/api/v1/graph/incidents/${encodeURIComponent(later.id)}`);
    assert.equal(detail.similar[0]?.root_cause, 'HVAC malfunction');
    assert.equal(detail.similar[0]?.incident.id, inc.id);
    const unrelated = await get<{ similar: unknown[] }>(`/api/v1/graph/incidents/${encodeURIComponent(other.id)}`);
    assert.equal(unrelated.similar.length, 0);
    const node = await get<{ neighbours: { id: string }[] }>('/api/v1/graph/entities/node%3Api-node-2');
    assert.ok(node.neighbours.some((n) => n.id === 'location:warehouse-b'));
    const answer = (await (await fetch(`${studio.url}/query`, { method: 'POST', body: 'Has this happened before in warehouse b?' })).json()) as { intent: string; response: string };
    assert.equal(answer.intent, 'history');
    assert.match(answer.response, /Root cause: HVAC malfunction \(resolved: compressor relay replaced\)/);
    assert.match(answer.response, /similar incident .* was caused by HVAC malfunction/);
    assert.equal((await fetch(`${studio.url}/api/v1/graph/entities/nope`)).status, 404);
  } finally {
    await studio.stop();
  }
});
