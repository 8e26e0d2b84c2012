import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createStudio } from '../../app/studio-app.js';
import type { StudioServer } from '../../studio/server.js';
import { SqliteStore } from '../../studio/store/sqlite/sqlite-store.js';

const SECRET = 'slack-signing-secret-5678';
const TOKEN = 'xoxb-test-token';

/** Slack's Web API on loopback: records each chat.postMessage with its headers. */
async function slackApi() {
  const got: { path: string; auth: string | undefined; body: { channel: string; thread_ts: string; text: string } }[] = [];
  const server: Server = createServer((req, res) => {
    let b = '';
    req.on('data', (c) => { b += String(c); });
    req.on('end', () => {
      got.push({ path: req.url!, auth: req.headers.authorization, body: JSON.parse(b) as (typeof got)[number]['body'] });
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return { got, server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api` };
}

const signed = (body: string, secret = SECRET, ts = Math.floor(Date.now() / 1000)) => ({
  'content-type': 'application/json', 'x-slack-request-timestamp': String(ts),
  'x-slack-signature': `v0=${createHmac('sha256', secret).update(`v0:${ts}:${body}`).digest('hex')}`,
});
const mention = (eventId: string, text: string, ts: string, threadTs?: string) => JSON.stringify({
  type: 'event_callback', team_id: 'T1', event_id: eventId,
  event: { type: 'app_mention', user: 'U7', text, channel: 'C42', ts, ...(threadTs ? { thread_ts: threadTs } : {}) },
});

describe('agent-auditor answers a Slack mention in its thread, from stored data', () => {
  let studio: StudioServer;
  let slack: Awaited<ReturnType<typeof slackApi>>;
  before(async () => {
    slack = await slackApi();
    studio = createStudio({ port: 0, host: '127.0.0.1', dataDir: '', store: new SqliteStore(':memory:'), webhooks: { slackSecret: SECRET } },
      { SLACK_BOT_TOKEN: TOKEN, SLACK_API_URL: slack.url });
    await studio.start();
    for (const [node, cpu, top] of [['pi-node-2', 64.3, 'mosquitto'], ['pi-node-4', 22.9, 'sshd']] as const) {
      const body = JSON.stringify({ specversion: '1.0', id: `h-${node}`, source: `/edge/${node}`, type: 'io.homelab.edge.health',
        data: { node, ts: Date.now() - 10_000, cpu_pct: cpu, mem_pct: 40, temp_c: 55, disk_pct: 20, location: 'lab', top: [{ name: top, cpu_pct: cpu - 5, mem_pct: 1 }] } });
      assert.equal((await fetch(`${studio.url}/events`, { method: 'POST', body, headers: { 'content-type': 'application/cloudevents+json' } })).status, 202);
    }
  });
  after(async () => { await studio.stop(); slack.server.close(); });
  const send = async (body: string, headers = signed(body)) => {
    const res = await fetch(`${studio.url}/webhooks/slack`, { method: 'POST', body, headers });
    await studio.agents!.settled();
    return res;
  };

  test('a mention is answered in its thread (thread_ts = the mention), through chat.postMessage with the bot token, naming the node\'s own stored figures', async () => {
    assert.equal((await send(mention('Ev1', '<@U0AUDIT> how is pi-node-2 doing?', '1764583200.000100'))).status, 202);
    assert.equal(slack.got.length, 1);
    const [reply] = slack.got;
    assert.equal(reply!.path, '/api/chat.postMessage');
    assert.equal(reply!.auth, `Bearer ${TOKEN}`);
    assert.equal(reply!.body.channel, 'C42');
    assert.equal(reply!.body.thread_ts, '1764583200.000100');
    assert.match(reply!.body.text, /pi-node-2: CPU 64\.3%/);
    assert.match(reply!.body.text, /top process mosquitto/);
    assert.doesNotMatch(reply!.body.text, /22\.9|sshd|pi-node-4/, "another node's figures");
  });

  test('a mention inside a thread is answered in that thread, not a new one', async () => {
    await send(mention('Ev2', '<@U0AUDIT> and pi-node-4?', '1764583300.000200', '1764583200.000100'));
    const reply = slack.got.at(-1)!;
    assert.equal(slack.got.length, 2);
    assert.equal(reply.body.thread_ts, '1764583200.000100');
    assert.match(reply.body.text, /pi-node-4: CPU 22\.9%/);
    assert.doesNotMatch(reply.body.text, /64\.3|mosquitto/);
  });

  test('Slack retrying the same event id gets one reply; a wrong signature or an old timestamp is a 401 and no reply', async () => {
    const body = mention('Ev1', '<@U0AUDIT> how is pi-node-2 doing?', '1764583200.000100');
    const again = await send(body);
    assert.equal(again.status, 200);
    const wrong = await send(body, signed(body, 'not-the-secret'));
    assert.equal(wrong.status, 401);
    const stale = await send(mention('Ev3', '<@U0AUDIT> how is pi-node-2?', '1764583400.000300'), signed(mention('Ev3', '<@U0AUDIT> how is pi-node-2?', '1764583400.000300'), SECRET, Math.floor(Date.now() / 1000) - 600));
    assert.equal(stale.status, 401);
    assert.equal(slack.got.length, 2, 'no further reply');
  });

  test("url_verification is answered with the challenge", async () => {
    const body = JSON.stringify({ type: 'url_verification', challenge: 'ch-123', token: 'x' });
    const res = await send(body);
    assert.equal(res.status, 200);
    assert.match(await res.text(), /ch-123/);
  });
});
