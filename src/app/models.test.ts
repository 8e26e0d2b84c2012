import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SqliteStore } from '../studio/store/sqlite/sqlite-store.js';
import type { IngestItem } from '../studio/store/store.js';
import { simulatedRollups } from '../forge/sim-history.js';
import { createStudio } from './studio-app.js';

const DAY = 86_400_000;
const send = (url: string, method: string, body?: unknown) => fetch(url, { method, ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}), headers: { 'content-type': 'application/json' } });

/** Three days of a collector's 5-minute aggregates for pi-node-2 (temperature, humidity), as the studio stores them. */
function history(now: number): IngestItem[] {
  const from = now - 3 * DAY;
  const sims = ['dht22-temperature', 'dht22-humidity'].map((s) => ({ s, ...simulatedRollups('pi-node-2', s, from, now - 5 * 60_000, 5000) }));
  return sims[0]!.rollups.map((r, i) => ({
    event: { source: '/edge/pi-node-2', id: `agg-${r.ts}`, type: 'io.homelab.edge.aggregate', time: r.ts },
    aggregate: {
      node: 'pi-node-2', window_start: r.ts, window_end: r.ts + 300_000,
      series: sims.map((x) => { const q = x.rollups[i]!; return { sensor: x.s, kind: x.sensor.kind, unit: x.sensor.unit, location: 'warehouse-b', count: q.count, min: q.min, max: q.max, mean: q.mean, last: q.mean }; }),
    },
  }));
}

test('POST /api/v1/models trains versioned artifacts from the stored history; GET lists and shows them; refusals say why', async () => {
  const studio = createStudio({ port: 0, host: '127.0.0.1', dataDir: '', store: new SqliteStore(':memory:'), enabledAgents: ['agent-bruno'] });
  await studio.start();
  try {
    await studio.store.ingest(history(Date.now()));
    const u = `${studio.url}/api/v1/models`;
    const r1 = await send(u, 'POST', { model_type: 'timeseries_forecast', target: 'temperature', range: '3d' });
    assert.equal(r1.status, 201, await r1.clone().text());
    const m1 = await r1.json() as { id: string; version: number; checksum: string; series: { node: string; kind: string; metrics: { forecast: { mae: number; band90: number } } }[] };
    assert.equal(m1.version, 1);
    assert.deepEqual(m1.series.map((s) => [s.node, s.kind]), [['pi-node-2', 'temperature']]);
    assert.ok(m1.series[0]!.metrics.forecast.mae < 0.3, `held-back MAE ${m1.series[0]!.metrics.forecast.mae}`);
    assert.match(m1.checksum, /^sha256:[0-9a-f]{64}$/);
    const m2 = await (await send(u, 'POST', { model_type: 'detector_baseline', target: 'humidity', range: '3d' })).json() as { id: string; version: number };
    assert.equal(m2.version, 1, 'versions number per name');
    const m3 = await (await send(u, 'POST', { target: 'temperature', range: '3d' })).json() as { id: string; version: number };
    assert.deepEqual([m3.id, m3.version], ['timeseries-forecast-temperature-v2', 2]);
    const list = await (await fetch(u)).json() as { count: number; models: { id: string }[] };
    assert.equal(list.count, 3);
    const one = await (await fetch(`${u}/${m1.id}`)).json() as Record<string, unknown> & { series: Record<string, unknown>[] };
    assert.equal(one.series[0]!.baseline, undefined, 'the summary leaves the state out');
    const full = await (await fetch(`${u}/${m1.id}?full=1`)).json() as { series: { baseline: { n: number } }[] };
    assert.ok(full.series[0]!.baseline.n > 1000);

    const refused = async (body: unknown, status: number, re: RegExp) => {
      const r = await send(u, 'POST', body);
      const e = (await r.json() as { error: { message: string; reason: string } }).error;
      assert.equal(r.status, status, e.message);
      assert.match(e.message, re);
      return e;
    };
    assert.equal((await refused({ target: 'lux' }, 422, /no stored series of "lux"/)).reason, 'not_enough_data');
    await refused({ target: 'temperature', range: '6h' }, 422, /at least a day/);
    await refused({ target: 'temperature', model_type: 'svm' }, 400, /model_type/);
    await refused({ target: 'temperature', range: '100d' }, 400, /at most 90 days/);
    await refused('{nope', 400, /JSON/);
    await refused({ target: 'temperature', colour: 'red' }, 400, /colour|Unrecognized/);
    // An artifact trained elsewhere (a Job) is kept once its checksums hold.
    const tampered = { ...full, id: 'x-v9' };
    assert.equal((await refused({ artifact: tampered }, 400, /checksum mismatch/)).reason, 'bad_checksum');
    await refused({ artifact: full }, 409, /exists already/);
    assert.equal((await send(`${u}/nope-v1`, 'GET')).status, 404);
  } finally {
    await studio.stop();
  }
});

test('GET /api/v1/nodes shows each node\'s model as its io.homelab.edge.model events report it (newest wins)', async () => {
  const studio = createStudio({ port: 0, host: '127.0.0.1', dataDir: '', store: new SqliteStore(':memory:'), enabledAgents: ['agent-bruno'] });
  await studio.start();
  try {
    const now = Date.now();
    const health = { specversion: '1.0', id: 'h1', source: '/edge/pi-node-1', type: 'io.homelab.edge.health', data: { node: 'pi-node-1', ts: now, cpu_pct: 10, mem_pct: 20, temp_c: 40, disk_pct: 30, top: [] } };
    const report = (id: string, state: string, ts: number) => ({ specversion: '1.0', id, source: '/edge/pi-node-1', type: 'io.homelab.edge.model', data: { node: 'pi-node-1', model_id: 'm-v1', version: 1, state, reason: state === 'rolled_back' ? 'alarm rate 12 vs 1' : null, ts } });
    const post = (events: unknown[]) => fetch(`${studio.url}/events`, { method: 'POST', body: JSON.stringify(events), headers: { 'content-type': 'application/cloudevents-batch+json' } });
    assert.equal((await post([health])).status < 300, true);
    let nodes = await (await fetch(`${studio.url}/api/v1/nodes`)).json() as { nodes: { node: string; model: unknown }[] };
    assert.equal(nodes.nodes[0]!.model, null);
    await post([report('r2', 'rolled_back', now - 1000), report('r1', 'shadow', now - 5000)]);
    await post([report('r1', 'shadow', now - 5000)]);
    nodes = await (await fetch(`${studio.url}/api/v1/nodes`)).json() as { nodes: { node: string; model: unknown }[] };
    assert.deepEqual(nodes.nodes[0]!.model, { id: 'm-v1', version: 1, state: 'rolled_back', reason: 'alarm rate 12 vs 1', since: now - 1000 });
    const bad = await post([{ ...report('r3', 'exploded', now), id: 'r3' }]);
    const body = await bad.json() as { results?: { status: string; reason?: string }[] } | { status: string; reason?: string }[];
    assert.match(JSON.stringify(body), /state/);
  } finally {
    await studio.stop();
  }
});

test('homelab train --local reads the studio over HTTP, trains in its own process and uploads the artifact; without --local the studio trains', async () => {
  const { spawn } = await import('node:child_process');
  const { fileURLToPath } = await import('node:url');
  const bin = fileURLToPath(new URL('../../bin/homelab.mjs', import.meta.url));
  const run = (args: string[]) => new Promise<{ code: number | null; out: string; err: string }>((resolve) => {
    const child = spawn(process.execPath, [bin, ...args], { env: { ...process.env, HOMELAB_URL: '', HOMELAB_TOKEN: '' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), 120_000);
    child.stdout.on('data', (c: Buffer) => { out += c.toString(); });
    child.stderr.on('data', (c: Buffer) => { err += c.toString(); });
    child.once('exit', (code) => { clearTimeout(timer); resolve({ code, out, err }); });
  });
  const studio = createStudio({ port: 0, host: '127.0.0.1', dataDir: '', store: new SqliteStore(':memory:'), enabledAgents: ['agent-bruno'] });
  await studio.start();
  try {
    await studio.store.ingest(history(Date.now()));
    const local = await run(['train', '-t', 'temperature', '--range', '3d', '--local', '--json', '--url', studio.url]);
    assert.equal(local.code, 0, local.err);
    const m = JSON.parse(local.out) as { id: string; series: { node: string; metrics: { forecast: { mae: number } } }[] };
    assert.equal(m.id, 'timeseries-forecast-temperature-v1');
    assert.ok(m.series[0]!.metrics.forecast.mae < 0.3);
    const inStudio = await run(['train', '-t', 'temperature', '--range', '3d', '--url', studio.url]);
    assert.equal(inStudio.code, 0, inStudio.err);
    assert.match(inStudio.out, /^timeseries-forecast-temperature-v2 \(timeseries_forecast, 1 series/);
    assert.match(inStudio.out, /pi-node-2\/dht22-temperature: \d+ rollups, held-back forecast MAE [\d.]+ °C/);
    const none = await run(['train', '-t', 'lux', '--url', studio.url]);
    assert.equal(none.code, 1);
    assert.match(none.err, /no stored series of "lux"/);
    assert.doesNotMatch(none.err, /\n\s+at /, 'no stack');
  } finally {
    await studio.stop();
  }
});
