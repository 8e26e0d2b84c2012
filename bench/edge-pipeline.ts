import { pathToFileURL } from 'node:url';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SimulatorSource } from '../src/edge/sources/simulator.js';
import { yesterdaysHvacIncident } from '../src/edge/sources/simulator-model.js';
import { Collector } from '../src/edge/collector.js';
import { Normaliser } from '../src/edge/normalise.js';
import { Router } from '../src/edge/route/router.js';
import { DEFAULT_SEVERITY } from '../src/edge/route/classify.js';
import { createEdgeParts } from '../src/edge/defaults.js';
import { edgeConfigFromEnv } from '../src/edge/config.js';
import type { WireEvent } from '../src/core/wire-event.js';
import type { Severity } from '../src/core/severity.js';

const DAY = 86_400_000;

/**
 * A realistic simulated day through the node's own pipeline (normalise → detect → classify →
 * local store → route): readings/s on one core, and bandwidth — bytes a raw stream would send
 * versus the bytes of the events the router emits — with an HVAC failure that must arrive.
 */
export async function run(): Promise<Record<string, number | string>> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-edge-'));
  const hz = Number(process.env.BENCH_EDGE_HZ ?? 0.2);
  const now = Date.now();
  const fault = yesterdaysHvacIncident(now);
  const config = { ...edgeConfigFromEnv({}, { warnings: [] }), node: 'pi-node-2', dataDir: dir };
  const parts = await createEdgeParts(config);
  const sent: { bytes: number; priority: Severity; type: string }[] = [];
  const router = new Router({ source: '/edge/pi-node-2', boot: 'bench', windowMs: 300_000, warningBatchMs: 300_000 }, {
    enqueue: (e: WireEvent, priority) => sent.push({ bytes: Buffer.byteLength(e.json), priority, type: e.type }),
  });
  const collector = new Collector({
    sources: [], normaliser: new Normaliser('bench', () => 'synced'), scorer: parts.scorer, severity: DEFAULT_SEVERITY,
    store: parts.store, router, forwarder: { start: () => {}, stop: async () => {} }, unhealthy: () => false, tickMs: 1000,
  });
  const sim = new SimulatorSource({ only: ['pi-node-2'], intervalMs: 1000 / hz, healthIntervalMs: 60_000, faults: [fault], seed: 11 });
  const start = fault.start - DAY / 2;
  const stepMs = 1000 / hz;
  // Samples are generated first: the figure is the node's pipeline, not the simulator.
  const batches: { ts: number; samples: ReturnType<typeof sim.sampleAt> }[] = [];
  for (let ts = start; ts < start + DAY; ts += stepMs) batches.push({ ts, samples: sim.sampleAt(ts) });
  let readings = 0;
  const t0 = process.hrtime.bigint();
  for (const { ts, samples } of batches) {
    collector.readings(samples);
    readings += samples.length;
    if (ts % 60_000 < stepMs) router.tick(ts);
  }
  router.flush();
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  const sentBytes = sent.reduce((a, s) => a + s.bytes, 0);
  const duringFault = collector.counters.bySeverity.critical;
  await parts.store.close();
  rmSync(dir, { recursive: true, force: true });
  return {
    'edge.pipeline.readings': readings,
    'edge.pipeline.readings_per_s': Math.round(readings / seconds),
    'edge.bandwidth.raw_bytes': router.counters.rawBytes,
    'edge.bandwidth.sent_bytes': sentBytes,
    'edge.bandwidth.reduction_x': Number((router.counters.rawBytes / sentBytes).toFixed(1)),
    'edge.bandwidth.events': sent.length,
    'edge.readings.critical': duringFault,
    'edge.readings.warning': collector.counters.bySeverity.warning,
    'edge.events.critical_sent': sent.filter((s) => s.priority === 'critical').length,
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  console.table(await run());
}
