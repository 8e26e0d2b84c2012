import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { SqliteStore } from '../../src/studio/store/sqlite/sqlite-store.js';
import type { HomelabError } from '../../src/sdk/index.js';
import { Agent } from '../../src/sdk/index.js';
import { createStudio } from '../../src/app/studio-app.js';

test('SDK Agent.query returns the typed answer; errors are HomelabErrors that say what to do', async () => {
  const studio = createStudio({ port: 0, host: '127.0.0.1', dataDir: '', store: new SqliteStore(':memory:') });
  await studio.start();
  try {
    const bruno = new Agent('agent-bruno', { url: studio.url });
    const answer = await bruno.query('Are there any unhealthy Pi nodes?');
    assert.equal(answer.intent, 'health');
    assert.equal(typeof answer.latency_ms, 'number');
    assert.equal(answer.cold_start, true);
    await assert.rejects(bruno.query(''), (e: HomelabError) => e.status === 400 && /empty/.test(e.message));
    const auditor = await new Agent('agent-auditor', { url: studio.url }).query('what is firing?');
    assert.equal(auditor.agent, 'agent-auditor', 'Agent(name) asks its own agent');
    assert.match(auditor.response, /Nothing is firing/);
  } finally {
    await studio.stop();
  }
  await assert.rejects(new Agent('agent-bruno', { url: 'http://127.0.0.1:9' }).query('hi'), /cannot reach agent-bruno[\s\S]*homelab up/);
});

test('CLI: homelab query prints the answer, --json the whole response, --help explains', async () => {
  const studio = createStudio({ port: 0, host: '127.0.0.1', dataDir: '', store: new SqliteStore(':memory:') });
  await studio.start();
  try {
    const run = (...args: string[]) => new Promise<{ status: number | null; stdout: string }>((resolve) => {
      // spawnSync would block the event loop that serves the studio in this process
      import('node:child_process').then(({ spawn }) => {
        const child = spawn(process.execPath, ['bin/homelab.mjs', ...args]);
        let stdout = '';
        child.stdout.on('data', (c: Buffer) => { stdout += c.toString(); });
        child.on('exit', (status) => resolve({ status, stdout }));
      });
    });
    const plain = await run('query', '--url', studio.url, 'Are', 'there', 'any', 'unhealthy', 'Pi', 'nodes?');
    assert.equal(plain.status, 0);
    assert.match(plain.stdout, /No Pi nodes have reported yet/);
    const json = JSON.parse((await run('query', '--url', studio.url, '--json', 'List all Pi nodes and their health status')).stdout) as { intent: string };
    assert.equal(json.intent, 'health');
  } finally {
    await studio.stop();
  }
  const help = spawnSync(process.execPath, ['bin/homelab.mjs', '--help'], { encoding: 'utf8' });
  for (const cmd of ['up', 'studio', 'edge', 'query', 'detect']) assert.match(help.stdout, new RegExp(`\\n  ${cmd}`));
});

test('SDK EdgeData and the export endpoint read what was stored', async () => {
  const { EdgeData } = await import('../../src/sdk/index.js');
  const { ReadingSchema, AnomalySchema } = await import('../../src/core/schemas.js');
  const studio = createStudio({ port: 0, host: '127.0.0.1', dataDir: '', store: new SqliteStore(':memory:') });
  await studio.start();
  try {
    const now = Date.now();
    const readings = Array.from({ length: 30 }, (_, i) => ReadingSchema.parse({ node: 'pi-node-1', sensor: 't', kind: 'temperature', value: 20 + i / 10, unit: '°C', ts: now - (30 - i) * 60_000, location: 'warehouse-a' }));
    await studio.store.ingest([
      { event: { source: '/t', id: 'r', type: 'io.homelab.edge.reading', time: now }, readings },
      { event: { source: '/t', id: 'a', type: 'io.homelab.edge.anomaly', time: now }, anomalies: [AnomalySchema.parse({ node: 'pi-node-1', sensor: 't', kind: 'temperature', value: 30, unit: '°C', ts: now - 60_000, score: 0.9, severity: 'critical', reason: 'spike' })] },
    ]);
    const edge = new EdgeData({ url: studio.url });
    assert.equal((await edge.getReadings({ timeRange: '1h' })).length, 30);
    const points = await edge.getTimeseries({ kind: 'temperature', timeRange: '1h', step: '15m' });
    assert.equal(points.reduce((a, p) => a + p.count, 0), 30);
    assert.equal((await edge.getAnomalies({ timeRange: '1h', severity: 'critical' }))[0]?.value, 30);
    const csv = await (await fetch(`${studio.url}/api/v1/export?format=csv&range=1h`)).text();
    const lines = csv.trim().split('\n');
    assert.equal(lines[0], 'ts,node,sensor,kind,value,unit,location,severity,score');
    assert.equal(lines.length, 31);
    const nd = (await (await fetch(`${studio.url}/api/v1/export?format=ndjson&range=1h`)).text()).trim().split('\n').map((l) => JSON.parse(l) as { value: number });
    assert.deepEqual(nd.map((r) => r.value), readings.map((r) => r.value));
    assert.equal((await fetch(`${studio.url}/api/v1/export?format=xls`)).status, 400);
  } finally {
    await studio.stop();
  }
});
