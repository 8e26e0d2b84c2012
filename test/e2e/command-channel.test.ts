import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { freePort, tempDir, waitFor } from './helpers.js';
import { EdgeData } from '../../src/sdk/index.js';

// A studio and collectors as real processes on loopback (`homelab studio`, `homelab edge`), talking
// over the command channel with tokens, as a node behind NAT would: only the node connects out.

const EDGE_TOKEN = 'edge-secret-0001';
const ADMIN_TOKEN = 'team-secret-0001';
const children = new Set<ChildProcess>();
after(() => { for (const c of children) c.kill('SIGKILL'); });

function spawnCli(args: string[], env: Record<string, string>): ChildProcess & { output: () => string } {
  const child = spawn(process.execPath, ['bin/homelab.mjs', ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (c: Buffer) => { out += c.toString(); });
  child.stderr!.on('data', (c: Buffer) => { out += c.toString(); });
  children.add(child);
  child.once('exit', () => children.delete(child));
  return Object.assign(child, { output: () => out });
}

async function startStudio(extra: Record<string, string> = {}) {
  const port = await freePort();
  const dir = tempDir('channel-studio-');
  const child = spawnCli(['studio', '--port', String(port), '--host', '127.0.0.1', '--data-dir', dir], {
    HOMELAB_TOKENS: `${EDGE_TOKEN}:ingest,${ADMIN_TOKEN}:admin`, AGENTS: 'agent-bruno', ...extra,
  });
  const url = `http://127.0.0.1:${port}`;
  await waitFor(async () => (await fetch(`${url}/readyz`).catch(() => undefined))?.status === 200, 60_000, `the studio on ${port}: ${child.output()}`);
  return { url, child };
}

function startEdge(studioUrl: string, node: string, dataDir: string, token = EDGE_TOKEN, opsPort = 0) {
  return spawnCli(['edge', '--studio-url', studioUrl, '--node', node, '--data-dir', dataDir, '--port', String(opsPort), '--simulate', '--location', 'warehouse-a'], {
    HOMELAB_TOKEN: token, SAMPLE_INTERVAL: '0.2', REPORT_INTERVAL: '5', COMMAND_POLL_WAIT: '2s', REAL_HEALTH: '0',
  });
}

const api = (url: string, token = ADMIN_TOKEN) => async (method: string, path: string, body?: unknown) => {
  const res = await fetch(`${url}${path}`, {
    method, headers: { authorization: `Bearer ${token}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  let json: Record<string, unknown> = {};
  try { json = JSON.parse(text) as Record<string, unknown>; } catch { /* metrics */ }
  return { status: res.status, json, text, headers: res.headers };
};

type View = { id: string; state: string; attempts: number; result?: Record<string, unknown>; error?: { reason: string; message: string } };
const kill9 = async (c: ChildProcess) => { c.kill('SIGKILL'); await new Promise((r) => c.once('exit', r)); };
const stop = async (c: ChildProcess) => { c.kill('SIGTERM'); await new Promise((r) => c.once('exit', r)); };

test('commands for an offline node wait, are answered when it comes back, and expire with the reason otherwise', { timeout: 180_000 }, async () => {
  const studio = await startStudio({ COMMAND_QUEUE_MAX_PER_NODE: '6', COMMAND_MAX_BYTES: '2KiB' });
  const call = api(studio.url);
  const node = 'chan-node-1';
  // Queued while the node was never seen: one that waits a minute, one that outlives its deadline.
  const waiting = await call('POST', `/api/v1/edge/${node}/commands`, { type: 'ping', params: {}, ttl: '60s' });
  assert.equal(waiting.status, 202, waiting.text);
  const short = await call('POST', `/api/v1/edge/${node}/commands`, { type: 'ping', ttl: '1s' });
  const drill = await call('GET', `/api/v1/edge/${node}/readings?range=10m&timeout=500ms&wait_for_node=2m`);
  assert.equal(drill.status, 202, drill.text);
  const drillUrl = drill.headers.get('location')!;
  assert.match(drillUrl, new RegExp(`^/api/v1/edge/${node}/commands/cmd_`));
  // The bound: six waiting, the seventh refused with its reason, and counted.
  for (let i = 0; i < 3; i++) assert.equal((await call('POST', `/api/v1/edge/${node}/commands`, { type: 'ping', ttl: '60s' })).status, 202);
  const full = await call('POST', `/api/v1/edge/${node}/commands`, { type: 'ping' });
  assert.equal(full.status, 429, full.text);
  assert.equal((full.json.error as { reason: string }).reason, 'queue_full');
  const big = await call('POST', '/api/v1/edge/other-node/commands', { type: 'ping', params: { pad: 'x'.repeat(3000) } });
  assert.equal(big.status, 413, big.text);
  assert.equal((big.json.error as { reason: string }).reason, 'command_too_large');
  // A stopped node: 504 naming why, within the asked timeout.
  const t0 = Date.now();
  const gone = await call('GET', `/api/v1/edge/never-seen/readings?range=10m&timeout=1s`);
  assert.equal(gone.status, 504, gone.text);
  assert.ok(Date.now() - t0 < 5000, `answered after ${Date.now() - t0} ms`);
  assert.match((gone.json.error as { message: string }).message, /never-seen did not answer within 1\.\d s: its command channel has not connected/);

  await waitFor(async () => ((await call('GET', `/api/v1/edge/${node}/commands/${(short.json.command as View).id}`)).json.command as View).state === 'expired', 5000, 'the 1 s command to expire');
  const expired = (await call('GET', `/api/v1/edge/${node}/commands/${(short.json.command as View).id}`)).json.command as View;
  assert.equal(expired.error?.reason, 'not_delivered');
  assert.match(expired.error!.message, /did not take the command before its deadline/);

  const edge = startEdge(studio.url, node, tempDir('channel-edge-'));
  const done = (await call('GET', `/api/v1/edge/${node}/commands/${(waiting.json.command as View).id}?wait=60s`)).json.command as View;
  assert.equal(done.state, 'done', JSON.stringify(done) + edge.output());
  assert.equal(done.result?.node, node);
  // The drill-down asked while it was away is answered from its raw store once it is back.
  const later = (await call('GET', `${drillUrl}?wait=30s`)).json.command as View;
  assert.equal(later.state, 'done', JSON.stringify(later));
  assert.equal(typeof later.result?.count, 'number');
  // An expired command stays expired: the node never ran it.
  assert.equal(((await call('GET', `/api/v1/edge/${node}/commands/${expired.id}`)).json.command as View).state, 'expired');
  const metrics = (await call('GET', '/metrics')).text;
  assert.match(metrics, /homelab_edge_commands_total\{type="ping",event="refused",reason="queue_full"\} 1/);
  assert.match(metrics, /homelab_edge_commands_total\{type="ping",event="expired",reason="not_delivered"\} 1/);
  await stop(edge);
  await stop(studio.child);
});

test('drill-down: raw readings from the node, paged within the bound; oversized results and wrong tokens refused', { timeout: 180_000 }, async () => {
  const studio = await startStudio({ COMMAND_RESULT_MAX_BYTES: '6KiB' });
  const call = api(studio.url);
  const node = 'chan-node-2';
  const ops = await freePort();
  const edge = startEdge(studio.url, node, tempDir('channel-edge-'), EDGE_TOKEN, ops);
  // The simulated node takes a reading of each sensor every 0.2 s; wait until its store holds some.
  let raw = await call('GET', `/api/v1/edge/${node}/readings?range=10m&limit=20&timeout=5s`);
  let health = '';
  await waitFor(async () => {
    health = await fetch(`http://127.0.0.1:${ops}/healthz`).then((r) => r.text(), (e: Error) => e.message);
    raw = await call('GET', `/api/v1/edge/${node}/readings?range=10m&limit=20&timeout=5s`);
    return raw.status === 200 && raw.json.truncated === true;
  }, 60_000, 'readings on the node').catch((err: Error) => assert.fail(`${err.message}: ${raw.text.slice(0, 300)} ${edge.output()} ${health}`));
  assert.equal(raw.json.source, 'node');
  // A page never splits one millisecond's readings (the three sensors share a timestamp).
  assert.ok((raw.json.count as number) >= 18 && (raw.json.count as number) <= 20, `count ${raw.json.count as number}`);
  const readings = raw.json.readings as { ts: number; node: string }[];
  assert.ok(readings.every((r, i) => r.node === node && (i === 0 || readings[i - 1]!.ts <= r.ts)), 'earliest first, all from the node');
  // Paging with nextFrom continues where the page ended: no reading twice.
  const next = await call('GET', `/api/v1/edge/${node}/readings?from=${raw.json.nextFrom as number}&to=${raw.json.to as number}&limit=20&timeout=5s`);
  assert.equal(next.status, 200, next.text);
  assert.ok((next.json.readings as { ts: number }[]).every((r) => r.ts > readings.at(-1)!.ts));
  // The SDK reads the same through EdgeData.getReadings({ raw: true }).
  const sdk = new EdgeData({ url: studio.url, token: ADMIN_TOKEN });
  const viaSdk = await sdk.getReadings({ raw: true, node, timeRange: '10m', limit: 20, timeoutMs: 5000 });
  assert.ok(viaSdk.length >= 18 && viaSdk.every((r) => r.node === node), `${viaSdk.length} readings`);
  await assert.rejects(sdk.getReadings({ raw: true, node: 'not-running', timeRange: '10m', timeoutMs: 500 }), (err: Error & { status?: number }) => err.status === 504 && /not-running did not answer/.test(err.message));
  // The studio holds far fewer: its normal data arrives as 5-minute aggregates.
  const kind = await call('GET', `/api/v1/edge/${node}/readings?range=10m&kind=temperature&step=1m&timeout=5s`);
  assert.equal(kind.status, 200, kind.text);
  assert.ok((kind.json.points as { kind: string; count: number }[]).every((p) => p.kind === 'temperature' && p.count > 0));
  // The bound: a limit over 10 000 is a 400 naming it; a result over COMMAND_RESULT_MAX_BYTES is refused with the reason.
  const over = await call('GET', `/api/v1/edge/${node}/readings?range=10m&limit=10001`);
  assert.equal(over.status, 400);
  assert.equal((over.json.error as { reason: string }).reason, 'too_many_rows');
  // Enough readings on the node that all of them are over 6 KiB of JSON.
  const held = async () => ((await call('GET', `/api/v1/edge/${node}/readings?range=10m&step=10m`)).json.points as { count: number }[] | undefined ?? []).reduce((a, p) => a + p.count, 0);
  await waitFor(async () => (await held()) >= 60, 60_000, '60 readings on the node');
  const huge = await call('GET', `/api/v1/edge/${node}/readings?range=10m&limit=10000&timeout=10s`);
  assert.equal(huge.status, 413, huge.text);
  assert.equal((huge.json.error as { reason: string }).reason, 'result_too_large');
  // A wrong token: 401, counted; the channel's endpoints need the ingest scope.
  const bad = await api(studio.url, 'not-the-token-at-all')('GET', `/api/v1/edge/${node}/commands/next?wait=0ms`);
  assert.equal(bad.status, 401);
  const metrics = (await call('GET', '/metrics')).text;
  assert.match(metrics, /homelab_auth_failures_total\{reason="unknown"\} [1-9]/);
  const poster = await api(studio.url, EDGE_TOKEN)('POST', `/api/v1/edge/${node}/commands`, { type: 'ping' });
  assert.equal(poster.status, 403, 'an ingest token cannot send commands');
  // A collector with a wrong token never gets the command.
  const wrong = startEdge(studio.url, 'chan-node-3', tempDir('channel-edge-'), 'wrong-token-123');
  const cmd = (await call('POST', '/api/v1/edge/chan-node-3/commands', { type: 'ping', ttl: '60s' })).json.command as View;
  await waitFor(() => /HTTP 401/.test(wrong.output()), 30_000, `the wrong-token collector to be refused: ${wrong.output()}`);
  assert.equal(((await call('GET', `/api/v1/edge/chan-node-3/commands/${cmd.id}`)).json.command as View).state, 'queued');
  await stop(wrong);
  await stop(edge);
  await stop(studio.child);
});

test('kill -9 of the collector mid-command loses no queued command: the next process answers them', { timeout: 180_000 }, async () => {
  const studio = await startStudio();
  const call = api(studio.url);
  const node = 'chan-node-4';
  const dataDir = tempDir('channel-edge-');
  let edge = startEdge(studio.url, node, dataDir);
  const slow = (await call('POST', `/api/v1/edge/${node}/commands`, { type: 'ping', params: { delayMs: 20_000 }, ttl: '120s' })).json.command as View;
  await waitFor(async () => ((await call('GET', `/api/v1/edge/${node}/commands/${slow.id}`)).json.command as View).state === 'delivered', 60_000, `the node to take the command: ${edge.output()}`);
  await kill9(edge);
  // Queued while it is dead.
  const queued = await Promise.all([1, 2, 3].map(async () => ((await call('POST', `/api/v1/edge/${node}/commands`, { type: 'ping', ttl: '120s' })).json.command as View)));
  assert.equal(((await call('GET', `/api/v1/edge/${node}/commands/${slow.id}`)).json.command as View).state, 'delivered', 'still waiting for a result');
  edge = startEdge(studio.url, node, dataDir);
  for (const c of queued) {
    const v = (await call('GET', `/api/v1/edge/${node}/commands/${c.id}?wait=60s`)).json.command as View;
    assert.equal(v.state, 'done', JSON.stringify(v));
  }
  const again = (await call('GET', `/api/v1/edge/${node}/commands/${slow.id}?wait=60s`)).json.command as View;
  assert.equal(again.state, 'done', JSON.stringify(again));
  assert.equal(again.attempts, 2, 'handed out again to the new process');
  assert.equal(again.result?.attempt, 2);
  await stop(edge);
  await stop(studio.child);
});
