import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { StudioServer, retentionFromEnv } from './server.js';
import { SqliteStore } from './store/sqlite/sqlite-store.js';

/** A real SQLite store whose open() waits for `gate` (a slow disk, a PostgreSQL far away) or fails `failures` times. */
class SlowStore extends SqliteStore {
  constructor(path: string, private readonly gate: Promise<void>, private failures = 0) { super(path); }
  override async open(): Promise<void> {
    await this.gate;
    if (this.failures-- > 0) throw new Error('ECONNREFUSED 127.0.0.1:5432');
    return super.open();
  }
}

test('the studio listens before storage opens: probes answer at once, requests wait for the open', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'studio-lazy-'));
  let release!: () => void;
  const studio = new StudioServer({ port: 0, host: '127.0.0.1', dataDir: dir, store: new SlowStore(':memory:', new Promise((r) => { release = r; })) });
  const started = studio.start();
  try {
    while (studio.port === 0) await new Promise((r) => setTimeout(r, 5));
    assert.equal((await fetch(`${studio.url}/healthz`)).status, 200);
    const ready = await fetch(`${studio.url}/readyz`);
    assert.equal(ready.status, 200);
    assert.equal(((await ready.json()) as { storage: string }).storage, 'opening');
    let answered = false;
    const query = fetch(`${studio.url}/api/v1/nodes`).then((r) => { answered = true; return r; });
    await new Promise((r) => setTimeout(r, 50));
    assert.equal(answered, false, 'a data request must wait for storage, not fail');
    release();
    assert.equal((await query).status, 200);
    await started;
    assert.equal(((await (await fetch(`${studio.url}/readyz`)).json()) as { storage: string }).storage, 'open');
  } finally {
    await studio.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('storage that is down at start: not ready with the reason, data requests get a 503, then it recovers', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'studio-lazy-'));
  const studio = new StudioServer({ port: 0, host: '127.0.0.1', dataDir: dir, store: new SlowStore(':memory:', Promise.resolve(), 1) });
  const warn = console.warn;
  console.warn = () => {};
  try {
    await studio.start();
    const ready = await fetch(`${studio.url}/readyz`);
    assert.equal(ready.status, 503);
    assert.match(((await ready.json()) as { reason: string }).reason, /ECONNREFUSED/);
    const res = await fetch(`${studio.url}/api/v1/nodes`);
    assert.equal(res.status, 503);
    assert.match(((await res.json()) as { error: { message: string } }).error.message, /storage is not available yet \(ECONNREFUSED/);
    const deadline = Date.now() + 5000; // first retry after 1 s
    while ((await fetch(`${studio.url}/readyz`)).status !== 200 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    assert.equal((await fetch(`${studio.url}/api/v1/nodes`)).status, 200);
  } finally {
    console.warn = warn;
    await studio.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('retention from the environment: days to ms, bad values reported and left at the default', () => {
  const report = { warnings: [] as string[] };
  assert.deepEqual(retentionFromEnv({ RETENTION_RAW_DAYS: '7', RETENTION_RESOLVED_ALERTS_DAYS: '90' }, report), { rawMs: 7 * 86_400_000, resolvedAlertsMs: 90 * 86_400_000 });
  assert.deepEqual(report.warnings, []);
  assert.equal(retentionFromEnv({}, report), undefined);
  assert.deepEqual(retentionFromEnv({ RETENTION_RAW_DAYS: 'a week', RETENTION_ROLLUP_DAYS: '0' }, report), { rawMs: 30 * 86_400_000, rollupMs: 365 * 86_400_000 });
  assert.equal(report.warnings.length, 2);
  assert.match(report.warnings[0]!, /RETENTION_RAW_DAYS="a week" is not a number in \[1, 36500\]; using 30/);
});
