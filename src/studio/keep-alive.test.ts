import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Agent, request } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { StudioServer } from './server.js';

/** GET on a keep-alive agent; resolves to the status and whether the socket was one used before. */
const get = (agent: Agent, port: number, path: string) => new Promise<{ status: number; reused: boolean }>((resolve, reject) => {
  const req = request({ host: '127.0.0.1', port, path, agent }, (res) => {
    res.resume();
    res.once('end', () => resolve({ status: res.statusCode ?? 0, reused: req.reusedSocket }));
  });
  req.once('error', reject);
  req.end();
});

test('an idle keep-alive connection stays open past Node\'s 5 s default, so a client reusing it is not cut off', { timeout: 30_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'keep-alive-'));
  const studio = new StudioServer({ port: 0, host: '127.0.0.1', dataDir: dir });
  await studio.start();
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  try {
    assert.deepEqual(await get(agent, studio.port, '/healthz'), { status: 200, reused: false });
    await new Promise((r) => setTimeout(r, 6_500)); // past Node's default keepAliveTimeout (5 s)
    assert.deepEqual(await get(agent, studio.port, '/healthz'), { status: 200, reused: true });
  } finally {
    agent.destroy();
    await studio.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});
