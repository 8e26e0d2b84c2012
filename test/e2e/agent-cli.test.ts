import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { rmSync } from 'node:fs';
import { freePort, tempDir, waitFor } from './helpers.js';

const root = new URL('../..', import.meta.url).pathname;

test('homelab agent agent-auditor: one agent alone, no ingest; /events (what a Trigger delivers) goes to the agent once per id', { timeout: 120_000 }, async () => {
  const got: { text: string }[] = [];
  const hook = createServer((req, res) => { let b = ''; req.on('data', (c) => { b += String(c); }); req.on('end', () => { got.push(JSON.parse(b) as { text: string }); res.end(); }); });
  await new Promise<void>((r) => hook.listen(0, '127.0.0.1', () => r()));
  const dir = tempDir('agent-cli-');
  const port = await freePort();
  let out = '';
  const child = spawn(process.execPath, ['bin/homelab.mjs', 'agent', 'agent-auditor', '--port', String(port), '--data-dir', dir], {
    cwd: root, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, AUDITOR_WEBHOOK_URL: `http://127.0.0.1:${(hook.address() as AddressInfo).port}/`, AGENTS: '', HOMELAB_ROLE: '' },
  });
  child.stdout.on('data', (c) => { out += String(c); });
  child.stderr.on('data', (c) => { out += String(c); });
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitFor(() => /listening on/.test(out) || child.exitCode !== null, 60_000, 'the agent to start');
    assert.match(out, /agent-auditor listening on .*no ingest, retention or alert ticks/);
    const agents = await (await fetch(`${url}/api/v1/agents`)).json() as { agents: { name: string }[] };
    assert.deepEqual(agents.agents.map((a) => a.name), ['agent-auditor']);
    assert.equal((await fetch(`${url}/query`, { method: 'POST', body: 'hi' })).status, 404, '/query is agent-bruno\'s');
    const ce = (id: string, type: string, data: unknown) => fetch(`${url}/events`, { method: 'POST', headers: { 'content-type': 'application/cloudevents+json' }, body: JSON.stringify({ specversion: '1.0', id, source: '/webhooks/alertmanager', type, data }) });
    const health = await ce('h1', 'io.homelab.edge.health', { node: 'pi-node-7', ts: Date.now(), cpu_pct: 50, mem_pct: 1, disk_pct: 1, top: [] });
    assert.equal(((await health.json()) as { results: { status: string }[] }).results[0]!.status, 'ignored');
    assert.deepEqual(((await (await fetch(`${url}/api/v1/nodes`)).json()) as { nodes: unknown[] }).nodes, [], 'nothing stored: this process owns no ingest');
    const alert = { version: '4', groupKey: 'g-7', status: 'firing', receiver: 'auditor', commonLabels: { alertname: 'NodeDown', node: 'pi-node-7' }, alerts: [{ status: 'firing', labels: { alertname: 'NodeDown', node: 'pi-node-7' }, annotations: {}, startsAt: new Date().toISOString() }] };
    assert.equal((await ce('am-1', 'io.homelab.alertmanager.alert', alert)).status, 202);
    assert.equal((await ce('am-1', 'io.homelab.alertmanager.alert', alert)).status, 200, 'the Broker redelivering');
    await waitFor(() => got.length > 0, 10_000, 'the report');
    await new Promise((r) => setTimeout(r, 1000));
    assert.equal(got.length, 1);
    assert.match(got[0]!.text, /No stored health data for pi-node-7/);
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
    hook.close();
    rmSync(dir, { recursive: true, force: true });
  }
  const bad = spawnSync(process.execPath, ['bin/homelab.mjs', 'agent', 'agent-nobody'], { cwd: root, encoding: 'utf8' });
  assert.equal(bad.status, 2);
  assert.equal(bad.stderr.trim().split('\n').length, 1);
  assert.match(bad.stderr, /no agent "agent-nobody"; agents: agent-bruno, agent-auditor, agent-jamie/);
});
