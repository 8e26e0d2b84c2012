import { describe, test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { createStudio } from '../../src/app/studio-app.js';
import type { StudioServer } from '../../src/studio/server.js';
import { dropSchema, PG_URL, pgSkipReason, randomSchema } from '../../src/studio/graph/graph-test-fixtures.js';
import { freePort, tempDir, waitFor } from './helpers.js';

// The command channel of a studio on PostgreSQL (DATABASE_URL): commands survive a restart and a
// kill -9 of the studio, and replicas on one database share them — a node long-polling one replica
// gets what another queued, and the caller waiting on the first gets the answer given to the second.

const EDGE = 'edge-secret-pg01';
const ADMIN = 'team-secret-pg01';
const TOKENS = `${EDGE}:ingest,${ADMIN}:admin`;
type View = { id: string; node: string; state: string; attempts: number; result?: unknown; error?: { reason: string; message: string } };
type Wire = { id: string; attempt: number; type: string; params: unknown };

const children = new Set<ChildProcess>();
after(() => { for (const c of children) c.kill('SIGKILL'); });

async function call(url: string, method: string, path: string, body?: unknown, token = ADMIN) {
  const res = await fetch(`${url}${path}`, {
    method, headers: { authorization: `Bearer ${token}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  let json: Record<string, unknown> = {};
  try { json = JSON.parse(text) as Record<string, unknown>; } catch { /* not JSON */ }
  return { status: res.status, json, text };
}

/** The node's side of the wire, as a collector speaks it: one long-poll, one answer. */
const poll = async (url: string, node: string, wait: string, holding: string[] = []) => {
  const r = await call(url, 'GET', `/api/v1/edge/${node}/commands/next?wait=${wait}${holding.length ? `&holding=${holding.join(',')}` : ''}`, undefined, EDGE);
  assert.equal(r.status, 200, r.text);
  return r.json.commands as Wire[];
};
const answer = (url: string, node: string, id: string, result: unknown) => call(url, 'POST', `/api/v1/edge/${node}/commands/${id}/result`, { ok: true, result }, EDGE);
const command = async (url: string, node: string, id: string, wait = '0s') => (await call(url, 'GET', `/api/v1/edge/${node}/commands/${id}?wait=${wait}`)).json.command as View;

describe('command channel on PostgreSQL', { skip: await pgSkipReason() }, () => {
  const schemas: string[] = [];
  const running = new Set<StudioServer>();
  after(async () => {
    for (const s of running) await s.stop().catch(() => undefined);
    for (const s of schemas) await dropSchema(s);
  });
  const fresh = (prefix: string) => { const s = randomSchema(prefix); schemas.push(s); return s; };
  const studio = async (schema: string) => {
    const s = createStudio({ port: 0, host: '127.0.0.1', dataDir: '', databaseUrl: PG_URL, databaseSchema: schema, tokens: TOKENS, enabledAgents: [] });
    await s.start();
    running.add(s);
    return s;
  };
  const stop = async (s: StudioServer) => { await s.stop(); running.delete(s); };

  test('queued for an offline node, the studio restarted: the node gets it exactly once, and its answer reaches the caller waiting on the new instance', async () => {
    const schema = fresh('test_cmdpg_restart');
    const first = await studio(schema);
    const queued = await call(first.url, 'POST', '/api/v1/edge/pi-away/commands', { type: 'ping', params: { n: 7 }, ttl: '10m' });
    assert.equal(queued.status, 202, queued.text);
    const id = (queued.json.command as View).id;
    await stop(first);
    const second = await studio(schema);
    assert.equal((await command(second.url, 'pi-away', id)).state, 'queued', 'still queued after the restart');
    const caller = command(second.url, 'pi-away', id, '30s');
    const [got, ...more] = await poll(second.url, 'pi-away', '5s');
    assert.equal(more.length, 0);
    assert.deepEqual({ id: got!.id, attempt: got!.attempt, params: got!.params }, { id, attempt: 1, params: { n: 7 } });
    assert.deepEqual(await poll(second.url, 'pi-away', '0s', [id]), [], 'the node holds it: not handed out again');
    assert.equal((await answer(second.url, 'pi-away', id, { pong: 7 })).json.status, 'stored');
    const seen = await caller;
    assert.equal(seen.state, 'done');
    assert.deepEqual(seen.result, { pong: 7 });
    assert.equal(seen.attempts, 1, 'delivered exactly once');
    assert.deepEqual(await poll(second.url, 'pi-away', '0s'), [], 'answered: never again');
    assert.equal((await answer(second.url, 'pi-away', id, { pong: 8 })).json.status, 'duplicate', 'the first answer is kept');
  });

  test('two replicas: queued on A, a node long-polling B gets it at once; the answer given to B reaches the caller waiting on A; a drill-down on A is answered by a collector polling B', { timeout: 120_000 }, async (t) => {
    const schema = fresh('test_cmdpg_replicas');
    const [a, b] = [await studio(schema), await studio(schema)];
    const node = 'pi-rep-1';
    const polled = poll(b.url, node, '20s');
    await new Promise((r) => setTimeout(r, 200)); // B's long-poll is open, nothing queued yet
    const t0 = performance.now();
    const queued = await call(a.url, 'POST', `/api/v1/edge/${node}/commands`, { type: 'ping', params: { via: 'a' }, ttl: '1m' });
    assert.equal(queued.status, 202, queued.text);
    const [got] = await polled;
    const wakeMs = performance.now() - t0;
    const id = (queued.json.command as View).id;
    assert.equal(got?.id, id);
    const caller = command(a.url, node, id, '30s');
    await new Promise((r) => setTimeout(r, 100));
    const t1 = performance.now();
    assert.equal((await answer(b.url, node, id, { pong: 'b' })).status, 200);
    const seen = await caller;
    const answerMs = performance.now() - t1;
    assert.equal(seen.state, 'done');
    assert.deepEqual(seen.result, { pong: 'b' });
    t.diagnostic(`HTTP, queued on A → B's long-poll answers: ${wakeMs.toFixed(0)} ms; answer on B → A's waiting GET answers: ${answerMs.toFixed(0)} ms`);
    assert.ok(wakeMs < 5000 && answerMs < 5000, 'woken by the notification, not the 15 s safety-net poll');
    // Either replica sees the node's channel (B holds its polls).
    const ch = (await call(a.url, 'GET', `/api/v1/edge/${node}/commands`)).json.channel as { lastPollAt: number | null };
    assert.ok(ch.lastPollAt !== null, 'A knows when the node last polled B');

    // A real collector polls B; a drill-down asked of A is answered from its raw store.
    const edgeNode = 'pi-rep-edge';
    const edge = spawn(process.execPath, ['bin/homelab.mjs', 'edge', '--studio-url', b.url, '--node', edgeNode, '--data-dir', tempDir('cmdpg-edge-'), '--port', '0', '--simulate', '--location', 'warehouse-a'], {
      env: { ...process.env, HOMELAB_TOKEN: EDGE, SAMPLE_INTERVAL: '0.2', REPORT_INTERVAL: '5', COMMAND_POLL_WAIT: '20s', REAL_HEALTH: '0' }, stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.add(edge);
    let out = '';
    edge.stdout!.on('data', (c: Buffer) => { out += c.toString(); });
    edge.stderr!.on('data', (c: Buffer) => { out += c.toString(); });
    try {
      let drill = await call(a.url, 'GET', `/api/v1/edge/${edgeNode}/readings?range=10m&limit=50&timeout=5s`);
      await waitFor(async () => {
        drill = await call(a.url, 'GET', `/api/v1/edge/${edgeNode}/readings?range=10m&limit=50&timeout=5s`);
        return drill.status === 200 && (drill.json.count as number) > 0;
      }, 60_000, 'a drill-down on A answered by the collector polling B').catch((err: Error) => assert.fail(`${err.message}: ${drill.text.slice(0, 300)} ${out.slice(-2000)}`));
      assert.equal(drill.json.source, 'node');
      assert.ok((drill.json.readings as { node: string }[]).every((r) => r.node === edgeNode));
      // With the collector long-polling B (20 s polls), a drill-down on A is answered well within one poll.
      const times: number[] = [];
      for (let i = 0; i < 5; i++) {
        const s = performance.now();
        const r = await call(a.url, 'GET', `/api/v1/edge/${edgeNode}/readings?range=1m&limit=10&timeout=10s`);
        assert.equal(r.status, 200, r.text);
        times.push(performance.now() - s);
      }
      t.diagnostic(`drill-down on A, collector polling B: ${times.map((x) => x.toFixed(0)).join(', ')} ms`);
    } finally {
      edge.kill('SIGTERM');
      await new Promise((r) => edge.once('exit', r));
    }
  });

  test('a command whose deadline passes while the node is away (and the studio down) is expired with the reason; the node never gets it, its late answer is 410', async () => {
    const schema = fresh('test_cmdpg_expiry');
    const first = await studio(schema);
    const queued = await call(first.url, 'POST', '/api/v1/edge/pi-gone/commands', { type: 'ping', ttl: '1s' });
    assert.equal(queued.status, 202, queued.text);
    const id = (queued.json.command as View).id;
    await stop(first);
    await new Promise((r) => setTimeout(r, 1200));
    const second = await studio(schema);
    await waitFor(async () => (await command(second.url, 'pi-gone', id)).state === 'expired', 5000, 'the expiry');
    const v = await command(second.url, 'pi-gone', id);
    assert.equal(v.error?.reason, 'not_delivered');
    assert.match(v.error!.message, /pi-gone did not take the command before its deadline .*: its command channel was not connected/);
    assert.deepEqual(await poll(second.url, 'pi-gone', '0s'), []);
    const late = await answer(second.url, 'pi-gone', id, 'late');
    assert.equal(late.status, 410, late.text);
    assert.equal((late.json.error as { reason: string }).reason, 'expired');
  });

  test('kill -9: a studio process killed right after answering 202 still has the command when it comes back', { timeout: 120_000 }, async () => {
    const schema = fresh('test_cmdpg_kill');
    const start = async () => {
      const port = await freePort();
      const child = spawn(process.execPath, ['bin/homelab.mjs', 'studio', '--port', String(port), '--host', '127.0.0.1'], {
        env: { ...process.env, DATABASE_URL: PG_URL, DATABASE_SCHEMA: schema, HOMELAB_TOKENS: TOKENS, AGENTS: 'agent-bruno' }, stdio: ['ignore', 'pipe', 'pipe'],
      });
      children.add(child);
      let out = '';
      child.stdout!.on('data', (c: Buffer) => { out += c.toString(); });
      child.stderr!.on('data', (c: Buffer) => { out += c.toString(); });
      const url = `http://127.0.0.1:${port}`;
      await waitFor(async () => (await fetch(`${url}/readyz`).catch(() => undefined))?.status === 200, 60_000, `the studio on ${port}: ${out}`);
      return { url, child };
    };
    const first = await start();
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const r = await call(first.url, 'POST', '/api/v1/edge/pi-k9/commands', { type: 'ping', params: { i }, ttl: '10m' });
      assert.equal(r.status, 202, r.text);
      ids.push((r.json.command as View).id);
    }
    first.child.kill('SIGKILL'); // no shutdown: nothing flushed after the 202s
    await new Promise((r) => first.child.once('exit', r));
    const second = await start();
    try {
      for (const id of ids) assert.equal((await command(second.url, 'pi-k9', id)).state, 'queued', `${id} kept`);
      const got = await poll(second.url, 'pi-k9', '5s');
      assert.deepEqual(got.map((c) => c.id), ids, 'all five, oldest first, once');
      for (const c of got) assert.equal((await answer(second.url, 'pi-k9', c.id, { i: (c.params as { i: number }).i })).json.status, 'stored');
      assert.deepEqual(((await command(second.url, 'pi-k9', ids[4]!)).result), { i: 4 });
    } finally {
      second.child.kill('SIGTERM');
      await new Promise((r) => second.child.once('exit', r));
    }
  });
});
