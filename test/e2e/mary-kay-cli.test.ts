import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { freePort, tempDir, waitFor } from './helpers.js';

const root = new URL('../..', import.meta.url).pathname;

test('homelab agent agent-mary-kay: its own process; records written through its API survive a restart and answer', { timeout: 120_000 }, async () => {
  const dir = tempDir('mary-kay-cli-');
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const start = async () => {
    let out = '';
    const child = spawn(process.execPath, ['bin/homelab.mjs', 'agent', 'agent-mary-kay', '--port', String(port), '--data-dir', dir], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, AGENTS: '', HOMELAB_ROLE: '', LLM_BASE_URL: '', LLM_MODEL: '' } });
    child.stdout.on('data', (c) => { out += String(c); });
    child.stderr.on('data', (c) => { out += String(c); });
    await waitFor(() => /listening on/.test(out) || child.exitCode !== null, 60_000, 'the agent to start');
    assert.match(out, /agent-mary-kay listening on/);
    return child;
  };
  const stop = async (child: ReturnType<typeof spawn>) => { child.kill('SIGKILL'); await new Promise((r) => child.once('exit', r)); };
  const post = async (path: string, body: unknown, type = 'application/json') => fetch(`${url}${path}`, { method: 'POST', headers: { 'content-type': type }, body: typeof body === 'string' ? body : JSON.stringify(body) });
  let child = await start();
  try {
    const agents = await (await fetch(`${url}/api/v1/agents`)).json() as { agents: { name: string; capabilities: { name: string; scope: string }[] }[] };
    assert.deepEqual(agents.agents.map((a) => a.name), ['agent-mary-kay']);
    assert.ok(agents.agents[0]!.capabilities.some((c) => c.name === 'log_activity' && c.scope === 'admin'));
    const close = new Date(Date.now() + 3 * 86_400_000).toISOString().slice(0, 10);
    const imported = await (await post('/api/v1/crm/import', `Deal Name,Deal Stage,Amount,Close Date,Associated Company\r\nAcme rollout,Contract Sent,"10,000",${close},Acme Inc\r\n`, 'text/csv')).json() as { imported: number };
    assert.equal(imported.imported, 1);
    await stop(child); // kill -9: what the API answered for is on disk
    child = await start();
    const a = await (await post('/agents/agent-mary-kay/query', { query: "what's in my pipeline this month?" })).json() as { agent: string; response: string };
    assert.equal(a.agent, 'agent-mary-kay');
    if (close.slice(0, 7) === new Date().toISOString().slice(0, 7)) assert.match(a.response, /1 open deal, 10000 USD, weighted 9000 USD/);
    const who = await (await post('/agents/agent-mary-kay/query', { query: 'who should I call today?' })).json() as { response: string };
    assert.match(who.response, /Acme Inc: Acme rollout is expected to close/);
  } finally {
    await stop(child);
    rmSync(dir, { recursive: true, force: true });
  }
});
