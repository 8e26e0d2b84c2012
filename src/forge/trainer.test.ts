import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { checksumProblem, partForNode } from '../core/model-artifact.js';
import { createDetector } from '../edge/detect/index.js';
import { SimulatorSource } from '../edge/sources/simulator.js';
import { simulatedRollups } from './sim-history.js';
import { InsufficientData, InvalidInput } from '../core/errors.js';
import { train, type TrainingData } from './trainer.js';

const DAY = 86_400_000;
const dayStart = Date.UTC(2026, 10, 20);
const from = dayStart - 7 * DAY;

function history(nodes: string[], sensors: string[], days = 7): TrainingData {
  const sims = nodes.flatMap((node) => sensors.map((s) => ({ node, s, ...simulatedRollups(node, s, dayStart - days * DAY, dayStart, 5000) })));
  return {
    series: async () => sims.map((x) => ({ node: x.node, sensor: x.s, kind: x.sensor.kind, unit: x.sensor.unit, location: x.location })),
    rollups: async (ref, f, t) => sims.find((x) => x.node === ref.node && x.s === ref.sensor)!.rollups.filter((r) => r.ts >= f && r.ts < t),
  };
}

test('a forecast artifact: versioned, sealed, per-series metrics from the held-back tail, and a forecast that beats a flat guess', async () => {
  const a = await train(history(['pi-node-1', 'pi-node-2'], ['dht22-temperature', 'dht22-humidity']), { model_type: 'timeseries_forecast', target: 'temperature', from, to: dayStart }, 3);
  assert.equal(a.id, 'timeseries-forecast-temperature-v3');
  assert.deepEqual(a.series.map((s) => s.node), ['pi-node-1', 'pi-node-2'], 'only the target kind, every node');
  assert.equal(checksumProblem(a), undefined);
  for (const s of a.series) {
    const f = s.metrics.forecast!;
    assert.equal(s.sample_interval_ms, 5000, 'the node interval read from the rollups\' counts');
    assert.ok(f.tail_points === 96 && f.horizon_ms === DAY, 'a day held back');
    // The daily swing is 2 × 1.8 °C: a forecast that knows the cycle errs far less than that.
    assert.ok(f.mae < 0.2, `forecast MAE ${f.mae}`);
    assert.ok(f.band90 > 0 && f.coverage90 >= 0.5, `band ${f.band90}, coverage ${f.coverage90}`);
    assert.ok(s.metrics.baseline!.alarms_warm <= s.metrics.baseline!.alarms_cold, JSON.stringify(s.metrics.baseline));
  }
});

test('a warm-started detector on a normal simulated day raises fewer alarms than a cold one, and still catches the HVAC failure', async () => {
  const data = history(['pi-node-2'], ['dht22-temperature', 'dht22-humidity', 'bmp280-pressure'], 10);
  const arts = await Promise.all(['temperature', 'humidity', 'pressure'].map((k) => train(data, { model_type: 'detector_baseline', target: k, from: dayStart - 10 * DAY, to: dayStart }, 1)));
  for (const faulty of [false, true]) {
    const sim = new SimulatorSource({ only: ['pi-node-2'], intervalMs: 5000, healthIntervalMs: 60_000, seed: 11, faults: faulty ? [{ type: 'hvac-failure', location: 'warehouse-b', start: dayStart + 14 * 3_600_000, durationMs: 40 * 60_000 }] : [] });
    const cold = createDetector();
    const warm = createDetector();
    for (const a of arts) for (const s of a.series) warm.restore(`${s.node}/${s.sensor}`, s.baseline as never);
    let [c, w, inFault] = [0, 0, 0];
    for (let ts = dayStart; ts < dayStart + DAY; ts += 5000) {
      for (const x of sim.sampleAt(ts)) {
        const key = `${x.node}/${x.sensor}`;
        if (cold.score(key, ts, x.value).score >= 0.5) c++;
        if (warm.score(key, ts, x.value).score >= 0.5) { w++; if (ts >= dayStart + 14 * 3_600_000 && ts < dayStart + 15 * 3_600_000) inFault++; }
      }
    }
    if (!faulty) {
      assert.ok(c >= 5, `the cold detector's learning alarms (${c}); the test needs them`);
      assert.ok(w <= 1, `warm start: ${w} alarms on a normal day`);
    } else assert.ok(inFault >= 1, 'the HVAC failure still alarms with the model');
  }
});

test('refusals say why: no such series, too little data, bad type or holdout', async () => {
  const data = history(['pi-node-1'], ['dht22-temperature'], 1);
  const refused = async (p: Promise<unknown>, status: number, re: RegExp) => {
    await assert.rejects(p, (e: unknown) => (status === 422 ? e instanceof InsufficientData : e instanceof InvalidInput) && re.test((e as Error).message));
  };
  await refused(train(data, { model_type: 'timeseries_forecast', target: 'lux', from, to: dayStart }, 1), 422, /no stored series of "lux"/);
  await refused(train(data, { model_type: 'timeseries_forecast', target: 'temperature', from, to: dayStart }, 1), 422, /at least a day/);
  await refused(train(data, { model_type: 'detector_baseline', target: 'temperature', from: dayStart - 3_600_000, to: dayStart }, 1), 422, /at least 24/);
  await refused(train(data, { model_type: 'nope' as never, target: 'temperature', from, to: dayStart }, 1), 400, /model_type/);
  await refused(train(data, { model_type: 'detector_baseline', target: 'temperature', from, to: dayStart, holdout: 0.9 }, 1), 400, /holdout/);
});

test('any change to a sealed artifact or a node\'s part of it is caught by its checksums', async () => {
  const a = await train(history(['pi-node-1', 'pi-node-2'], ['dht22-temperature'], 1), { model_type: 'detector_baseline', target: 'temperature', from: dayStart - DAY, to: dayStart }, 1);
  const part = partForNode(a, 'pi-node-2');
  assert.equal(part.series.length, 1);
  assert.equal(checksumProblem(part), undefined, 'a node part verifies on its own');
  fc.assert(fc.property(fc.nat(), fc.double({ min: -1e6, max: 1e6, noNaN: true }), (pick, delta) => {
    const copy = JSON.parse(JSON.stringify(part)) as typeof part & Record<string, unknown>;
    const numbers: { obj: Record<string, unknown>; key: string }[] = [];
    const walk = (o: unknown) => {
      if (o && typeof o === 'object') for (const [k, v] of Object.entries(o)) { if (typeof v === 'number') numbers.push({ obj: o as Record<string, unknown>, key: k }); else walk(v); }
    };
    walk(copy);
    const target = numbers[pick % numbers.length]!;
    const before = target.obj[target.key] as number;
    if (before + delta === before || delta === 0) return;
    target.obj[target.key] = before + delta;
    assert.notEqual(checksumProblem(copy), undefined, `changing ${target.key} went unnoticed`);
  }), { numRuns: 200 });
});

test('a series too short to train (a node that joined today) is left out with its reason; the rest train', async () => {
  const long = history(['pi-node-1'], ['dht22-temperature']);
  const short = history(['pi-node-3'], ['dht22-temperature'], 0.25); // six hours
  const data: TrainingData = {
    series: async () => [...(await long.series()), ...(await short.series())],
    rollups: async (ref, f, t) => (ref.node === 'pi-node-3' ? short : long).rollups(ref, f, t),
  };
  const a = await train(data, { model_type: 'timeseries_forecast', target: 'temperature', from, to: dayStart }, 1);
  assert.deepEqual(a.series.map((s) => s.node), ['pi-node-1']);
  assert.equal(a.skipped?.length, 1);
  assert.deepEqual({ node: a.skipped![0]!.node, sensor: a.skipped![0]!.sensor }, { node: 'pi-node-3', sensor: 'dht22-temperature' });
  assert.match(a.skipped![0]!.reason, /at least a day/);
  assert.equal(checksumProblem(a), undefined, 'the list is under the artifact\'s checksum');
});
