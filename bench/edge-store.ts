import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { HOUR } from '../src/core/time.js';
import { LocalStore } from '../src/edge/store/local-store.js';
import { SimulatorSource } from '../src/edge/sources/simulator.js';
import { seededRandom, warehouseNodes, type SimNode } from '../src/edge/sources/simulator-model.js';

/** 200 series: the warehouse's three node shapes repeated (66 × 3 sensors + 2). */
function fleet(series: number): SimNode[] {
  const shapes = warehouseNodes();
  const nodes: SimNode[] = [];
  for (let i = 0, left = series; left > 0; i++, left -= 3) {
    const shape = shapes[i % shapes.length]!;
    nodes.push({ ...shape, node: `pi-node-${i + 1}`, sensors: shape.sensors.slice(0, Math.min(3, left)) });
  }
  return nodes;
}

interface Trial { bytesPerReading: number; bytesAfterClose: number; readings: number; appendFlushPerSec: number; seconds: number }

/**
 * Simulates `hours` of 1 Hz sampling for `series` series into a fresh store and measures the file.
 * `jitterMs` adds the few milliseconds a real timer drifts by, which costs timestamp bytes.
 */
function trial(series: number, hours: number, jitterMs: number): Trial {
  const dir = mkdtempSync(join(tmpdir(), 'edge-store-bench-'));
  const path = join(dir, 'readings.db');
  const start = Date.UTC(2026, 10, 1, 6);
  const store = new LocalStore({ path, flushEvery: 1e9, flushMs: 3_600_000, clock: () => start + hours * HOUR });
  store.open();
  const sim = new SimulatorSource({ nodes: fleet(series), intervalMs: 1000, healthIntervalMs: 60_000, seed: 7 });
  let busyNs = 0n;
  let readings = 0;
  const rand = seededRandom(99);
  for (let ts = start; ts < start + hours * HOUR; ts += 1000) {
    const batch = sim.sampleAt(ts).map((s) => ({
      ...s, unit: s.unit ?? '', ts: jitterMs ? ts + Math.floor(rand() * (jitterMs + 1)) : ts,
      severity: 'normal' as const, score: 0.05,
    }));
    const t0 = process.hrtime.bigint();
    for (const r of batch) store.append(r);
    readings += batch.length;
    // The store's own cadence would be 10 000 readings; flush here because this loop never yields.
    if (store.stats().buffered >= 10_000) store.flush();
    busyNs += process.hrtime.bigint() - t0;
  }
  const t0 = process.hrtime.bigint();
  store.flush();
  busyNs += process.hrtime.bigint() - t0;
  const stats = store.stats();
  store.close();
  const bytesAfterClose = statSync(path).size;
  rmSync(dir, { recursive: true, force: true });
  const seconds = Number(busyNs) / 1e9;
  return { bytesPerReading: stats.bytesPerReading, bytesAfterClose, readings, appendFlushPerSec: readings / seconds, seconds };
}

/**
 * Bytes on disk per raw reading and append+flush throughput for 200 series at 1 Hz and 0.1
 * resolution (the simulator's DHT22 and BMP280 models), with exact and jittered timestamps.
 * @example
 * const figures = await run(); // { bytesPerReading: 2.1, appendFlushPerSec: 900000, ... }
 */
export async function run(): Promise<Record<string, number | string>> {
  const hours = Number(process.env.EDGE_STORE_BENCH_HOURS ?? 3);
  const exact = trial(200, hours, 0);
  const jittered = trial(200, hours, 3);
  const round = (x: number, d = 2) => Number(x.toFixed(d));
  return {
    workload: `200 series × 1 Hz × ${hours} h, 0.1 resolution, flush every 10 000 readings`,
    readings: exact.readings,
    // Database + WAL while open (the WAL is a fixed ≤ ~4 MiB, so this falls as the file grows).
    bytesPerReading: round(exact.bytesPerReading),
    bytesPerReadingAfterClose: round(exact.bytesAfterClose / exact.readings),
    bytesPerReadingJitter3ms: round(jittered.bytesPerReading),
    bytesPerReadingJitter3msAfterClose: round(jittered.bytesAfterClose / jittered.readings),
    fileBytes: exact.bytesAfterClose,
    appendFlushPerSec: Math.round(exact.appendFlushPerSec),
    appendFlushPerSecJitter3ms: Math.round(jittered.appendFlushPerSec),
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  console.log(await run());
}
