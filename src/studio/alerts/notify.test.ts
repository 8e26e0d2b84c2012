import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HttpNotifier } from './notify.js';
import type { AlertState } from './alert.js';
import { AlertRuleInput, type AlertRule } from './rule.js';

interface Got { path: string; contentType: string | undefined; body: unknown }

/** A real local HTTP receiver; `reply` decides each answer (status, or hang for timeouts). */
function receiver() {
  const got: Got[] = [];
  let reply: (req: IncomingMessage, n: number) => number | 'hang' = () => 202;
  const server = createServer((req, res: ServerResponse) => {
    let body = '';
    req.on('data', (c: Buffer) => { body += c.toString(); });
    req.on('end', () => {
      got.push({ path: req.url ?? '', contentType: req.headers['content-type'], body: JSON.parse(body) as unknown });
      const r = reply(req, got.filter((g) => g.path === req.url).length);
      if (r !== 'hang') res.writeHead(r, { 'content-type': 'application/json' }).end('{}');
    });
  });
  return { server, got, setReply: (f: typeof reply) => { reply = f; } };
}

const rule: AlertRule = {
  ...AlertRuleInput.parse({
    name: 'warehouse-b too dry', severity: 'critical', labels: { team: 'facilities' },
    filter: { kind: 'humidity', location: 'warehouse-b' }, condition: { type: 'threshold', op: '<', value: 30 },
  }),
  id: 'r1234567', created_at: 1_700_000_000_000,
};
const firing: AlertState = {
  rule_id: 'r1234567', fingerprint: 'pi-node-2/dht22-humidity', state: 'firing', summary: 'humidity 28.5 at pi-node-2/dht22-humidity (warehouse-b) < 30',
  value: 28.5, labels: { node: 'pi-node-2', sensor: 'dht22-humidity', kind: 'humidity', location: 'warehouse-b' },
  started_at: Date.UTC(2025, 0, 2, 3, 4, 5), resolved_at: null, last_notified_at: Date.UTC(2025, 0, 2, 3, 4, 5), updated_at: Date.UTC(2025, 0, 2, 3, 4, 5),
};
const resolved: AlertState = { ...firing, state: 'resolved', summary: 'humidity 41 at pi-node-2/dht22-humidity (warehouse-b) back within 30', value: 41, resolved_at: Date.UTC(2025, 0, 2, 4, 0, 0) };

describe('HttpNotifier against a real HTTP receiver', () => {
  const rx = receiver();
  let base = '';
  // No test hangs this notifier (the timeout test has its own), so its timeout only has to outlast a
  // first request on a loaded CI machine: at 300 ms the first POST was retried (attempts: 2).
  const fast = new HttpNotifier({ timeoutMs: 5000, attempts: 3, backoffMs: 10 });
  before(async () => {
    await new Promise<void>((r) => rx.server.listen(0, '127.0.0.1', () => r()));
    base = `http://127.0.0.1:${(rx.server.address() as AddressInfo).port}`;
  });
  after(async () => {
    rx.server.closeAllConnections();
    await new Promise((r) => rx.server.close(r));
  });

  test('generic webhook: {version, status, rule, alert} as JSON', async () => {
    const r = await fast.send({ type: 'webhook', url: `${base}/hook` }, rule, firing);
    assert.deepEqual(r, { channel: 'webhook', ok: true, status: 202, attempts: 1 });
    const got = rx.got.at(-1)!;
    assert.equal(got.contentType, 'application/json');
    assert.deepEqual(got.body, {
      version: '1', status: 'firing',
      rule: { id: 'r1234567', name: 'warehouse-b too dry', severity: 'critical', labels: { team: 'facilities' } },
      alert: firing,
    });
  });

  test('Slack incoming webhook: {text, blocks}, firing then resolved', async () => {
    await fast.send({ type: 'slack', url: `${base}/slack` }, rule, firing);
    await fast.send({ type: 'slack', url: `${base}/slack` }, rule, resolved);
    const [f, r] = rx.got.filter((g) => g.path === '/slack').map((g) => g.body);
    assert.deepEqual(f, {
      text: '[FIRING] warehouse-b too dry: humidity 28.5 at pi-node-2/dht22-humidity (warehouse-b) < 30',
      blocks: [
        { type: 'header', text: { type: 'plain_text', text: '[FIRING] warehouse-b too dry' } },
        { type: 'section', text: { type: 'mrkdwn', text: 'humidity 28.5 at pi-node-2/dht22-humidity (warehouse-b) < 30\n*severity:* critical · *since:* 2025-01-02T03:04:05.000Z' } },
      ],
    });
    assert.deepEqual(r, {
      text: '[RESOLVED] warehouse-b too dry: humidity 41 at pi-node-2/dht22-humidity (warehouse-b) back within 30',
      blocks: [
        { type: 'header', text: { type: 'plain_text', text: '[RESOLVED] warehouse-b too dry' } },
        { type: 'section', text: { type: 'mrkdwn', text: 'humidity 41 at pi-node-2/dht22-humidity (warehouse-b) back within 30\n*severity:* critical · *resolved:* 2025-01-02T04:00:00.000Z' } },
      ],
    });
  });

  test('PagerDuty Events API v2: trigger and resolve share the dedup_key', async () => {
    const ch = { type: 'pagerduty' as const, url: `${base}/v2/enqueue`, routing_key: 'R0UT1NGKEY' };
    await fast.send(ch, rule, firing);
    await fast.send(ch, rule, resolved);
    const [t, r] = rx.got.filter((g) => g.path === '/v2/enqueue').map((g) => g.body);
    const details = { rule_id: 'r1234567', fingerprint: 'pi-node-2/dht22-humidity', node: 'pi-node-2', sensor: 'dht22-humidity', kind: 'humidity', location: 'warehouse-b', team: 'facilities' };
    assert.deepEqual(t, {
      routing_key: 'R0UT1NGKEY', event_action: 'trigger', dedup_key: 'r1234567:pi-node-2/dht22-humidity',
      payload: {
        summary: 'warehouse-b too dry: humidity 28.5 at pi-node-2/dht22-humidity (warehouse-b) < 30', severity: 'critical',
        source: 'pi-node-2', timestamp: '2025-01-02T03:04:05.000Z', component: 'agent-bruno', custom_details: { ...details, value: 28.5 },
      },
    });
    assert.deepEqual(r, {
      routing_key: 'R0UT1NGKEY', event_action: 'resolve', dedup_key: 'r1234567:pi-node-2/dht22-humidity',
      payload: {
        summary: 'warehouse-b too dry: humidity 41 at pi-node-2/dht22-humidity (warehouse-b) back within 30', severity: 'critical',
        source: 'pi-node-2', timestamp: '2025-01-02T03:04:05.000Z', component: 'agent-bruno', custom_details: { ...details, value: 41 },
      },
    });
  });

  test('retries 5xx and 429 until it gets through', async () => {
    rx.setReply((_req, n) => (n === 1 ? 503 : n === 2 ? 429 : 200));
    const r = await fast.send({ type: 'webhook', url: `${base}/flaky` }, rule, firing);
    assert.deepEqual(r, { channel: 'webhook', ok: true, status: 200, attempts: 3 });
    assert.equal(rx.got.filter((g) => g.path === '/flaky').length, 3);
  });

  test('gives up after the attempts on 5xx; does not retry other 4xx; returns, never throws', async () => {
    rx.setReply(() => 500);
    assert.deepEqual(await fast.send({ type: 'webhook', url: `${base}/down` }, rule, firing), { channel: 'webhook', ok: false, status: 500, attempts: 3, error: 'HTTP 500' });
    rx.setReply(() => 400);
    assert.deepEqual(await fast.send({ type: 'slack', url: `${base}/bad` }, rule, firing), { channel: 'slack', ok: false, status: 400, attempts: 1, error: 'HTTP 400' });
    assert.equal(rx.got.filter((g) => g.path === '/bad').length, 1);
    rx.setReply(() => 202);
  });

  test('a receiver that hangs times out per attempt', async () => {
    rx.setReply(() => 'hang');
    const t0 = Date.now();
    const r = await new HttpNotifier({ timeoutMs: 100, attempts: 2, backoffMs: 10 }).send({ type: 'webhook', url: `${base}/hang` }, rule, firing);
    assert.deepEqual(r, { channel: 'webhook', ok: false, error: 'timed out after 100 ms', attempts: 2 });
    assert.ok(Date.now() - t0 < 2000, 'bounded by the timeouts');
    rx.setReply(() => 202);
  });

  test('nobody listening: a failed result, not an exception', async () => {
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', () => r()));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((r) => closed.close(r));
    const r = await fast.send({ type: 'webhook', url: `http://127.0.0.1:${port}/` }, rule, firing);
    assert.equal(r.ok, false);
    assert.equal(r.attempts, 3);
    assert.match(r.error ?? '', /ECONNREFUSED/);
  });
});
