import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { StudioServer } from '../server.js';
import { SqliteStore } from '../store/sqlite/sqlite-store.js';
import { ReadingSchema, HealthSchema } from '../../core/schemas.js';
import { createStudio } from '../../app/studio-app.js';

let studio: StudioServer;
const NOW = Date.now();

before(async () => {
  studio = createStudio({ port: 0, host: '127.0.0.1', dataDir: '', store: new SqliteStore(':memory:') });
  await studio.start();
});
after(async () => studio.stop());

test('the first request the process serves reports cold_start, later ones do not', async () => {
  const ask = async () => (await (await fetch(`${studio.url}/query`, { method: 'POST', body: 'Are there any unhealthy Pi nodes?' })).json()) as { cold_start: boolean; response: string; intent: string };
  const first = await ask();
  assert.equal(first.cold_start, true);
  assert.equal(first.intent, 'health');
  assert.match(first.response, /No Pi nodes have reported yet/);
  assert.equal((await ask()).cold_start, false);
});

test('readings raw and downsampled by step; nodes with assessed health; clear 400s', async () => {
  const readings = Array.from({ length: 120 }, (_, i) => ReadingSchema.parse({ node: 'pi-node-1', sensor: 't', kind: 'temperature', value: i, unit: '°C', ts: NOW - 2 * 3_600_000 + i * 60_000, location: 'warehouse-a' }));
  await studio.store.ingest([
    { event: { source: '/t', id: 'r', type: 'io.homelab.edge.reading', time: NOW }, readings },
    { event: { source: '/t', id: 'h', type: 'io.homelab.edge.health', time: NOW }, health: HealthSchema.parse({ node: 'pi-node-1', ts: NOW, cpu_pct: 95, mem_pct: 20, disk_pct: 10, temp_c: 50 }) },
  ]);
  const raw = (await (await fetch(`${studio.url}/api/v1/readings?node=pi-node-1&range=3h`)).json()) as { count: number };
  assert.equal(raw.count, 120);
  const stepped = (await (await fetch(`${studio.url}/api/v1/readings?node=pi-node-1&range=3h&step=1h`)).json()) as { points: { count: number }[] };
  assert.equal(stepped.points.reduce((a, p) => a + p.count, 0), 120);
  assert.ok(stepped.points.length >= 2 && stepped.points.length <= 3);
  // "Everything, by day": from the epoch to tomorrow. Bounded by points, and the answer starts at the oldest stored data.
  const all = await fetch(`${studio.url}/api/v1/readings?node=pi-node-1&from=1&to=${NOW + 86_400_000}&step=1d`);
  assert.equal(all.status, 200);
  const everything = (await all.json()) as { from: number; points: { count: number }[] };
  assert.equal(everything.points.reduce((a, p) => a + p.count, 0), 120);
  assert.ok(everything.from > NOW - 3 * 86_400_000, `from starts at the stored data, not 1970: ${everything.from}`);
  const none = (await (await fetch(`${studio.url}/api/v1/readings?node=pi-node-nobody&from=1&step=1d`)).json()) as { points: unknown[] };
  assert.deepEqual(none.points, []);
  assert.equal((await fetch(`${studio.url}/api/v1/readings?node=pi-node-1&from=1&to=${NOW}`)).status, 400, 'raw reads keep their span bound');
  const nodes = (await (await fetch(`${studio.url}/api/v1/nodes`)).json()) as { nodes: { node: string; status: string }[] };
  assert.deepEqual(nodes.nodes.map((n) => [n.node, n.status]), [['pi-node-1', 'warning']]);
  const bad = await fetch(`${studio.url}/api/v1/readings?step=fortnight`);
  assert.equal(bad.status, 400);
  assert.match(((await bad.json()) as { error: { message: string } }).error.message, /step must be a duration/);
  assert.equal((await fetch(`${studio.url}/api/v1/anomalies?severity=apocalyptic`)).status, 400);
  assert.equal((await fetch(`${studio.url}/nope`)).status, 404);
});

test("anomalies: the nodes' flags and, beside them, a spike the studio finds in its own rollups that no node flagged", async () => {
  const start = NOW - 6 * 3_600_000;
  // Six hours of a steady 20 °C with a little noise, one 28 °C reading three hours in: no node flagged it.
  const readings = Array.from({ length: 360 }, (_, i) => ReadingSchema.parse({
    node: 'pi-node-7', sensor: 'spiky', kind: 'temperature', unit: '°C', location: 'cellar',
    value: i === 180 ? 28 : 20 + ((i * 7) % 5) / 20, ts: start + i * 60_000,
  }));
  await studio.store.ingest([{ event: { source: '/t', id: 'spiky', type: 'io.homelab.edge.reading', time: NOW }, readings }]);
  type Answer = { count: number; anomalies: unknown[]; studio_found?: { count: number; anomalies: { node: string; sensor: string; value: number; ts: number; direction: string }[] } };
  const get = async (q: string) => (await (await fetch(`${studio.url}/api/v1/anomalies?${q}`)).json()) as Answer;
  const both = await get('node=pi-node-7&range=12h');
  assert.equal(both.count, 0, 'no node flagged anything');
  assert.equal(both.studio_found?.count, 1, JSON.stringify(both.studio_found));
  const [spike] = both.studio_found!.anomalies;
  assert.deepEqual([spike!.sensor, spike!.value, spike!.direction], ['spiky', 28, 'high']);
  assert.ok(Math.abs(spike!.ts - (start + 180 * 60_000)) < 5 * 60_000, 'the bucket that held the spike');
  assert.equal((await get('node=pi-node-7&range=1h')).studio_found?.count, 0, 'outside the window: not listed');
  assert.equal((await get('node=pi-node-7&range=12h&studio=false')).studio_found, undefined);
  assert.equal((await get('location=elsewhere&range=12h')).studio_found?.count, 0, 'the filter applies to the studio\'s own scoring');
  const bad = await fetch(`${studio.url}/api/v1/anomalies?studio=perhaps`);
  assert.equal(bad.status, 400);
  assert.match(((await bad.json()) as { error: { message: string } }).error.message, /studio must be true or false/);
});
