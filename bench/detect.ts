import { pathToFileURL } from 'node:url';
import { createDetector } from '../src/edge/detect/index.js';
import { SimulatorSource } from '../src/edge/sources/simulator.js';

/** Detector cost: readings/s on one core, p50/p99 per reading over 200 series, heap per series. */
export async function run(): Promise<Record<string, number | string>> {
  const series = 200;
  const perSeries = 2000;
  const sim = new SimulatorSource({ intervalMs: 1000, healthIntervalMs: 60_000, seed: 5 });
  const t0 = Date.now() - perSeries * 1000;
  const values: number[] = [];
  for (let i = 0; i < perSeries; i++) for (const s of sim.sampleAt(t0 + i * 1000)) values.push(s.value);
  global.gc?.();
  const heapBefore = process.memoryUsage().heapUsed;
  const d = createDetector();
  const keys = Array.from({ length: series }, (_, k) => `pi-node-${k % 10}/s${k}`);
  const lat = new Float64Array(series * perSeries);
  let j = 0;
  const start = process.hrtime.bigint();
  for (let i = 0; i < perSeries; i++) {
    const ts = t0 + i * 1000;
    for (let k = 0; k < series; k++) {
      const a = process.hrtime.bigint();
      d.score(keys[k]!, ts, values[(i * 9 + (k % 9)) % values.length]!, 'temperature');
      lat[j++] = Number(process.hrtime.bigint() - a);
    }
  }
  const total = Number(process.hrtime.bigint() - start) / 1e9;
  const heapAfter = process.memoryUsage().heapUsed;
  lat.sort();
  // Throughput without the timer calls around each reading.
  const d2 = createDetector();
  const t1 = process.hrtime.bigint();
  for (let i = 0; i < perSeries; i++) for (let k = 0; k < series; k++) d2.score(keys[k]!, t0 + i * 1000, values[(i * 9 + (k % 9)) % values.length]!, 'temperature');
  const plain = Number(process.hrtime.bigint() - t1) / 1e9;
  return {
    'detect.readings_per_s': Math.round((series * perSeries) / plain),
    'detect.p50_us': Number((lat[Math.floor(lat.length * 0.5)]! / 1000).toFixed(2)),
    'detect.p99_us': Number((lat[Math.floor(lat.length * 0.99)]! / 1000).toFixed(2)),
    'detect.with_timers_s': Number(total.toFixed(2)),
    'detect.heap_bytes_per_series': Math.round(Math.max(0, heapAfter - heapBefore) / series),
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  console.table(await run());
}
