import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { rmSync } from 'node:fs';
import { freePort, tempDir, waitFor } from './helpers.js';

const root = new URL('../..', import.meta.url).pathname;

/** A local receiver standing in for the team's webhook: records every JSON body posted to it. */
async function receiver() {
  const got: Record<string, unknown>[] = [];
  const server = createServer((req, res) => {
    let b = '';
    req.on('data', (c) => { b += String(c); });
    req.on('end', () => { got.push(JSON.parse(b) as Record<string, unknown>); res.writeHead(200).end('ok'); });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return { got, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, close: () => server.close() };
}

async function startCli(args: string[], env: Record<string, string>, ready: RegExp): Promise<{ child: ChildProcess; out: () => string }> {
  let out = '';
  const child = spawn(process.execPath, ['bin/homelab.mjs', ...args], { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout!.on('data', (c) => { out += String(c); });
  child.stderr!.on('data', (c) => { out += String(c); });
  await waitFor(() => ready.test(out) || child.exitCode !== null, 60_000, `${args.join(' ')} to start`);
  assert.equal(child.exitCode, null, out);
  return { child, out: () => out };
}
const stop = async (child: ChildProcess) => {
  if (child.exitCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
};

const health = (node: string, location: string, cpu: number, top: { name: string; cpu_pct: number; mem_pct: number }[]) => JSON.stringify({
  specversion: '1.0', id: `${node}:boot1:health:1`, source: `/edge/${node}`, type: 'io.homelab.edge.health', datacontenttype: 'application/json',
  data: { node, ts: Date.now() - 30_000, cpu_pct: cpu, mem_pct: 61.5, temp_c: 71.3, disk_pct: 40, location, top },
});
const alertmanager = (node: string) => JSON.stringify({
  version: '4', groupKey: `{}/{}:{alertname="NodeHighCpu", node="${node}"}`, status: 'firing', receiver: 'auditor', truncatedAlerts: 0,
  groupLabels: { alertname: 'NodeHighCpu' }, commonLabels: { alertname: 'NodeHighCpu', node, severity: 'critical' }, commonAnnotations: { summary: `CPU is high on ${node}` },
  externalURL: 'http://alertmanager:9093',
  alerts: [{ status: 'firing', labels: { alertname: 'NodeHighCpu', node, severity: 'critical' }, annotations: { summary: `CPU is high on ${node}` }, startsAt: new Date(Date.now() - 120_000).toISOString(), endsAt: '0001-01-01T00:00:00Z', fingerprint: 'c0ffee', generatorURL: 'http://prometheus/graph' }],
});

test('outside check: an Alertmanager webhook about high CPU on a node with stored health → one grounded report within 10 s; again → none; a forged GitHub delivery → 401', { timeout: 120_000 }, async () => {
  const hook = await receiver();
  const dir = tempDir('auditor-e2e-');
  const port = await freePort();
  const { child, out } = await startCli(['studio', '--port', String(port), '--host', '127.0.0.1', '--data-dir', dir], { AUDITOR_WEBHOOK_URL: hook.url, GITHUB_WEBHOOK_SECRET: 'e2e-github-secret', AGENTS: '', LLM_BASE_URL: '', LLM_MODEL: '' }, /listening on/);
  const url = `http://127.0.0.1:${port}`;
  try {
    const post = (path: string, body: string, headers: Record<string, string> = {}) => fetch(`${url}${path}`, { method: 'POST', body, headers: { 'content-type': 'application/json', ...headers } });
    const ingest = await post('/events', health('pi-node-3', 'warehouse-c', 97.2, [{ name: 'sensor-collector', cpu_pct: 3.1, mem_pct: 2 }, { name: 'video-processing', cpu_pct: 88.4, mem_pct: 35.2 }]), { 'content-type': 'application/cloudevents+json' });
    assert.equal(ingest.status, 202);
    await post('/events', health('pi-node-1', 'warehouse-a', 12.5, [{ name: 'sensor-collector', cpu_pct: 4.4, mem_pct: 2 }]).replace('pi-node-1:boot1:health:1', 'pi-node-1:b:h'), { 'content-type': 'application/cloudevents+json' });
    const notification = alertmanager('pi-node-3');
    const sent = Date.now();
    assert.equal((await post('/webhooks/alertmanager', notification)).status, 202);
    await waitFor(() => hook.got.length > 0, 10_000, 'the auditor\'s report at the receiver').catch((err: Error) => { throw new Error(`${err.message}\n${out()}`); });
    const within = Date.now() - sent;
    assert.ok(within <= 10_000, `${within} ms`);
    const msg = hook.got[0]! as { agent: string; text: string; node: string; incident_id: string };
    assert.equal(msg.agent, 'agent-auditor');
    assert.match(msg.text, /pi-node-3/);
    assert.match(msg.text, /CPU 97\.2%/, 'the CPU figure from the stored health report');
    assert.match(msg.text, /video-processing at 88\.4% CPU/, 'the top process from the stored data');
    assert.doesNotMatch(msg.text, /12\.5|pi-node-1|4\.4/, 'no other node\'s figures');
    // The same notification again (Alertmanager's repeat), and the same group re-notified with another body: no second report.
    assert.equal((await post('/webhooks/alertmanager', notification)).status, 200, 'the same delivery: a duplicate');
    assert.equal((await post('/webhooks/alertmanager', notification.replace('c0ffee', 'c0ffee2'))).status, 202, 'a new notification for the same group is an event, but no second report');
    await new Promise((r) => setTimeout(r, 3000));
    assert.equal(hook.got.length, 1, 'one report per alert group');
    const incident = await (await fetch(`${url}/api/v1/graph/incidents/${encodeURIComponent(msg.incident_id)}`)).json() as { incident: { props: { finding?: string } }; history: { event: string }[] };
    assert.equal(incident.incident.props.finding, msg.text, 'recorded on the incident');
    const body = JSON.stringify({ ref: 'refs/heads/main', repository: { full_name: 'homelab/fleet' } });
    const forged = await post('/webhooks/github', body, { 'x-github-event': 'push', 'x-github-delivery': 'g1', 'x-hub-signature-256': `sha256=${createHmac('sha256', 'wrong').update(body).digest('hex')}` });
    assert.equal(forged.status, 401);
    const genuine = await post('/webhooks/github', body, { 'x-github-event': 'push', 'x-github-delivery': 'g2', 'x-hub-signature-256': `sha256=${createHmac('sha256', 'e2e-github-secret').update(body).digest('hex')}` });
    assert.equal(genuine.status, 202);
    console.log(`report at the receiver ${within} ms after the webhook:\n${msg.text}`);
  } finally {
    await stop(child);
    hook.close();
    rmSync(dir, { recursive: true, force: true });
    if (child.exitCode !== 0 && child.exitCode !== null) console.error(out());
  }
});
