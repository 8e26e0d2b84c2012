import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DISK_ERROR_HOLD_MS, DiskHealth, diskProblem } from './disk-health.js';
import { StudioServer } from './server.js';
import { fillDisk, mountTmpfs, tmpfsUnavailable, unmount } from '../../test/support/tmpfs.js';

test('disk problems are found through the cause chain; other errors are not disk problems', () => {
  assert.equal(diskProblem(Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' }))?.code, 'SQLITE_FULL');
  assert.equal(diskProblem(new Error('wrapped', { cause: Object.assign(new Error('x'), { code: 'SQLITE_IOERR_WRITE' }) }))?.code, 'SQLITE_IOERR');
  assert.equal(diskProblem(Object.assign(new Error('could not extend file'), { code: '53100' }))?.text, "PostgreSQL's disk is full");
  assert.equal(diskProblem(Object.assign(new Error('no'), { code: 'SQLITE_CONSTRAINT' })), undefined);
  assert.equal(diskProblem(new Error('plain')), undefined);
  let now = 0;
  const disk = new DiskHealth(() => now);
  disk.failed({ code: 'ENOSPC', text: 'full' });
  assert.equal(disk.status().ok, false);
  now = DISK_ERROR_HOLD_MS + 1;
  assert.equal(disk.status().ok, true, 'tried again after the hold');
  disk.failed({ code: 'ENOSPC', text: 'full' });
  disk.ok();
  assert.equal(disk.status().ok, true, 'a write that went through clears it');
});

// A real full disk: a 3 MB tmpfs (needs root and mount; skipped with the reason elsewhere, a failure under CI=true).
test('a full disk: ingest answers 507 naming it, /readyz is 503 with the code, the metric counts it; freeing space recovers', { timeout: 120_000 }, async (t) => {
  const mnt = mkdtempSync(join(tmpdir(), 'studio-full-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=3m', 'tmpfs', mnt], { stdio: 'pipe' });
  } catch (err) {
    rmSync(mnt, { recursive: true, force: true });
    const why = `cannot mount a small tmpfs here (${(err as Error).message.split('\n')[0]}): needs root with mount rights`;
    if (process.env.CI === 'true') assert.fail(why);
    t.skip(why);
    return;
  }
  const studio = new StudioServer({ port: 0, host: '127.0.0.1', dataDir: join(mnt, 'data') });
  try {
    await studio.start();
    const post = async (i: number) => {
      const now = Date.now();
      const readings = Array.from({ length: 500 }, (_, k) => ({ node: 'pi-full', sensor: `s${k % 50}`, kind: 'temperature', unit: '°C', value: Math.random() * 30, ts: now - k * 1000 }));
      const res = await fetch(`${studio.url}/events`, { method: 'POST', headers: { 'content-type': 'application/cloudevents+json' }, body: JSON.stringify({ specversion: '1.0', id: `full-${i}-${now}`, source: '/edge/pi-full', type: 'io.homelab.edge.reading', data: { readings } }) });
      return { status: res.status, body: await res.json() as { error?: { message: string; reason: string } } };
    };
    assert.equal((await post(0)).status, 202);
    try { writeFileSync(join(mnt, 'filler'), Buffer.alloc(4 * 1024 * 1024)); } catch { /* fills what is left: ENOSPC is expected */ }
    let full;
    for (let i = 1; i <= 20 && !full; i++) { const r = await post(i); if (r.status !== 202) full = r; }
    assert.ok(full, 'some ingest failed once the disk was full');
    assert.equal(full.status, 507);
    assert.equal(full.body.error!.reason, 'insufficient_storage');
    assert.match(full.body.error!.message, /disk .* is full \(SQLITE_FULL\)/);
    const ready = await fetch(`${studio.url}/readyz`);
    assert.equal(ready.status, 503);
    assert.equal(((await ready.json()) as { disk: { code: string } }).disk.code, 'SQLITE_FULL');
    assert.match(await (await fetch(`${studio.url}/metrics`)).text(), /homelab_storage_errors_total\{code="SQLITE_FULL"\} [1-9]/);
    rmSync(join(mnt, 'filler'));
    assert.equal((await post(99)).status, 202, 'stores again once space is freed');
    assert.equal((await fetch(`${studio.url}/readyz`)).status, 200);
  } finally {
    await studio.stop().catch(() => undefined);
    execFileSync('umount', [mnt]);
    rmSync(mnt, { recursive: true, force: true });
  }
});

test('a studio restarted on a full disk starts: it listens, /readyz is 503 with the disk code, POST /events 507, reads 503; freeing space opens it', { timeout: 120_000 }, async (t) => {
  const why = tmpfsUnavailable();
  if (why) {
    if (process.env.CI === 'true') assert.fail(why);
    t.skip(why);
    return;
  }
  const mnt = mkdtempSync(join(tmpdir(), 'studio-full-start-'));
  assert.equal(mountTmpfs(mnt, '8m'), undefined);
  const dataDir = join(mnt, 'data');
  const event = (id: string) => JSON.stringify({ specversion: '1.0', id, source: '/edge/pi-full', type: 'io.homelab.edge.reading', data: { readings: [{ node: 'pi-full', sensor: 's1', kind: 'temperature', unit: '°C', value: 21, ts: Date.now() - 1000 }] } });
  let studio = new StudioServer({ port: 0, host: '127.0.0.1', dataDir });
  try {
    await studio.start();
    const post = (id: string) => fetch(`${studio.url}/events`, { method: 'POST', headers: { 'content-type': 'application/cloudevents+json' }, body: event(id) });
    assert.equal((await post('before')).status, 202);
    await studio.stop();
    fillDisk(join(mnt, 'filler'));
    assert.throws(() => writeFileSync(join(mnt, 'probe'), 'x'), /ENOSPC/, 'the disk is really full');
    studio = new StudioServer({ port: 0, host: '127.0.0.1', dataDir });
    await studio.start(); // before: exited with ENOSPC writing its lock file
    const ready = await fetch(`${studio.url}/readyz`);
    assert.equal(ready.status, 503);
    const body = (await ready.json()) as { storage: string; disk?: { code: string } };
    assert.equal(body.storage, 'retrying');
    assert.match(body.disk?.code ?? '', /^(SQLITE_FULL|ENOSPC|SQLITE_IOERR)$/, `the disk state is reported: ${JSON.stringify(body)}`);
    const refused = await post('during');
    assert.equal(refused.status, 507);
    assert.equal(((await refused.json()) as { error: { reason: string } }).error.reason, 'insufficient_storage');
    assert.equal((await fetch(`${studio.url}/api/v1/nodes`)).status, 503, 'a read is told storage is not open yet');
    rmSync(join(mnt, 'filler'));
    const deadline = Date.now() + 20_000; // retried after 1, 2, 4 … s
    while ((await fetch(`${studio.url}/readyz`)).status !== 200 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    assert.equal((await fetch(`${studio.url}/readyz`)).status, 200, 'opens once space returns');
    assert.equal((await post('after')).status, 202);
    await studio.stop();
    const open = readdirSync('/proc/self/fd').map((fd) => { try { return readlinkSync(`/proc/self/fd/${fd}`); } catch { return ''; } }).filter((f) => f.startsWith(mnt));
    assert.deepEqual(open, [], 'the failed opens left no file open');
  } finally {
    await studio.stop().catch(() => undefined);
    unmount(mnt);
    rmSync(mnt, { recursive: true, force: true });
  }
});
