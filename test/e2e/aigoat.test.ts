import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { rmSync } from 'node:fs';
import { freePort, tempDir, waitFor } from './helpers.js';

const root = new URL('../..', import.meta.url).pathname;
const SLOT = 5 * 60_000;

function run(args: string[], env: Record<string, string>): { child: ChildProcess; out: () => string } {
  let out = '';
  const child = spawn(process.execPath, ['bin/homelab.mjs', ...args], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, AGENTS: '', HOMELAB_ROLE: '', ...env } });
  child.stdout!.on('data', (c) => { out += String(c); });
  child.stderr!.on('data', (c) => { out += String(c); });
  return { child, out: () => out };
}
const stop = async (p: { child: ChildProcess }, signal: NodeJS.Signals = 'SIGTERM') => {
  if (p.child.exitCode !== null) return;
  p.child.kill(signal);
  await new Promise((r) => p.child.once('exit', r));
};

test('homelab agent aigoat beside homelab studio: a goal set in plain language, its attainment from the studio\'s readings, the at-risk event once, kill -9 loses nothing', { timeout: 180_000 }, async () => {
  const events: { type: string; subject: string }[] = [];
  const sink = createServer((req, res) => { let b = ''; req.on('data', (c) => { b += String(c); }); req.on('end', () => { events.push(JSON.parse(b) as { type: string; subject: string }); res.writeHead(202).end(); }); });
  await new Promise<void>((r) => sink.listen(0, '127.0.0.1', () => r()));
  const dir = tempDir('aigoat-e2e-');
  const [studioPort, goatPort] = [await freePort(), await freePort()];
  const studio = run(['studio', '--port', String(studioPort), '--data-dir', dir], {});
  const goatEnv = { GOALS_CHECK_INTERVAL: '1s', EVENT_SINK_URL: `http://127.0.0.1:${(sink.address() as AddressInfo).port}/` };
  let goat = run(['agent', 'aigoat', '--port', String(goatPort), '--data-dir', dir], goatEnv);
  const s = `http://127.0.0.1:${studioPort}`;
  const g = `http://127.0.0.1:${goatPort}`;
  const ask = async (query: string) => (await (await fetch(`${g}/agents/aigoat/query`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query }) })).json()) as { response: string; intent: string; agent: string };
  try {
    await waitFor(() => /listening on/.test(studio.out()) && /aigoat listening on/.test(goat.out()), 60_000, 'studio and aigoat to start');
    // Two hours of readings, one a minute: minute 0 of every 20 is 26 °C, the rest 22 °C.
    const now = Date.now();
    const readings = Array.from({ length: 120 }, (_, i) => ({ node: 'pi-node-2', sensor: 'dht22-t', kind: 'temperature', unit: '°C', location: 'warehouse-b', ts: now - (120 - i) * 60_000, value: i % 20 === 0 ? 26 : 22 }));
    const res = await fetch(`${s}/events`, { method: 'POST', headers: { 'content-type': 'application/cloudevents+json' }, body: JSON.stringify({ specversion: '1.0', id: 'e2e-1', source: '/edge/pi-node-2', type: 'io.homelab.edge.reading', data: { readings } }) });
    assert.equal(res.status, 202);
    const d = new Date(now);
    const monday = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()) - ((d.getUTCDay() + 6) % 7) * 86_400_000;
    const slots = new Map<number, boolean>();
    for (const r of readings) if (r.ts >= monday) slots.set(Math.floor(r.ts / SLOT), (slots.get(Math.floor(r.ts / SLOT)) ?? true) && r.value < 25);
    const expected = Math.round(([...slots.values()].filter(Boolean).length / slots.size) * 100 * 1000) / 1000;

    const set = await ask('set a goal: keep warehouse-b below 25 °C 99 % of the time this week');
    assert.equal(set.agent, 'aigoat');
    assert.equal(set.intent, 'set_goal', set.response);
    const listed = (await (await fetch(`${s}/api/v1/goals`)).json()) as { goals: { id: string; attainment: number; status: string }[] };
    assert.equal(listed.goals.length, 1, 'the studio serves the goal aigoat set (one goals.db)');
    assert.equal(listed.goals[0]!.attainment, expected);
    const status = await ask('how are my goals doing?');
    assert.ok(status.response.includes(`${Math.round(expected * 10) / 10}% of the time below 25`), status.response);
    const refused = await ask('set a goal: keep warehouse-q below 25 °C 99 % of the time this week');
    assert.match(refused.response, /No data for "warehouse-q"/);

    // 6 of 24 slots failed: within the week's 1 % budget, but at this rate it ends near 75 %: at risk
    // (breached instead late on a Sunday, when the week has too few slots left to absorb them).
    const st = listed.goals[0]!.status;
    assert.ok(st === 'at_risk' || st === 'breached', st);
    await waitFor(() => events.some((e) => e.type === `io.homelab.goal.${st}`), 20_000, `the ${st} event`);
    await new Promise((r) => setTimeout(r, 3000)); // three more ticks
    await stop(goat, 'SIGKILL');
    goat = run(['agent', 'aigoat', '--port', String(goatPort), '--data-dir', dir], goatEnv);
    await waitFor(() => /aigoat listening on/.test(goat.out()), 60_000, 'aigoat to restart');
    await new Promise((r) => setTimeout(r, 3000));
    const again = (await (await fetch(`${g}/api/v1/goals`)).json()) as { goals: { id: string; attainment: number }[] };
    assert.deepEqual(again.goals.map((x) => x.id), listed.goals.map((x) => x.id), 'the goal survived kill -9');
    assert.deepEqual(events.filter((e) => e.type.startsWith('io.homelab.goal.')).map((e) => [e.type, e.subject]), [[`io.homelab.goal.${st}`, listed.goals[0]!.id]], 'once, across ticks and a kill -9');
  } finally {
    await stop(goat);
    await stop(studio);
    sink.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
