import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ChaosProcess, edgeArgs, http, startPusher, studioArgs, studioCounts } from './chaos-harness.js';
import { freePort, tempDir } from './helpers.js';

const NODE = 'outage-node';
const SENSORS = ['a', 'b'];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * What the other chaos test does not try: the collector killed three times while the studio is
 * away, so every acknowledged reading sits in the outbox or in open windows on disk at each kill,
 * with a long group-commit delay (GROUP_COMMIT_MS=40) so that kills land while readings wait for
 * their commit. Then the studio comes back and the backlog drains: each acknowledged reading once.
 */
test('kills during a studio outage, with the outbox backing up and commits in flight: the backlog arrives once', { timeout: 120_000 }, async () => {
  const dir = tempDir('edge-outage-');
  const [sp, ep] = [await freePort(), await freePort()];
  const env = { AGGREGATE_WINDOW: '1', WARNING_BATCH_INTERVAL: '1', REAL_HEALTH: '0', RATE_LIMIT: '100000', GROUP_COMMIT_MS: '40' };
  const studio = new ChaosProcess(studioArgs(sp, dir), env, sp);
  const edge = new ChaosProcess(edgeArgs(ep, sp, dir, NODE), env, ep);
  edge.start();
  try {
    await edge.ready();
    const pusher = startPusher(() => ep, SENSORS, 20, 5);
    const ackedNow = () => Math.min(...SENSORS.map((s) => pusher.tally.acked[s] ?? 0));
    for (let i = 0; i < 3; i++) {
      // Kill once the collector has taken more since it came back (however slow start-up is under load).
      const target = ackedNow() + 60;
      for (const end = Date.now() + 20_000; ackedNow() < target && Date.now() < end;) await sleep(50);
      await sleep(i * 300);
      // Before the kill the outbox holds what the studio could not take.
      const depth = JSON.parse((await http('GET', ep, '/healthz')).body) as { outboxDepth: number };
      assert.ok(i === 0 || depth.outboxDepth > 0, `the outbox backs up during the outage (depth ${depth.outboxDepth})`);
      await edge.kill('SIGKILL');
      edge.start();
      await edge.ready();
    }
    await sleep(1500);
    await pusher.stop();
    const { acked, unknown } = pusher.tally;
    assert.ok(SENSORS.every((s) => (acked[s] ?? 0) > 100), `readings flowed: ${JSON.stringify(acked)}`);
    studio.start();
    await studio.ready();
    let counts: Record<string, number> = {};
    for (let end = Date.now() + 60_000; Date.now() < end; await sleep(1000)) {
      counts = await studioCounts(sp, NODE).catch(() => ({}));
      if (SENSORS.every((s) => (counts[s] ?? 0) >= (acked[s] ?? 0))) break;
    }
    await sleep(2500);
    counts = await studioCounts(sp, NODE);
    const report = SENSORS.map((s) => `${s}: acknowledged ${acked[s] ?? 0}, unknown outcome ${unknown[s] ?? 0}, studio ${counts[s] ?? 0}`).join('; ');
    console.log(`[outage chaos] 3 collector kills during a studio outage: ${report}`);
    for (const s of SENSORS) {
      assert.ok((counts[s] ?? 0) >= (acked[s] ?? 0), `${s}: lost acknowledged readings (${report})`);
      assert.ok((counts[s] ?? 0) <= (acked[s] ?? 0) + (unknown[s] ?? 0), `${s}: duplicated (${report})`);
    }
  } finally {
    await edge.kill('SIGKILL');
    await studio.kill('SIGKILL');
  }
});
