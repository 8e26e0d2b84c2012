import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Agent, AgentEvent } from '../../core/agent.js';
import { StudioServer } from '../server.js';
import { SqliteStore } from '../store/sqlite/sqlite-store.js';

const GH = 'gh-secret-for-tests';
const SL = 'slack-signing-secret';

/** A subscriber through the core port: records what the event path hands it. */
function recorder(subscriptions: string[]): Agent & { seen: AgentEvent[] } {
  const seen: AgentEvent[] = [];
  return {
    name: 'agent-recorder', seen,
    info: () => ({ name: 'agent-recorder', purpose: 'records events', capabilities: [], subscriptions, acts_on: [] }),
    ask: async (r) => ({ query: r.query, response: '', intent: 'none', data: {} }),
    handle: async (e) => { seen.push(e); return { status: 'acted' }; },
  };
}

const amBody = (status = 'firing') => ({
  version: '4', groupKey: '{}:{alertname="HighCpu", node="pi-node-3"}', status, receiver: 'auditor',
  groupLabels: { alertname: 'HighCpu' }, commonLabels: { alertname: 'HighCpu', node: 'pi-node-3' },
  alerts: [{ status, labels: { alertname: 'HighCpu', node: 'pi-node-3', severity: 'critical' }, annotations: { summary: 'CPU over 90% on pi-node-3' }, startsAt: '2026-12-01T10:00:00Z', fingerprint: 'fp-1' }],
});

describe('webhooks as CloudEvents on the in-process event path', () => {
  let studio: StudioServer;
  const agent = recorder(['io.homelab.github.*', 'io.homelab.slack.app_mention', 'io.homelab.alertmanager.alert']);
  before(async () => {
    studio = new StudioServer({ port: 0, host: '127.0.0.1', dataDir: '', store: new SqliteStore(':memory:'), agents: () => [agent], webhooks: { githubSecret: GH, slackSecret: SL } });
    await studio.start();
  });
  after(() => studio.stop());
  const post = (path: string, body: string, headers: Record<string, string>) => fetch(`${studio.url}${path}`, { method: 'POST', body, headers: { 'content-type': 'application/json', ...headers } });
  const gh = (body: string, delivery: string, event = 'push', secret = GH) =>
    post('/webhooks/github', body, { 'x-github-event': event, 'x-github-delivery': delivery, 'x-hub-signature-256': `sha256=${createHmac('sha256', secret).update(body).digest('hex')}` });
  const slack = (body: string, ts = Math.floor(Date.now() / 1000), secret = SL) =>
    post('/webhooks/slack', body, { 'x-slack-request-timestamp': String(ts), 'x-slack-signature': `v0=${createHmac('sha256', secret).update(`v0:${ts}:${body}`).digest('hex')}` });
  const metric = async (source: string, outcome: string) => {
    const text = await (await fetch(`${studio.url}/metrics`)).text();
    return Number(new RegExp(`homelab_webhook_requests_total\\{source="${source}",outcome="${outcome}"\\} (\\d+)`).exec(text)?.[1] ?? 0);
  };

  test('GitHub: a wrong or missing signature is 401 and counted; a genuine delivery becomes io.homelab.github.<event> once per delivery id', async () => {
    const body = JSON.stringify({ ref: 'refs/heads/main', repository: { full_name: 'homelab/fleet' } });
    const forged = await gh(body, 'd-1', 'push', 'not-the-secret');
    assert.equal(forged.status, 401);
    assert.match(((await forged.json()) as { error: { message: string } }).error.message, /does not match/);
    assert.equal((await post('/webhooks/github', body, { 'x-github-event': 'push', 'x-github-delivery': 'd-1' })).status, 401);
    const tampered = await post('/webhooks/github', body.replace('main', 'prod'), { 'x-github-event': 'push', 'x-github-delivery': 'd-1', 'x-hub-signature-256': `sha256=${createHmac('sha256', GH).update(body).digest('hex')}` });
    assert.equal(tampered.status, 401, 'a signature of another body');
    assert.equal(await metric('github', 'unverified'), 3);
    assert.equal(agent.seen.length, 0, 'nothing unverified is published');
    const ok = await gh(body, 'd-1');
    assert.equal(ok.status, 202);
    assert.equal((await gh(body, 'd-1')).status, 200, 'GitHub redelivering the same delivery');
    await studio.agents!.settled();
    const pushes = agent.seen.filter((e) => e.type === 'io.homelab.github.push');
    assert.equal(pushes.length, 1);
    assert.deepEqual([pushes[0]!.id, pushes[0]!.source, pushes[0]!.subject], ['d-1', '/webhooks/github', 'homelab/fleet']);
    assert.equal((await (await gh('{}', 'd-2', 'ping')).json() as { status: string }).status, 'pong');
    assert.equal((await gh('not json', 'd-3')).status, 400);
  });

  test('Slack: url_verification answered, an old timestamp or a bad signature is 401, a mention becomes io.homelab.slack.app_mention once per event_id', async () => {
    const challenge = await slack(JSON.stringify({ type: 'url_verification', challenge: 'c-123' }));
    assert.deepEqual(await challenge.json(), { challenge: 'c-123' });
    const mention = JSON.stringify({ type: 'event_callback', event_id: 'Ev1', event: { type: 'app_mention', text: '<@U1> why is pi-node-3 hot?', channel: 'C1', ts: '1.2' } });
    assert.equal((await slack(mention, Math.floor(Date.now() / 1000) - 3600)).status, 401, 'a replay an hour old');
    assert.equal((await slack(mention, undefined, 'wrong')).status, 401);
    assert.equal((await slack(mention)).status, 202);
    assert.equal((await slack(mention)).status, 200, 'Slack retrying the same event');
    await studio.agents!.settled();
    assert.deepEqual(agent.seen.filter((e) => e.type === 'io.homelab.slack.app_mention').map((e) => [e.id, e.subject]), [['Ev1', 'C1']]);
  });

  test('Alertmanager: a v4 group becomes one event (recorded as alerts too); the same notification again is a duplicate, its resolution a new event; bad bodies are 400, big ones 413', async () => {
    assert.equal((await post('/webhooks/alertmanager', JSON.stringify(amBody()), {})).status, 202);
    assert.equal((await post('/webhooks/alertmanager', JSON.stringify(amBody()), {})).status, 200);
    assert.equal((await post('/webhooks/alertmanager', JSON.stringify(amBody('resolved')), {})).status, 202);
    await studio.agents!.settled();
    const alerts = agent.seen.filter((e) => e.type === 'io.homelab.alertmanager.alert');
    assert.equal(alerts.length, 2);
    assert.notEqual(alerts[0]!.id, alerts[1]!.id);
    const recorded = await (await fetch(`${studio.url}/api/v1/alerts`)).json() as { alerts: { rule_id: string }[] };
    assert.ok(recorded.alerts.some((a) => a.rule_id === 'alertmanager:auditor'));
    const bad = await post('/webhooks/alertmanager', JSON.stringify({ alerts: [{ status: 'burning' }] }), {});
    assert.equal(bad.status, 400);
    assert.match(((await bad.json()) as { error: { field: string } }).error.field, /alerts\.0\.status/);
    const big = await post('/webhooks/alertmanager', JSON.stringify({ ...amBody(), pad: 'x'.repeat(1_100_000) }), {});
    assert.equal(big.status, 413);
    assert.equal(await metric('alertmanager', 'too_large'), 1);
    assert.equal(await metric('alertmanager', 'duplicate'), 1);
  });
});

test('with an event sink (the Broker), webhooks are posted there as structured CloudEvents and not handed to local agents', async () => {
  const got: { headers: Record<string, unknown>; body: Record<string, unknown> }[] = [];
  const sink: Server = createServer((req, res) => {
    let b = '';
    req.on('data', (c) => { b += String(c); });
    req.on('end', () => { got.push({ headers: req.headers, body: JSON.parse(b) as Record<string, unknown> }); res.writeHead(202).end(); });
  });
  await new Promise<void>((r) => sink.listen(0, '127.0.0.1', () => r()));
  const agent = recorder(['io.homelab.alertmanager.alert']);
  const studio = new StudioServer({ port: 0, host: '127.0.0.1', dataDir: '', store: new SqliteStore(':memory:'), agents: () => [agent], eventSinkUrl: `http://127.0.0.1:${(sink.address() as AddressInfo).port}/` });
  await studio.start();
  try {
    const res = await fetch(`${studio.url}/webhooks/alertmanager`, { method: 'POST', body: JSON.stringify(amBody()), headers: { 'content-type': 'application/json' } });
    assert.equal(res.status, 202);
    assert.equal(((await res.json()) as { to: string }).to, 'broker');
    assert.equal(got.length, 1);
    assert.equal(got[0]!.headers['content-type'], 'application/cloudevents+json');
    assert.equal(got[0]!.body.type, 'io.homelab.alertmanager.alert');
    assert.equal(got[0]!.body.specversion, '1.0');
    await studio.agents!.settled();
    assert.equal(agent.seen.length, 0);
  } finally {
    await studio.stop();
    sink.close();
  }
});
