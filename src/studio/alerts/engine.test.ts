import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { StudioServer } from '../server.js';
import { SqliteStore } from '../store/sqlite/sqlite-store.js';
import { createStudio } from '../../app/studio-app.js';

/** A local HTTP receiver that records every notification. */
function receiver() {
  const got: { path: string; body: Record<string, unknown> }[] = [];
  const server: Server = createServer(async (req, res) => {
    let body = '';
    for await (const c of req) body += String(c);
    got.push({ path: req.url ?? '', body: JSON.parse(body) as Record<string, unknown> });
    res.writeHead(202).end('{}');
  });
  return { server, got };
}

const post = (url: string, body: unknown, type = 'application/json') => fetch(url, { method: 'POST', body: typeof body === 'string' ? body : JSON.stringify(body), headers: { 'content-type': type } });
const readings = (id: string, value: number, ts = Date.now()) => ({
  specversion: '1.0', id, source: '/edge/pi-node-2', type: 'io.homelab.edge.reading',
  data: { readings: [{ node: 'pi-node-2', sensor: 'dht22-humidity', kind: 'humidity', value, unit: '%', ts, location: 'warehouse-b' }] },
});

describe('alerts: rules, firing/resolved, notifications, Alertmanager input, plain language', () => {
  let studio: StudioServer;
  const rx = receiver();
  let rxUrl = '';
  before(async () => {
    await new Promise<void>((r) => rx.server.listen(0, '127.0.0.1', () => r()));
    rxUrl = `http://127.0.0.1:${(rx.server.address() as AddressInfo).port}`;
    studio = createStudio({ port: 0, host: '127.0.0.1', dataDir: '', store: new SqliteStore(':memory:') });
    await studio.start();
  });
  after(async () => {
    await studio.stop();
    rx.server.close();
  });

  test('bad rules get a 400 naming the field; unknown ids a 404', async () => {
    const bad = await post(`${studio.url}/api/v1/alerts`, { name: 'x', condition: { type: 'threshold', op: '<' } });
    assert.equal(bad.status, 400);
    assert.match(((await bad.json()) as { error: { field: string } }).error.field, /condition/);
    assert.equal((await fetch(`${studio.url}/api/v1/alerts/nope1234`, { method: 'DELETE' })).status, 404);
  });

  test('a threshold fires once, notifies webhook, Slack and PagerDuty, then resolves', async () => {
    const res = await post(`${studio.url}/api/v1/alerts`, {
      name: 'warehouse-b too dry', severity: 'critical', filter: { kind: 'humidity', location: 'warehouse-b' },
      condition: { type: 'threshold', op: '<', value: 30 },
      channels: [{ type: 'webhook', url: `${rxUrl}/hook` }, { type: 'slack', url: `${rxUrl}/slack` }, { type: 'pagerduty', url: `${rxUrl}/pd`, routing_key: 'R0UT1NG' }],
    });
    assert.equal(res.status, 201);
    const rule = (await res.json()) as { id: string };
    await post(`${studio.url}/events`, readings('h1', 28.5), 'application/cloudevents+json');
    await post(`${studio.url}/events`, readings('h2', 27.9), 'application/cloudevents+json');
    const waitFor = async (n: number) => { for (let i = 0; i < 50 && rx.got.length < n; i++) await new Promise((r) => setTimeout(r, 20)); };
    await waitFor(3);
    assert.equal(rx.got.length, 3, 'one notification per channel, not one per reading');
    const pd = rx.got.find((g) => g.path === '/pd')!.body as { routing_key: string; event_action: string; dedup_key: string; payload: { severity: string; summary: string } };
    assert.deepEqual([pd.routing_key, pd.event_action, pd.payload.severity], ['R0UT1NG', 'trigger', 'critical']);
    assert.equal(pd.dedup_key, `${rule.id}:pi-node-2/dht22-humidity`);
    assert.match(String(rx.got.find((g) => g.path === '/slack')!.body.text), /FIRING.*warehouse-b too dry.*humidity 28\.5/);
    const listed = (await (await fetch(`${studio.url}/api/v1/alerts?state=firing`)).json()) as { alerts: { rule_id: string }[] };
    assert.deepEqual(listed.alerts.map((a) => a.rule_id), [rule.id]);
    await post(`${studio.url}/events`, readings('h3', 41), 'application/cloudevents+json');
    await waitFor(6);
    const resolve = rx.got.filter((g) => g.path === '/pd').at(-1)!.body as { event_action: string };
    assert.equal(resolve.event_action, 'resolve');
    assert.equal(((await (await fetch(`${studio.url}/api/v1/alerts?state=firing`)).json()) as { alerts: unknown[] }).alerts.length, 0);
  });

  test('Alertmanager webhook input is recorded', async () => {
    const res = await post(`${studio.url}/api/v1/alerts/alertmanager`, { version: '4', receiver: 'homelab', status: 'firing', alerts: [{ status: 'firing', labels: { alertname: 'NodeDown', instance: 'pi-node-3' }, annotations: { summary: 'pi-node-3 down' }, fingerprint: 'abc' }] });
    assert.equal(res.status, 200);
    const firing = (await (await fetch(`${studio.url}/api/v1/alerts?state=firing`)).json()) as { alerts: { summary: string }[] };
    assert.ok(firing.alerts.some((a) => a.summary === 'pi-node-3 down'));
  });

  test('"Alert me if humidity drops below 30%" creates the rule; list and delete in plain language', async () => {
    const ask = async (q: string) => (await (await post(`${studio.url}/query`, { query: q })).json()) as { intent: string; response: string; data: { rule?: { id: string; condition: { op: string; value: number }; filter: { kind: string } } } };
    const created = await ask('Alert me if humidity drops below 30%');
    assert.equal(created.intent, 'alert_create');
    assert.deepEqual([created.data.rule!.filter.kind, created.data.rule!.condition.op, created.data.rule!.condition.value], ['humidity', '<', 30]);
    const listed = await ask('list my alerts');
    assert.equal(listed.intent, 'alert_list');
    assert.match(listed.response, new RegExp(created.data.rule!.id));
    const deleted = await ask(`delete alert ${created.data.rule!.id}`);
    assert.match(deleted.response, /deleted/);
    const vague = await ask('alert me when it gets weird');
    assert.match(vague.response, /Nothing was created/);
  });
});
