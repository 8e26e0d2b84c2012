import { pathToFileURL } from 'node:url';
import { createDetector } from '../src/edge/detect/index.js';
import { SimulatorSource } from '../src/edge/sources/simulator.js';

const SERIES = 200;
const MEMORY_SERIES = 1000;
const PER_SERIES = 2000;
/** 15-minute steps: 2000 readings span 21 days, so the daily and weekly profiles are in use. */
const STEP_MS = 15 * 60_000;

/** Simulated warehouse readings (temperature, humidity, pressure per node), as `[kind, value]` rows per step. */
function readings(): { kinds: string[]; values: Float64Array; width: number } {
  const sim = new SimulatorSource({ intervalMs: STEP_MS, healthIntervalMs: 86_400_000, seed: 5 });
  const t0 = Date.UTC(2024, 0, 1);
  const first = sim.sampleAt(t0);
  const width = first.length;
  const values = new Float64Array(PER_SERIES * width);
  for (let i = 0; i < PER_SERIES; i++) {
    const row = i === 0 ? first : sim.sampleAt(t0 + i * STEP_MS);
    for (let k = 0; k < width; k++) values[i * width + k] = row[k]?.value ?? Number.NaN;
  }
  return { kinds: first.map((s) => s.kind), values, width };
}

/**
 * Detector cost on one core: readings/s, p50/p99 latency of one `score()` call over 200 series
 * of simulated sensor data (each series replays one simulated sensor), and retained heap per
 * series, typed-array buffers included (run with `--expose-gc` for a clean figure).
 * @example
 * await run() // { 'detect.readings_per_s': 1.8e6, 'detect.p99_us': 2.4, … }
 */
export async function run(): Promise<Record<string, number | string>> {
  const { kinds, values, width } = readings();
  const t0 = Date.UTC(2024, 0, 1);
  const keys = Array.from({ length: SERIES }, (_, k) => `pi-node-${k % 10}/s${k}`);
  const kindOf = (k: number) => kinds[k % width]!;
  const valueAt = (i: number, k: number) => values[i * width + (k % width)]! + (k % 7) * 0.01;

  // Memory first, while no other detector exists: one collected before `after` but alive at
  // `before` would make the difference meaningless (it read 0 when measured last).
  // Heap plus typed-array buffers (kept off the JS heap) retained by 200 learned series.
  // Over MEMORY_SERIES series (1000): with 200 the figure moved by ±800 B between runs.
  const memKeys = Array.from({ length: MEMORY_SERIES }, (_, k) => `pi-node-${k % 10}/s${k}`);
  global.gc?.();
  const mem = () => { const m = process.memoryUsage(); return m.heapUsed + m.arrayBuffers; };
  const before = mem();
  const kept = createDetector();
  for (let i = 0; i < PER_SERIES; i++) for (let k = 0; k < MEMORY_SERIES; k++) kept.score(memKeys[k]!, t0 + i * STEP_MS, valueAt(i, k), kindOf(k));
  global.gc?.();
  const after = mem();

  // Throughput: the plain loop, no timers around each call.
  const warm = createDetector();
  for (let i = 0; i < 200; i++) for (let k = 0; k < SERIES; k++) warm.score(keys[k]!, t0 + i * STEP_MS, valueAt(i, k), kindOf(k));
  const d = createDetector();
  const start = process.hrtime.bigint();
  for (let i = 0; i < PER_SERIES; i++) for (let k = 0; k < SERIES; k++) d.score(keys[k]!, t0 + i * STEP_MS, valueAt(i, k), kindOf(k));
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;

  // Latency: each call timed (the timer itself adds ~0.1 µs), sorted for percentiles.
  const timed = createDetector();
  const lat = new Float64Array(SERIES * PER_SERIES);
  let j = 0;
  for (let i = 0; i < PER_SERIES; i++) {
    for (let k = 0; k < SERIES; k++) {
      const a = process.hrtime.bigint();
      timed.score(keys[k]!, t0 + i * STEP_MS, valueAt(i, k), kindOf(k));
      lat[j++] = Number(process.hrtime.bigint() - a);
    }
  }
  lat.sort();


  return {
    'detect.series': SERIES,
    'detect.readings': SERIES * PER_SERIES,
    'detect.readings_per_s': Math.round((SERIES * PER_SERIES) / seconds),
    'detect.p50_us': Number((lat[Math.floor(lat.length * 0.5)]! / 1000).toFixed(2)),
    'detect.p99_us': Number((lat[Math.floor(lat.length * 0.99)]! / 1000).toFixed(2)),
    'detect.p999_us': Number((lat[Math.floor(lat.length * 0.999)]! / 1000).toFixed(2)),
    'detect.bytes_per_series': Math.round(Math.max(0, after - before) / kept.seriesCount),
    'detect.gc_exposed': global.gc ? 'yes' : 'no (run with --expose-gc)',
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  console.table(await run());
}
