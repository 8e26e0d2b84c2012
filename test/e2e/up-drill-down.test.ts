import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { freePort, tempDir, waitFor } from './helpers.js';

// The done-when at the stack level: `homelab up` (the studio and three simulated
// collectors, one process) answers a drill-down into a node's own raw store for the last 10
// minutes at the sampling interval, far more than the studio holds; and a collector that was
// answering and is stopped is a 504 with the reason within the query's deadline.

const INTERVAL_S = 0.5;
const children = new Set<ChildProcess>();
after(() => { for (const c of children) c.kill('SIGKILL'); });

function spawnCli(args: string[], env: Record<string, string> = {}): ChildProcess & { output: () => string } {
  const child = spawn(process.execPath, ['bin/homelab.mjs', ...args], { env: { ...process.env, HOMELAB_DEBUG: '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (c: Buffer) => { out += c.toString(); });
  child.stderr!.on('data', (c: Buffer) => { out += c.toString(); });
  children.add(child);
  child.once('exit', () => children.delete(child));
  return Object.assign(child, { output: () => out });
}

interface NodeReading { sensor: string; ts: number }
const get = async (url: string) => { const r = await fetch(url); return { status: r.status, json: await r.json() as Record<string, unknown> }; };
const median = (xs: number[]) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]!; };

test('homelab up: a drill-down into pi-node-1 gives its raw readings at the sampling interval, many more than the studio holds; a stopped collector is a 504 with the reason within the deadline', { timeout: 240_000 }, async (t) => {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const up = spawnCli(['up', '--port', String(port), '--data-dir', tempDir('up-drill-'), '--history', '1', '--interval', String(INTERVAL_S)]);
  await waitFor(async () => (await fetch(`${url}/readyz`).catch(() => undefined))?.status === 200, 90_000, `homelab up on ${port}: ${up.output()}`);
  const live = Date.now();
  // A collector beside the stack, as its own process, to stop later.
  const edge = spawnCli(['edge', '--studio-url', url, '--node', 'pi-node-9', '--data-dir', tempDir('up-drill-edge-'), '--port', '0', '--simulate', '--location', 'warehouse-a'], {
    SAMPLE_INTERVAL: String(INTERVAL_S), REPORT_INTERVAL: '5', COMMAND_POLL_WAIT: '2s', REAL_HEALTH: '0',
  });
  await waitFor(async () => (await get(`${url}/api/v1/edge/pi-node-9/readings?range=1m&timeout=5s`).catch(() => ({ status: 0 }))).status === 200, 90_000, `pi-node-9 answering: ${edge.output()}`);
  // Let pi-node-1 sample live for a while (its history before it was replayed at 1-minute steps).
  await new Promise((r) => setTimeout(r, Math.max(0, 30_000 - (Date.now() - live))));

  const to = Date.now();
  const from = to - 10 * 60_000;
  const drill = await get(`${url}/api/v1/edge/pi-node-1/readings?from=${from}&to=${to}`);
  assert.equal(drill.status, 200, JSON.stringify(drill.json));
  assert.equal(drill.json.source, 'node');
  const readings = drill.json.readings as NodeReading[];
  const studio = await get(`${url}/api/v1/readings?node=pi-node-1&from=${from}&to=${to}`);
  const held = studio.json.count as number;
  // What the studio keeps of normal data: 5-minute rollups (count, mean, min, max).
  const rollups = (await get(`${url}/api/v1/readings?node=pi-node-1&from=${from}&to=${to}&step=5m`)).json.points as unknown[];
  const sensors = [...new Set(readings.map((r) => r.sensor))];
  const figures: string[] = [];
  for (const s of sensors) {
    const ts = readings.filter((r) => r.sensor === s && r.ts >= live).map((r) => r.ts).sort((a, b) => a - b);
    const gaps = ts.slice(1).map((x, i) => x - ts[i]!);
    const expected = (to - live) / (INTERVAL_S * 1000);
    figures.push(`${s}: ${ts.length} live readings (~${expected.toFixed(0)} expected), median gap ${median(gaps)} ms`);
    assert.ok(ts.length >= expected * 0.6, `${s}: ${ts.length} readings since the collector went live, ~${expected.toFixed(0)} sampled`);
    assert.ok(median(gaps) >= INTERVAL_S * 1000 * 0.8 && median(gaps) <= INTERVAL_S * 1000 * 1.5, `${s}: median gap ${median(gaps)} ms, sampled every ${INTERVAL_S * 1000} ms`);
  }
  t.diagnostic(`last 10 min of pi-node-1: ${readings.length} readings from the node (${sensors.length} sensors); the studio holds ${held} raw readings and ${rollups.length} rollup points; ${figures.join('; ')}`);
  assert.ok(sensors.length >= 2, `pi-node-1's sensors: ${sensors.join(', ')}`);
  assert.ok(readings.length >= 5 * Math.max(1, held + rollups.length), `the node holds many more than the studio: ${readings.length} vs ${held} readings and ${rollups.length} rollups`);

  // The collector that answered a moment ago is stopped: the same call is a 504 with the reason, within its deadline.
  edge.kill('SIGTERM');
  await new Promise((r) => edge.once('exit', r));
  const started = Date.now();
  const gone = await get(`${url}/api/v1/edge/pi-node-9/readings?range=10m&timeout=3s`);
  const took = Date.now() - started;
  const error = gone.json.error as { reason: string; message: string };
  t.diagnostic(`stopped collector: ${gone.status} in ${took} ms (timeout 3 s): ${error?.reason}: ${error?.message}`);
  assert.equal(gone.status, 504, JSON.stringify(gone.json));
  assert.equal(error.reason, 'node_timeout');
  assert.match(error.message, /pi-node-9/);
  assert.ok(took >= 2900 && took < 3000 + 5000, `answered after ${took} ms for a 3 s timeout`);
  up.kill('SIGTERM');
  await new Promise((r) => up.once('exit', r));
});
