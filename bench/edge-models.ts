import { pathToFileURL } from 'node:url';
import { loadavg } from 'node:os';
import { simulatedRollups } from '../src/forge/sim-history.js';
import { train } from '../src/forge/trainer.js';
import { SimulatorSource } from '../src/edge/sources/simulator.js';
import { createDetector, type Detector } from '../src/edge/detect/index.js';
import { classify, DEFAULT_SEVERITY } from '../src/edge/route/classify.js';
import type { ModelArtifact } from '../src/core/model-artifact.js';

const DAY = 86_400_000;
const NODE = 'pi-node-2';
const SENSORS = ['dht22-temperature', 'dht22-humidity', 'bmp280-pressure'];

/**
 * A new collector given a model trained on the studio's history: critical readings (the node's
 * classifier over its detector's scores, as the pipeline counts them) on a normal simulated day of
 * pi-node-2 (3 sensors at 0.2 Hz, the edge-pipeline bench's rate) without the model (a cold
 * detector, as every collector started before), with it, and — the reference — a detector that
 * watched the same `BENCH_MODEL_DAYS` (14) of raw readings itself. Then the same for a day with
 * the HVAC failure (it must still be caught). The history is the studio's view of it: 5-minute
 * rollups (count, mean, min, max), what collectors send for normal data.
 */
export async function run(): Promise<Record<string, number | string>> {
  const days = Number(process.env.BENCH_MODEL_DAYS ?? 14);
  const intervalMs = 5000;
  const dayStart = Math.floor(Date.now() / DAY) * DAY - DAY;
  const from = dayStart - days * DAY;
  const sims = SENSORS.map((s) => ({ s, ...simulatedRollups(NODE, s, from, dayStart, intervalMs) }));
  const data = {
    series: async () => sims.map((x) => ({ node: NODE, sensor: x.s, kind: x.sensor.kind, unit: x.sensor.unit, location: x.location })),
    rollups: async (ref: { sensor: string }) => sims.find((x) => x.s === ref.sensor)!.rollups,
  };
  const t0 = performance.now();
  const artifacts: ModelArtifact[] = [];
  for (const kind of ['temperature', 'humidity', 'pressure']) artifacts.push(await train(data, { model_type: 'detector_baseline', target: kind, from, to: dayStart }, 1));
  const trainMs = performance.now() - t0;
  const mature = createDetector();
  const history = new SimulatorSource({ only: [NODE], intervalMs, healthIntervalMs: 60_000, seed: 3 });
  for (let ts = from; ts < dayStart; ts += intervalMs) for (const s of history.sampleAt(ts)) mature.score(`${NODE}/${s.sensor}`, ts, s.value);
  const out: Record<string, number | string> = { 'edge.models.history_days': days, 'edge.models.train_ms_per_series': Math.round(trainMs / SENSORS.length), 'edge.models.artifact_bytes_per_series': Math.round(JSON.stringify(artifacts).length / SENSORS.length) };
  for (const faulty of [false, true]) {
    const sim = new SimulatorSource({ only: [NODE], intervalMs, healthIntervalMs: 60_000, seed: 11, faults: faulty ? [{ type: 'hvac-failure', location: 'warehouse-b', start: dayStart + 14.4 * 3_600_000, durationMs: 40 * 60_000, deltaC: 6 }] : [] });
    const warm = createDetector();
    for (const a of artifacts) for (const s of a.series) warm.restore(`${s.node}/${s.sensor}`, s.baseline as never);
    const detectors: [string, Detector][] = [['cold', createDetector()], ['with_model', warm], ['watched_history', mature]];
    const critical = Object.fromEntries(detectors.map(([n]) => [n, 0])) as Record<string, number>;
    for (let ts = dayStart; ts < dayStart + DAY; ts += intervalMs) {
      for (const s of sim.sampleAt(ts)) {
        for (const [n, d] of detectors) if (classify(d, DEFAULT_SEVERITY, `${NODE}/${s.sensor}`, ts, s.value, s.kind).severity === 'critical') critical[n]!++;
      }
    }
    for (const [n, c] of Object.entries(critical)) out[`edge.models.${faulty ? 'hvac_day' : 'normal_day'}.critical.${n}`] = c;
  }
  out['edge.models.load_average_1m'] = Number(loadavg()[0]!.toFixed(2));
  return out;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  console.table(await run());
}
