import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, statfsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ChaosProcess, edgeArgs, http, studioArgs, studioCounts } from './chaos-harness.js';
import { freePort, tempDir } from './helpers.js';
import { fillDisk, unmount } from '../support/tmpfs.js';

const NODE = 'full-node';
const SENSORS = ['t1', 't2', 't3'];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Mounts a tmpfs of `size` on `dir` (needs root); the reason it cannot, or undefined. */
function mountTmpfs(dir: string, size: string): string | undefined {
  if (process.getuid?.() !== 0) return 'not running as root: cannot mount a small tmpfs to fill';
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', dir], { stdio: 'pipe' });
    return undefined;
  } catch (err) {
    return `mount -t tmpfs failed: ${String((err as { stderr?: Buffer }).stderr ?? err).trim()}`;
  }
}

const unavailable = (() => {
  const probe = tempDir('edge-full-probe-');
  const why = mountTmpfs(probe, '1m');
  if (!why) execFileSync('umount', [probe]);
  rmSync(probe, { recursive: true, force: true });
  return why;
})();

test('a full disk on the collector: it stays up, answers 507 naming the disk, takes readings again when space returns, and loses nothing it acknowledged', { timeout: 120_000 }, async (t) => {
  if (unavailable) {
    if (process.env.CI === 'true') assert.fail(`the full-disk test must run under CI=true (run it as root): ${unavailable}`);
    t.skip(unavailable);
    return;
  }
  const dir = tempDir('edge-full-');
  const edgeDir = join(dir, 'edge');
  mkdirSync(edgeDir);
  assert.equal(mountTmpfs(edgeDir, '4m'), undefined);
  const [sp, ep] = [await freePort(), await freePort()];
  const env = { AGGREGATE_WINDOW: '2', WARNING_BATCH_INTERVAL: '2', REAL_HEALTH: '0', RATE_LIMIT: '100000', DISK_RESERVE_BYTES: '256KiB' };
  const studio = new ChaosProcess(studioArgs(sp, dir), env, sp);
  const edge = new ChaosProcess(edgeArgs(ep, sp, dir, NODE), env, ep);
  studio.start();
  edge.start();
  const acked: Record<string, number> = {};
  let ts = Date.now() - 60_000;
  const push = async (n: number) => {
    const batch = SENSORS.flatMap((sensor) => Array.from({ length: n }, () => ({ sensor, kind: 'temperature', unit: '°C', value: 21, ts: ++ts })));
    const r = await http('POST', ep, '/push', JSON.stringify({ readings: batch }));
    if (r.status === 202) for (const b of batch) acked[b.sensor] = (acked[b.sensor] ?? 0) + 1;
    return r;
  };
  try {
    await Promise.all([studio.ready(), edge.ready()]);
    for (let i = 0; i < 20; i++) assert.equal((await push(20)).status, 202);
    // Something else fills the disk, leaving a few KiB.
    const filler = join(edgeDir, 'filler.bin');
    const free = () => { const s = statfsSync(edgeDir); return s.bavail * s.bsize; };
    writeFileSync(filler, Buffer.alloc(Math.max(0, free() - 16 * 1024)));
    let full: { status: number; body: string } | undefined;
    for (let i = 0; i < 400 && !full; i++) {
      const r = await push(50);
      if (r.status === 507) full = r;
      else assert.equal(r.status, 202, r.body);
    }
    assert.ok(full, 'the disk filled within 400 pushes');
    const error = (JSON.parse(full.body) as { error: { reason: string; message: string; dir: string } }).error;
    assert.equal(error.reason, 'disk_full');
    assert.ok(error.message.includes(edgeDir) && error.dir === edgeDir, `the refusal names the data directory: ${error.message}`);
    for (let i = 0; i < 5; i++) assert.equal((await push(10)).status, 507, 'refused while full, still up');
    const health = await http('GET', ep, '/healthz');
    assert.equal(health.status, 200, 'the collector stays up');
    const metrics = (await http('GET', ep, '/metrics')).body;
    assert.match(metrics, /^homelab_edge_disk_full 1$/m);
    assert.match(metrics, /^homelab_edge_refused_readings_total\{severity="normal"\} [1-9]\d*$/m);
    // Space returns: within a few seconds readings are taken again, by themselves.
    rmSync(filler);
    let back = false;
    for (let i = 0; i < 50 && !back; i++) {
      await sleep(200);
      back = (await push(5)).status === 202;
    }
    assert.ok(back, 'readings are taken again once space returned');
    assert.match((await http('GET', ep, '/metrics')).body, /^homelab_edge_disk_full 0$/m);
    for (let i = 0; i < 10; i++) assert.equal((await push(5)).status, 202);
    // Nothing acknowledged is lost, before, during or after.
    let counts: Record<string, number> = {};
    for (let end = Date.now() + 30_000; Date.now() < end; await sleep(1000)) {
      counts = await studioCounts(sp, NODE);
      if (SENSORS.every((s) => (counts[s] ?? 0) >= (acked[s] ?? 0))) break;
    }
    await sleep(2500);
    counts = await studioCounts(sp, NODE);
    console.log(`[full-disk] acknowledged ${JSON.stringify(acked)}, at the studio ${JSON.stringify(counts)}`);
    for (const s of SENSORS) assert.equal(counts[s] ?? 0, acked[s] ?? 0, `${s}: every acknowledged reading once`);
  } finally {
    await edge.kill('SIGKILL');
    await studio.kill('SIGKILL');
    try { execFileSync('umount', [edgeDir]); } catch { /* not mounted */ }
  }
});

test('a collector restarted (kill -9) on a full disk starts in its disk-full state: 507 naming the disk, refusals counted, and everything acknowledged arrives once space returns', { timeout: 120_000 }, async (t) => {
  if (unavailable) {
    if (process.env.CI === 'true') assert.fail(`the full-disk test must run under CI=true (run it as root): ${unavailable}`);
    t.skip(unavailable);
    return;
  }
  const dir = tempDir('edge-full-restart-');
  const edgeDir = join(dir, 'edge');
  mkdirSync(edgeDir);
  assert.equal(mountTmpfs(edgeDir, '4m'), undefined);
  const [sp, ep] = [await freePort(), await freePort()];
  const env = { AGGREGATE_WINDOW: '2', WARNING_BATCH_INTERVAL: '2', REAL_HEALTH: '0', RATE_LIMIT: '100000', DISK_RESERVE_BYTES: '1MiB' };
  const studio = new ChaosProcess(studioArgs(sp, dir), env, sp);
  let edge = new ChaosProcess(edgeArgs(ep, sp, dir, NODE), env, ep);
  studio.start();
  edge.start();
  const acked: Record<string, number> = {};
  let ts = Date.now() - 60_000;
  const push = async (n: number) => {
    const batch = SENSORS.flatMap((sensor) => Array.from({ length: n }, () => ({ sensor, kind: 'temperature', unit: '°C', value: 21, ts: ++ts })));
    const r = await http('POST', ep, '/push', JSON.stringify({ readings: batch }));
    if (r.status === 202) for (const b of batch) acked[b.sensor] = (acked[b.sensor] ?? 0) + 1;
    return r;
  };
  const filler = join(edgeDir, 'filler.bin');
  try {
    await Promise.all([studio.ready(), edge.ready()]);
    for (let i = 0; i < 5; i++) assert.equal((await push(30)).status, 202);
    fillDisk(filler);
    assert.throws(() => writeFileSync(join(edgeDir, 'probe'), 'x'), /ENOSPC/, 'the disk is full, the reserve still set aside');
    await edge.kill('SIGKILL');
    edge = new ChaosProcess(edgeArgs(ep, sp, dir, NODE), env, ep);
    edge.start();
    await edge.ready(); // before: exited 1 with ENOSPC (the lock file, then the databases' open)
    let refused = 0;
    for (let i = 0; i < 5; i++) {
      const r = await push(10);
      if (r.status === 507) {
        refused += 30;
        assert.equal((JSON.parse(r.body) as { error: { reason: string; dir: string } }).error.dir, edgeDir);
      } else assert.equal(r.status, 202, r.body);
    }
    assert.ok(refused > 0, 'the full disk refuses normal readings');
    const metrics = (await http('GET', ep, '/metrics')).body;
    assert.match(metrics, /^homelab_edge_disk_full 1$/m);
    assert.match(metrics, new RegExp(`^homelab_edge_refused_readings_total\\{severity="normal"\\} ${refused}$`, 'm'), 'every refused reading counted');
    rmSync(filler);
    let back = false;
    for (let i = 0; i < 50 && !back; i++) {
      await sleep(200);
      back = (await push(5)).status === 202;
    }
    assert.ok(back, 'readings are taken again once space returned');
    let counts: Record<string, number> = {};
    for (let end = Date.now() + 30_000; Date.now() < end; await sleep(1000)) {
      counts = await studioCounts(sp, NODE);
      if (SENSORS.every((s) => (counts[s] ?? 0) >= (acked[s] ?? 0))) break;
    }
    await sleep(2500);
    counts = await studioCounts(sp, NODE);
    for (const s of SENSORS) assert.equal(counts[s] ?? 0, acked[s] ?? 0, `${s}: every acknowledged reading once`);
  } finally {
    await edge.kill('SIGKILL');
    await studio.kill('SIGKILL');
    unmount(edgeDir);
  }
});
