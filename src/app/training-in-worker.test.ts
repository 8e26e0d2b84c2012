import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SqliteStore } from '../studio/store/sqlite/sqlite-store.js';
import type { IngestItem } from '../studio/store/store.js';
import { StudioServer } from '../studio/server.js';
import type { ModelTrainer } from '../core/training.js';
import { simulatedRollups } from '../forge/sim-history.js';
import { forgeTrainer } from '../forge/trainer.js';
import { workerTrainer } from '../forge/train-in-worker.js';

const DAY = 86_400_000;

/** 14 days of one collector's 5-minute aggregates (one series: its fit is one stretch of arithmetic). */
function history(now: number): IngestItem[] {
  const sim = simulatedRollups('pi-node-2', 'dht22-temperature', now - 14 * DAY, now - 300_000, 5000);
  return sim.rollups.map((r) => ({
    event: { source: '/edge/pi-node-2', id: `agg-${r.ts}`, type: 'io.homelab.edge.aggregate', time: r.ts },
    aggregate: { node: 'pi-node-2', window_start: r.ts, window_end: r.ts + 300_000, series: [{ sensor: 'dht22-temperature', kind: 'temperature', unit: '°C', location: sim.location, count: r.count, min: r.min, max: r.max, mean: r.mean, last: r.mean }] },
  }));
}

/** Trains through the studio's API while asking `/healthz` one after another; the training's time, the answers and the slowest one. */
async function trainWhileProbing(trainer: ModelTrainer): Promise<{ trainMs: number; answers: number; slowestMs: number; status: number }> {
  const studio = new StudioServer({ port: 0, host: '127.0.0.1', dataDir: '', store: new SqliteStore(':memory:'), trainer });
  await studio.start();
  try {
    await studio.store.ingest(history(Date.now()));
    const started = performance.now();
    let ended: number | undefined;
    const training = fetch(`${studio.url}/api/v1/models`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ model_type: 'timeseries_forecast', target: 'temperature', range: '14d' }) })
      .then(async (r) => { await r.text(); ended = performance.now(); return { status: r.status, ms: ended - started }; });
    // Every probe asked while the training ran counts, the one it held back included (this client
    // shares the studio's process: a blocked thread holds both, and both resume together).
    const probes: { at: number; ms: number }[] = [];
    while (ended === undefined) {
      const at = performance.now();
      const r = await fetch(`${studio.url}/healthz`);
      await r.text();
      assert.equal(r.status, 200);
      probes.push({ at, ms: performance.now() - at });
    }
    const t = await training;
    const during = probes.filter((p) => p.at < ended!);
    const answers = during.length;
    const slowestMs = Math.max(0, ...during.map((p) => p.ms));
    return { trainMs: t.ms, answers, slowestMs, status: t.status };
  } finally {
    await studio.stop();
  }
}

test('a training runs on a worker thread: /healthz keeps answering throughout it (in-process, the same training holds it back)', { timeout: 180_000 }, async (t) => {
  const inWorker = await trainWhileProbing(workerTrainer());
  assert.equal(inWorker.status, 201);
  // Judged against the training's own length, not a fixed time: a loaded machine slows both alike.
  assert.ok(inWorker.answers >= 5, `answers during a ${inWorker.trainMs.toFixed(0)} ms training: ${inWorker.answers}`);
  assert.ok(inWorker.slowestMs < inWorker.trainMs / 4, `slowest /healthz ${inWorker.slowestMs.toFixed(0)} ms during a ${inWorker.trainMs.toFixed(0)} ms training`);
  // The control: the same probe sees the studio's thread blocked when the training runs on it.
  const inProcess = await trainWhileProbing(forgeTrainer());
  assert.equal(inProcess.status, 201);
  const say = (name: string, r: typeof inWorker) => `${name}: training ${r.trainMs.toFixed(0)} ms, ${r.answers} /healthz answers during it, slowest ${r.slowestMs.toFixed(0)} ms`;
  t.diagnostic(`${say('worker', inWorker)}; ${say('in-process', inProcess)}`);
  assert.ok(inProcess.slowestMs >= inProcess.trainMs / 4, `in-process: slowest /healthz ${inProcess.slowestMs.toFixed(0)} ms of a ${inProcess.trainMs.toFixed(0)} ms training`);
});
