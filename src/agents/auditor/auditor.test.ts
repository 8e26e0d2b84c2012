import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createStudio } from '../../app/studio-app.js';
import type { StudioServer } from '../../studio/server.js';
import { SqliteStore } from '../../studio/store/sqlite/sqlite-store.js';

/** A receiver that answers `status()` to each post (500 makes the auditor's channel fail). */
async function receiver(status: () => number = () => 200) {
  const got: { path: string; status: number; body: Record<string, unknown> }[] = [];
  const server: Server = createServer((req, res) => {
    let b = '';
    req.on('data', (c) => { b += String(c); });
    req.on('end', () => { const code = status(); got.push({ path: req.url!, status: code, body: JSON.parse(b) as Record<string, unknown> }); res.writeHead(code).end('ok'); });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return { got, server, url: (p: string) => `http://127.0.0.1:${(server.address() as AddressInfo).port}${p}` };
}

const ce = (type: string, id: string, data: unknown, node = 'pi-node-2') => JSON.stringify({ specversion: '1.0', id, source: `/edge/${node}`, type, data });
const am = (node: string, group: string, fp = 'f1') => JSON.stringify({
  version: '4', groupKey: group, status: 'firing', receiver: 'auditor', commonLabels: { alertname: 'NodeHot', node, severity: 'warning' },
  alerts: [{ status: 'firing', labels: { alertname: 'NodeHot', node }, annotations: {}, startsAt: '2026-12-01T09:00:00Z', fingerprint: fp }],
});

describe('agent-auditor: grounded, once per group, honest about unknown nodes, channels and GitHub', () => {
  let studio: StudioServer;
  let hook: Awaited<ReturnType<typeof receiver>>;
  let failing = true;
  before(async () => {
    hook = await receiver(() => (failing ? 500 : 200));
    studio = createStudio({ port: 0, host: '127.0.0.1', dataDir: '', store: new SqliteStore(':memory:'), webhooks: { githubSecret: 'gh-secret-1234' } },
      { AUDITOR_WEBHOOK_URL: hook.url('/json'), AUDITOR_SLACK_URL: hook.url('/slack') });
    await studio.start();
    const health = (node: string, cpu: number, top: string, id: string) => ce('io.homelab.edge.health', id, { node, ts: Date.now() - 10_000, cpu_pct: cpu, mem_pct: 40, temp_c: 55, disk_pct: 20, location: 'lab', top: [{ name: top, cpu_pct: cpu - 5, mem_pct: 1 }] }, node);
    for (const body of [health('pi-node-2', 64.3, 'mosquitto', 'h2'), health('pi-node-4', 22.9, 'sshd', 'h4')]) {
      assert.equal((await fetch(`${studio.url}/events`, { method: 'POST', body, headers: { 'content-type': 'application/cloudevents+json' } })).status, 202);
    }
  });
  after(async () => { await studio.stop(); hook.server.close(); });
  const post = (path: string, body: string, headers: Record<string, string> = {}) => fetch(`${studio.url}${path}`, { method: 'POST', body, headers: { 'content-type': 'application/json', ...headers } });
  const json = () => hook.got.filter((g) => g.path === '/json' && g.status === 200).map((g) => g.body as { text: string; key: string });

  test('when every channel fails the report is not lost: the next notification of the group posts it, once', async () => {
    assert.equal((await post('/webhooks/alertmanager', am('pi-node-2', 'g-fail'))).status, 202);
    await studio.agents!.settled();
    assert.deepEqual(hook.got.map((g) => [g.path, g.status]).sort(), [...Array(3).fill(['/json', 500]), ...Array(3).fill(['/slack', 500])].sort(), 'three attempts per channel');
    failing = false;
    await post('/webhooks/alertmanager', am('pi-node-2', 'g-fail', 'f2')); // Alertmanager notifies the group again
    await post('/webhooks/alertmanager', am('pi-node-2', 'g-fail', 'f3'));
    await studio.agents!.settled();
    assert.equal(json().filter((m) => m.key === 'alert:g-fail').length, 1);
  });

  test('a GitHub push to the deploy branch is kept and named in the next report; the report has only its own node\'s figures; Slack gets its text', async () => {
    const push = JSON.stringify({ ref: 'refs/heads/main', after: 'a1b2c3d4e5', commits: [{}, {}], repository: { full_name: 'homelab/fleet' }, pusher: { name: 'kim' } });
    const sig = `sha256=${createHmac('sha256', 'gh-secret-1234').update(push).digest('hex')}`;
    assert.equal((await post('/webhooks/github', push, { 'x-github-event': 'push', 'x-github-delivery': 'p1', 'x-hub-signature-256': sig })).status, 202);
    await studio.agents!.settled();
    const before = json().length;
    await post('/webhooks/alertmanager', am('pi-node-4', 'g-4'));
    await studio.agents!.settled();
    const r = json().slice(before).find((m) => m.key === 'alert:g-4')!;
    assert.match(r.text, /CPU 22\.9%/);
    assert.match(r.text, /sshd at 17\.9% CPU/);
    assert.doesNotMatch(r.text, /64\.3|mosquitto|pi-node-2/);
    assert.match(r.text, /push homelab\/fleet main a1b2c3d/);
    const slack = hook.got.filter((g) => g.path === '/slack').map((g) => g.body as { text: string });
    assert.ok(slack.some((s) => s.text.startsWith('*NodeHot (warning) on pi-node-4 at lab*\n')), 'Slack incoming-webhook format');
  });

  test('an unknown node gets an honest "no stored health data", with no other node\'s numbers; the same group again: no second report', async () => {
    const before = json().length;
    await post('/webhooks/alertmanager', am('pi-node-9', 'g-9'));
    await post('/webhooks/alertmanager', am('pi-node-9', 'g-9', 'f2'));
    await studio.agents!.settled();
    const mine = json().slice(before).filter((m) => m.key === 'alert:g-9');
    assert.equal(mine.length, 1);
    assert.match(mine[0]!.text, /No stored health data for pi-node-9/);
    assert.doesNotMatch(mine[0]!.text, /22\.9|64\.3|sshd|mosquitto/);
  });

  test('a critical anomaly through ingest is investigated once per place and quarter hour, recorded on the graph\'s own incident; a warning or a backlog anomaly is not reported', async () => {
    const before = json().length;
    const anomaly = (id: string, severity: string, value: number, age = 5000) => ce('io.homelab.edge.anomaly', id, { node: 'pi-node-2', sensor: 'dht22-temperature', kind: 'temperature', value, unit: '°C', ts: Date.now() - age, location: 'lab', score: 0.9, severity, reason: 'spike' });
    await fetch(`${studio.url}/events`, { method: 'POST', body: anomaly('old', 'critical', 35.5, 2 * 3_600_000), headers: { 'content-type': 'application/cloudevents+json' } });
    for (const [id, sev, v] of [['a1', 'warning', 27.5], ['a2', 'critical', 31.2], ['a3', 'critical', 31.9]] as const) {
      await fetch(`${studio.url}/events`, { method: 'POST', body: anomaly(id, sev, v), headers: { 'content-type': 'application/cloudevents+json' } });
    }
    await new Promise((r) => setTimeout(r, 300));
    await studio.agents!.settled();
    const reports = json().slice(before);
    assert.equal(reports.length, 1);
    assert.match(reports[0]!.text, /critical temperature anomaly \(critical\) on pi-node-2 at lab/);
    assert.match(reports[0]!.text, /"temperature 31\.2 °C on dht22-temperature \(spike\)"/);
    const incidentId = (reports[0] as unknown as { incident_id: string }).incident_id;
    assert.match(incidentId, /^incident:lab-/, 'the graph\'s incident, not one of the auditor\'s');
    const incidents = await (await fetch(`${studio.url}/api/v1/graph/incidents?range=1d&location=lab`)).json() as { incidents: { id: string; props: { finding?: string } }[] };
    assert.equal(incidents.incidents.find((i) => i.id === incidentId)?.props.finding, reports[0]!.text);
  });
});
