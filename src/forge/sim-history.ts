import { gaussian, sampleValue, seededRandom, warehouseNodes, normalValue, type SimSensor } from '../edge/sources/simulator-model.js';
import { ROLLUP_MS, type Rollup } from './reconstruct.js';

/**
 * Rollups of simulated warehouse history, as the studio would hold them for a collector sampling
 * every `intervalMs` (count, mean, min, max per 5-minute window): for tests and benches of training.
 */
export function simulatedRollups(node: string, sensor: string, from: number, to: number, intervalMs: number, seed = 7): { sensor: SimSensor; location: string; rollups: Rollup[] } {
  const n = warehouseNodes().find((x) => x.node === node);
  const s = n?.sensors.find((x) => x.sensor === sensor);
  if (!n || !s) throw new Error(`no simulated sensor ${node}/${sensor}`);
  const rand = seededRandom(seed);
  const rollups: Rollup[] = [];
  for (let w = Math.floor(from / ROLLUP_MS) * ROLLUP_MS; w < to; w += ROLLUP_MS) {
    let count = 0, sum = 0, min = Infinity, max = -Infinity;
    for (let t = w; t < w + ROLLUP_MS; t += intervalMs) {
      const v = sampleValue(s, t, rand, 0);
      count++; sum += v; min = Math.min(min, v); max = Math.max(max, v);
    }
    rollups.push({ ts: w, count, mean: sum / count, min, max });
  }
  return { sensor: s, location: n.location, rollups };
}

export { gaussian, normalValue };
