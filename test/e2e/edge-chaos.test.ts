import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ChaosProcess, edgeArgs, startPusher, studioAnomalies, studioArgs, studioCounts } from './chaos-harness.js';
import { freePort, tempDir } from './helpers.js';

const NODE = 'chaos-node';
const SENSORS = ['t1', 't2', 't3'];
const EDGE_KILLS = 5;
const ENV = { AGGREGATE_WINDOW: '2', WARNING_BATCH_INTERVAL: '2', REAL_HEALTH: '0', RATE_LIMIT: '100000', GROUP_COMMIT_MS: '2' };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** A seeded generator: the kill moments are random but the same in every run. */
function rng(seed: number): () => number {
  return () => { seed = (seed * 1103515245 + 12345) % 2 ** 31; return seed / 2 ** 31; };
}

test(`chaos: ${EDGE_KILLS} SIGKILLs of the collector and one of the studio while /push flows with keyed retries; every reading sent is at the studio exactly once`, { timeout: 120_000 }, async () => {
  const dir = tempDir('edge-chaos-');
  const [sp, ep] = [await freePort(), await freePort()];
  const studio = new ChaosProcess(studioArgs(sp, dir), ENV, sp);
  const edge = new ChaosProcess(edgeArgs(ep, sp, dir, NODE), ENV, ep);
  const random = rng(20261201);
  studio.start();
  edge.start();
  try {
    await Promise.all([studio.ready(), edge.ready()]);
    const pusher = startPusher(() => ep, SENSORS, 30, 8, true);
    await sleep(3000);
    for (let i = 0; i < EDGE_KILLS; i++) {
      await sleep(600 + random() * 1800);
      await edge.kill('SIGKILL');
      await sleep(random() * 300);
      edge.start();
      // The studio too, once, while the collector's outbox still holds what it had not sent.
      if (i === 2) { await studio.kill('SIGKILL'); await sleep(500); studio.start(); await studio.ready(); }
      await edge.ready();
    }
    await sleep(1500);
    await pusher.stop();
    const { acked, unknown } = pusher.tally;
    const expected = Object.values(acked).reduce((a, b) => a + b, 0);
    assert.ok(expected > 300, `readings flowed: ${expected} acknowledged`);
    // Drain: windows close after 2 s, the outbox delivers (the forwarder may be backing off after the studio's death).
    let counts: Record<string, number> = {};
    const end = Date.now() + 40_000;
    while (Date.now() < end) {
      counts = await studioCounts(sp, NODE).catch(() => ({}));
      if (SENSORS.every((s) => (counts[s] ?? 0) >= (acked[s] ?? 0))) break;
      await sleep(1000);
    }
    await sleep(3000); // anything re-sent late would show up now as a duplicate
    counts = await studioCounts(sp, NODE);
    const anomalies = await studioAnomalies(sp, NODE);
    const report = SENSORS.map((s) => `${s}: acknowledged ${acked[s] ?? 0}, unknown outcome ${unknown[s] ?? 0}, studio ${counts[s] ?? 0}`).join('; ');
    console.log(`[chaos] ${EDGE_KILLS} collector kills, 1 studio kill: ${report}; ${pusher.tally.retries} retries, ${pusher.tally.replays} answered as replays; anomalies at the studio ${anomalies.length}`);
    // Every request was retried with its key until answered: no outcome is unknown, and the
    // studio must hold exactly what was acknowledged — a batch committed before a kill and sent
    // again is answered from its key, not taken twice.
    assert.deepEqual(unknown, {}, `every request answered in the end (${report})`);
    for (const s of SENSORS) {
      assert.ok((counts[s] ?? 0) >= (acked[s] ?? 0), `${s}: lost ${(acked[s] ?? 0) - (counts[s] ?? 0)} acknowledged readings (${report})`);
      assert.equal(counts[s] ?? 0, acked[s] ?? 0, `${s}: duplicated ${(counts[s] ?? 0) - (acked[s] ?? 0)} (${report})`);
    }
    // By identity: every anomaly is one reading the pusher sent, and none arrived twice.
    assert.equal(new Set(anomalies).size, anomalies.length, `no anomaly twice: ${anomalies.length} with ${new Set(anomalies).size} distinct readings`);
    for (const a of anomalies) assert.ok(pusher.tally.sent.has(a), `anomaly ${a} is a reading that was pushed`);
    assert.ok(anomalies.length > 0, 'some spikes became anomalies, so identities were checked');
  } finally {
    await edge.kill('SIGKILL');
    await studio.kill('SIGKILL');
  }
});
