import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import pg from 'pg';
import { freePort, tempDir, waitFor } from './helpers.js';

const root = new URL('../..', import.meta.url).pathname;
const PG_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const pgUp = await (async () => { const c = new pg.Client(PG_URL); try { await c.connect(); await c.end(); return true; } catch { return false; } })();
const skip = pgUp || process.env.CI === 'true' ? false : `PostgreSQL not reachable at ${PG_URL}`;

/** One `homelab studio` process on the shared database: nothing but the database is shared with the other. */
async function studio(schema: string, dir: string): Promise<{ child: ChildProcess; url: string; out: () => string }> {
  const port = await freePort();
  let out = '';
  const child = spawn(process.execPath, ['bin/homelab.mjs', 'studio', '--port', String(port), '--host', '127.0.0.1', '--data-dir', dir], {
    cwd: root, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, DATABASE_URL: PG_URL, DATABASE_SCHEMA: schema, AGENTS: 'agent-bruno', LLM_BASE_URL: '', LLM_MODEL: '', HOMELAB_TOKENS: '' },
  });
  child.stdout!.on('data', (c) => { out += String(c); });
  child.stderr!.on('data', (c) => { out += String(c); });
  await waitFor(() => /listening on/.test(out) || child.exitCode !== null, 90_000, 'the studio to start');
  assert.equal(child.exitCode, null, out);
  return { child, url: `http://127.0.0.1:${port}`, out: () => out };
}
const stop = async (child: ChildProcess) => {
  if (child.exitCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
};

interface Answer { intent: string; response: string; data: { plan: { scope: { locations: string[] }; measures: { kind?: string }[]; time: { type: string; label?: string } } } }

test('conversation memory is in the store: a follow-up sent to another studio process on the same PostgreSQL continues the conversation, both ways', { skip, timeout: 180_000 }, async () => {
  const schema = `test_conv_${process.pid}_${Date.now()}`;
  const dirs = [tempDir('conv-a-'), tempDir('conv-b-')];
  // One after the other: the first creates the schema, the second opens it.
  const a = await studio(schema, dirs[0]!);
  const b = await studio(schema, dirs[1]!);
  try {
    const now = Date.now();
    const reading = (node: string, location: string, kind: string, value: number, unit: string) => ({ node, sensor: `dht22-${kind}`, kind, value, unit, ts: now - 60_000, location });
    const batch = [{ specversion: '1.0', id: 'conv-r1', source: '/edge/pi-node-2', type: 'io.homelab.edge.reading', data: { readings: [
      reading('pi-node-2', 'warehouse-b', 'temperature', 21.7, '°C'), reading('pi-node-2', 'warehouse-b', 'humidity', 38.4, '%'),
      reading('pi-node-3', 'warehouse-a', 'temperature', 18.1, '°C'), reading('pi-node-3', 'warehouse-a', 'humidity', 61.2, '%'),
    ] } }];
    assert.ok((await fetch(`${a.url}/events`, { method: 'POST', body: JSON.stringify(batch), headers: { 'content-type': 'application/cloudevents-batch+json' } })).ok);
    const ask = async (url: string, query: string, conversation_id: string) => (await (await fetch(`${url}/query`, { method: 'POST', body: JSON.stringify({ query, conversation_id }), headers: { 'content-type': 'application/json' } })).json()) as Answer;

    const first = await ask(a.url, "What's the temperature in warehouse b?", 'conv-x');
    assert.match(first.response, /21\.7°C/);
    const second = await ask(b.url, 'and humidity?', 'conv-x');
    assert.deepEqual(second.data.plan.scope.locations, ['warehouse-b'], 'the place carried over to the other process');
    assert.match(second.response, /38\.4%/);
    assert.doesNotMatch(second.response, /61\.2/, "the other warehouse's humidity");
    // Back on the first process: it reads the turn the second one saved (humidity in warehouse-b), not its own older one.
    const third = await ask(a.url, 'what about yesterday?', 'conv-x');
    assert.deepEqual(third.data.plan.scope.locations, ['warehouse-b']);
    assert.deepEqual(third.data.plan.measures.map((m) => m.kind), ['humidity'], "process b's turn, read by process a");
    assert.equal(third.data.plan.time.label, 'yesterday');
    // Another conversation id starts afresh on either process.
    const other = await ask(b.url, 'and humidity?', 'conv-y');
    assert.deepEqual(other.data.plan.scope.locations, []);
  } finally {
    await stop(a.child);
    await stop(b.child);
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
    const c = new pg.Client(PG_URL);
    await c.connect();
    await c.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await c.end();
  }
});
