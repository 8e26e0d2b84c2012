import { pathToFileURL } from 'node:url';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { SimulatorSource } from '../src/edge/sources/simulator.js';
import { yesterdaysHvacIncident } from '../src/edge/sources/simulator-model.js';
import { Collector } from '../src/edge/collector.js';
import { Normaliser } from '../src/edge/normalise.js';
import { Router } from '../src/edge/route/router.js';
import { DEFAULT_SEVERITY } from '../src/edge/route/classify.js';
import { createEdgeParts } from '../src/edge/defaults.js';
import { edgeConfigFromEnv } from '../src/edge/config.js';
import { Outbox } from '../src/edge/outbox/outbox.js';
import { createIntake } from '../src/edge/intake/index.js';
import type { Sample } from '../src/edge/sources/source.js';

const DAY = 86_400_000;

type Mode = 'group' | 'per-batch' | 'no-fsync' | 'memory';

/**
 * A realistic simulated day through the node's own pipeline (normalise → detect → classify →
 * route → intake commit → local store and outbox): readings/s on one core, and bandwidth — bytes
 * a raw stream would send versus the bytes of the events the router emits — with an HVAC failure
 * that must arrive. The day runs three times in one process: with group commit (the collector's
 * way: one fsync per GROUP_COMMIT_MS or 5000 readings), without it (one commit and fsync per
 * source batch), with fsync off, and with the outbox and journal in memory (`memory`: no disk
 * at all, the pipeline's own cost — the baseline durability is measured against).
 * `readings_per_cpu_s` divides by the process's CPU time (user + system) instead of wall time:
 * readings per core, less bent by other processes on a shared machine than readings/s.
 */
export async function run(): Promise<Record<string, number | string>> {
  const hz = Number(process.env.BENCH_EDGE_HZ ?? 0.2);
  const now = Date.now();
  const fault = yesterdaysHvacIncident(now);
  const sim = new SimulatorSource({ only: ['pi-node-2'], intervalMs: 1000 / hz, healthIntervalMs: 60_000, faults: [fault], seed: 11 });
  const start = fault.start - DAY / 2;
  const stepMs = 1000 / hz;
  // Samples are generated first: the figure is the node's pipeline, not the simulator.
  const batches: { ts: number; samples: ReturnType<typeof sim.sampleAt> }[] = [];
  for (let ts = start; ts < start + DAY; ts += stepMs) batches.push({ ts, samples: sim.sampleAt(ts) });
  const out: Record<string, number | string> = {};
  // Untimed warm-up, so the first mode measured does not also pay for the JIT compiling the pipeline.
  await day('memory', batches, stepMs);
  const modes = (process.env.BENCH_EDGE_MODES ?? 'group,per-batch,no-fsync,memory').split(',') as Mode[];
  for (const mode of modes) {
    const r = await day(mode, batches, stepMs);
    out[`edge.pipeline.readings_per_s.${mode}`] = r.perSecond;
    out[`edge.pipeline.readings_per_cpu_s.${mode}`] = r.perCpuSecond;
    out[`edge.pipeline.commits.${mode}`] = r.commits;
    if (mode === 'group') Object.assign(out, r.figures);
  }
  out['edge.pipeline.readings_per_s'] = out['edge.pipeline.readings_per_s.group']!;
  if (out['edge.pipeline.readings_per_cpu_s.memory'] && out['edge.pipeline.readings_per_cpu_s.group']) {
    out['edge.pipeline.durable_cost_x'] = Number((Number(out['edge.pipeline.readings_per_cpu_s.memory']) / Number(out['edge.pipeline.readings_per_cpu_s.group'])).toFixed(2));
  }
  out['edge.pipeline.load_average_1m'] = Number(loadavg()[0]!.toFixed(2));
  return out;
}

async function day(mode: Mode, batches: { ts: number; samples: Sample[] }[], stepMs: number) {
  const dir = mkdtempSync(join(tmpdir(), 'bench-edge-'));
  const config = { ...edgeConfigFromEnv({}, { warnings: [] }), node: 'pi-node-2', dataDir: dir };
  const parts = await createEdgeParts(config);
  const outbox = new Outbox({ path: mode === 'memory' ? ':memory:' : join(dir, 'outbox.db'), maxBytes: 1 << 30, maxEvents: 10_000_000 });
  outbox.open();
  if (mode === 'no-fsync') outbox.database().pragma('synchronous = OFF');
  const intake = createIntake(outbox, { dataDir: dir, node: 'pi-node-2', groupCommitMs: 2, diskReserveBytes: 0, maxGroupReadings: mode === 'per-batch' ? 1 : 5000 });
  const router = new Router({ source: '/edge/pi-node-2', boot: 'bench', windowMs: 300_000, warningBatchMs: 300_000 }, intake);
  const collector = new Collector({
    sources: [], normaliser: new Normaliser('bench', () => 'synced'), scorer: parts.scorer, severity: DEFAULT_SEVERITY,
    store: parts.store, router, intake, forwarder: { start: () => {}, stop: async () => {} }, unhealthy: () => false, tickMs: 1000,
  });
  intake.open(collector, parts.store);
  let readings = 0;
  let last: Promise<void> = Promise.resolve();
  const t0 = process.hrtime.bigint();
  const cpu0 = process.cpuUsage();
  for (const { ts, samples } of batches) {
    // Not awaited one by one: many sources feed a busy collector at once; each batch is
    // acknowledged when its commit lands (at 5000 readings or after GROUP_COMMIT_MS).
    last = collector.readings(samples);
    readings += samples.length;
    if (ts % 60_000 < stepMs) router.tick(ts);
  }
  router.flush();
  intake.commit();
  await last;
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  const cpu = process.cpuUsage(cpu0);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  const sent = outbox.database().prepare('SELECT bytes, priority FROM outbox').all() as { bytes: number; priority: number }[];
  const sentBytes = sent.reduce((a, s) => a + s.bytes, 0);
  const figures = {
    'edge.pipeline.readings': readings,
    'edge.bandwidth.raw_bytes': router.counters.rawBytes,
    'edge.bandwidth.sent_bytes': sentBytes,
    'edge.bandwidth.reduction_x': Number((router.counters.rawBytes / sentBytes).toFixed(1)),
    'edge.bandwidth.events': sent.length,
    'edge.readings.critical': collector.counters.bySeverity.critical,
    'edge.readings.warning': collector.counters.bySeverity.warning,
    'edge.events.critical_sent': sent.filter((s) => s.priority === 2).length,
  };
  const commits = intake.counters.commits;
  intake.close();
  await parts.store.close();
  outbox.close();
  rmSync(dir, { recursive: true, force: true });
  return { perSecond: Math.round(readings / seconds), perCpuSecond: Math.round(readings / cpuSeconds), commits, figures };
}
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  console.table(await run());
}
