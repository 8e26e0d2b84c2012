import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Collector } from '../collector.js';
import { Normaliser } from '../normalise.js';
import { Outbox } from '../outbox/outbox.js';
import { DEFAULT_SEVERITY } from '../route/classify.js';
import { Router } from '../route/router.js';
import { LocalStore } from '../store/index.js';
import { createIntake, DiskFullError } from './index.js';
import { fillDisk, mountTmpfs, tmpfsUnavailable, unmount } from '../../../test/support/tmpfs.js';

// A real full disk (a tmpfs filled to ENOSPC), not a trigger that fakes SQLITE_FULL: what matters is
// which commit the kernel refuses and what the reserve's room buys.
const noTmpfs = tmpfsUnavailable();
const RESERVE = 256 * 1024;

/** A collector over `dir` whose sensor `alarm` always scores critical. */
function node(dir: string) {
  const outbox = new Outbox({ path: join(dir, 'outbox.db'), maxBytes: 1 << 26, maxEvents: 100_000 });
  const store = new LocalStore({ path: join(dir, 'local.db'), flushEvery: 1_000_000, flushMs: 3_600_000 });
  store.open();
  const intake = createIntake(outbox, { dataDir: dir, node: 'pi', groupCommitMs: 1, diskReserveBytes: RESERVE });
  const router = new Router({ source: '/edge/pi', boot: 'b', windowMs: 60_000, warningBatchMs: 60_000 }, intake);
  const collector = new Collector({
    sources: [], normaliser: new Normaliser('b', () => 'synced'), scorer: { score: (key) => ({ score: key.endsWith('/alarm') ? 1 : 0, reason: 'test' }) }, severity: DEFAULT_SEVERITY,
    store, router, intake, forwarder: { start: () => outbox.open(), stop: async () => outbox.close() }, unhealthy: () => false, tickMs: 3_600_000,
  });
  return { intake, collector };
}
let ts = Date.now() - 3_600_000;
const batch = (n: number, critical = false) => Array.from({ length: n }, (_, i) => ({ node: 'pi', sensor: critical && i === 0 ? 'alarm' : 't', kind: 'temperature', unit: '°C', value: 20 + (i % 7) / 10, ts: ts++ }));

async function onFullDisk(t: { skip(m: string): void }, body: (n: ReturnType<typeof node>) => Promise<void>): Promise<void> {
  if (noTmpfs) {
    if (process.env.CI === 'true') assert.fail(`the full-disk intake tests must run under CI=true (run them as root): ${noTmpfs}`);
    t.skip(noTmpfs);
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), 'intake-full-'));
  assert.equal(mountTmpfs(dir, '4m'), undefined);
  const n = node(dir);
  try {
    await n.collector.start();
    await n.collector.readings(batch(10));
    fillDisk(join(dir, 'filler'));
    assert.throws(() => writeFileSync(join(dir, 'probe'), 'x'), /ENOSPC/, 'the disk is really full (the reserve still set aside)');
    await body(n);
  } finally {
    await n.collector.stop().catch(() => undefined);
    unmount(dir);
    rmSync(dir, { recursive: true, force: true });
  }
}

test('the first commit the full disk refuses is counted like every later refusal, reading by reading', { timeout: 60_000 }, (t) => onFullDisk(t, async (n) => {
  let accepted = 0;
  let refusals = 0;
  for (let i = 0; i < 200 && refusals < 3; i++) {
    try {
      await n.collector.readings(batch(200));
      accepted += 200;
    } catch (err) {
      assert.ok(err instanceof DiskFullError, String(err));
      refusals++;
      assert.equal(n.collector.counters.refused.normal, refusals * 200, `refusal ${refusals}: every refused reading counted (the first one, a failed commit, too)`);
      assert.equal(n.intake.guard.counters.refused.normal, refusals * 200);
    }
  }
  assert.equal(refusals, 3, `the disk refused (after ${accepted} readings taken)`);
  assert.equal(n.intake.guard.counters.reserveReleases, 0, 'normal readings never take the reserve');
}));

test('a batch with a critical reading gets the reserve\'s room on the very commit the disk refuses; refused only once the reserve is gone too', { timeout: 60_000 }, (t) => onFullDisk(t, async (n) => {
  let accepted = 0;
  let refused: { releases: number } | undefined;
  let normalAfterRelease: unknown;
  for (let i = 0; i < 500 && !refused; i++) {
    const releases = n.intake.guard.counters.reserveReleases;
    try {
      await n.collector.readings(batch(200, true));
      accepted++;
      if (n.intake.guard.counters.reserveReleases === 1) {
        // The reserve's room is now free space: no normal batch may take it, after any critical commit.
        const outcome = await n.collector.readings(batch(50)).then(() => 'accepted', (err: unknown) => err);
        if (!(outcome instanceof DiskFullError) || normalAfterRelease === undefined) normalAfterRelease = outcome;
      }
    } catch (err) {
      assert.ok(err instanceof DiskFullError, String(err));
      refused = { releases };
    }
  }
  assert.equal(n.intake.guard.counters.reserveReleases, 1, 'the disk filled and the reserve was given up');
  assert.ok(refused, `the reserve's room ran out too (${accepted} critical batches taken)`);
  assert.equal(refused.releases, 1, 'no critical batch was refused while the reserve still existed');
  assert.ok(normalAfterRelease instanceof DiskFullError, `a normal batch right after the reserve was given up is refused (got ${String(normalAfterRelease)})`);
  assert.ok(n.intake.guard.full(), 'the disk stays full for normal readings');
  assert.ok(accepted >= 2, `critical batches after the first went on into the reserve's room (${accepted})`);
  assert.equal(n.collector.counters.refused.critical, 200, 'the refused batch is counted under its worst severity');
  // Normal readings now wait for space: the room the reserve gave is not theirs.
  await assert.rejects(n.collector.readings(batch(50)), DiskFullError);
  n.intake.guard.probe();
  await assert.rejects(n.collector.readings(batch(50)), DiskFullError, 'no trial for normal readings while the reserve is not whole');
}));
