import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sealArtifact, type ModelArtifact } from '../../core/model-artifact.js';
import { createDetector } from '../detect/index.js';
import { SimulatorSource } from '../sources/simulator.js';
import { ModelScorer, type ModelStatus } from './model-scorer.js';

const DAY = 86_400_000;
const STEP = 5000;
const t0 = Date.UTC(2026, 10, 10);
const NODE = 'pi-node-2';
const SENSORS = ['dht22-temperature', 'dht22-humidity', 'bmp280-pressure'];

/**
 * An artifact whose baselines a detector learned over `days` of simulated readings. `mislabelled`
 * plants a bad model: each sensor gets another sensor's baseline (pressure's for temperature, …).
 */
function artifact(days: number, id: string, mislabelled = false): ModelArtifact {
  const d = createDetector();
  const sim = new SimulatorSource({ only: [NODE], intervalMs: STEP, healthIntervalMs: 60_000, seed: 5 });
  for (let ts = t0 - days * DAY; ts < t0; ts += STEP) {
    for (const s of sim.sampleAt(ts)) d.score(`${NODE}/${s.sensor}`, ts, s.value);
  }
  return sealArtifact({
    id, name: 'detector-baseline-all', version: Number(id.slice(-1)), model_type: 'detector_baseline', target: 'all', created_at: t0, trained_on: { from: t0 - days * DAY, to: t0 }, params: {}, metrics: {},
    series: SENSORS.map((sensor, i) => ({
      node: NODE, sensor, kind: 'x', unit: '', location: 'warehouse-b', window: { from: t0 - days * DAY, to: t0 }, points: 1, sample_interval_ms: STEP, metrics: {},
      baseline: d.snapshot(`${NODE}/${mislabelled ? SENSORS[(i + 1) % SENSORS.length]! : sensor}`) as unknown as Record<string, unknown>,
    })),
  });
}

function day(scorer: ModelScorer, from: number, hours: number): { critical: number } {
  const sim = new SimulatorSource({ only: [NODE], intervalMs: STEP, healthIntervalMs: 60_000, seed: 11 });
  let critical = 0;
  for (let ts = from; ts < from + hours * 3_600_000; ts += STEP) for (const s of sim.sampleAt(ts)) if (scorer.score(`${NODE}/${s.sensor}`, ts, s.value).score >= 0.5) critical++;
  return { critical };
}

const good = artifact(4, 'baseline-v1');

test('a good model: shadow beside the plain detector, cut over after the window, fewer alarms than the plain detector, state and counts on disk', () => {
  const dir = mkdtempSync(join(tmpdir(), 'model-'));
  const changes: ModelStatus[] = [];
  const plain = new ModelScorer({ dataDir: mkdtempSync(join(tmpdir(), 'model-')), node: NODE });
  const scorer = new ModelScorer({ dataDir: dir, node: NODE, policy: { shadowMs: 3_600_000 }, onChange: (s) => changes.push(s) });
  scorer.open();
  assert.equal(scorer.deploy(good).state, 'shadow');
  assert.equal(scorer.deploy(good).state, 'shadow', 'the same model again (a re-sent command) changes nothing');
  // In shadow the verdicts are the plain detector's.
  const sim = new SimulatorSource({ only: [NODE], intervalMs: STEP, healthIntervalMs: 60_000, seed: 11 });
  for (let ts = t0; ts < t0 + 1_800_000; ts += STEP) for (const s of sim.sampleAt(ts)) assert.deepEqual(scorer.score(`${NODE}/${s.sensor}`, ts, s.value), plain.score(`${NODE}/${s.sensor}`, ts, s.value));
  const cold = day(new ModelScorer({ dataDir: mkdtempSync(join(tmpdir(), 'model-')), node: NODE }), t0, 24);
  const rest = day(scorer, t0 + 1_800_000, 24);
  assert.deepEqual(changes.map((c) => c.state), ['shadow', 'active']);
  assert.ok(rest.critical < cold.critical, `with the model ${rest.critical} critical readings, plain ${cold.critical}`);
  scorer.flush();
  const onDisk = JSON.parse(readFileSync(join(dir, `model-${NODE}.json`), 'utf8')) as ModelStatus;
  assert.equal(onDisk.state, 'active');
  assert.equal(onDisk.readings, scorer.status()!.readings);
});

test('a planted model that alarms too much is rolled back by the node itself, and its verdicts are never used in shadow', () => {
  const dir = mkdtempSync(join(tmpdir(), 'model-'));
  const bad = artifact(1, 'flat-v2', true);
  const scorer = new ModelScorer({ dataDir: dir, node: NODE, policy: { shadowMs: 6 * 3_600_000 } });
  scorer.open();
  scorer.deploy(bad);
  const reference = new ModelScorer({ dataDir: mkdtempSync(join(tmpdir(), 'model-')), node: NODE });
  const sim = new SimulatorSource({ only: [NODE], intervalMs: STEP, healthIntervalMs: 60_000, seed: 11 });
  for (let ts = t0; ts < t0 + 6 * 3_600_000; ts += STEP) for (const s of sim.sampleAt(ts)) assert.deepEqual(scorer.score(`${NODE}/${s.sensor}`, ts, s.value), reference.score(`${NODE}/${s.sensor}`, ts, s.value));
  const st = scorer.status()!;
  assert.equal(st.state, 'rolled_back');
  assert.ok(st.alarms.model >= 3 && st.alarms.model > 2 * st.alarms.reference, JSON.stringify(st.alarms));
  assert.match(st.reason!, /alarms against/);
  const again = new ModelScorer({ dataDir: dir, node: NODE });
  again.open();
  assert.equal(again.status()!.state, 'rolled_back', 'a restart keeps it rolled back');
});

test('rolled back after the cut-over too, while the old detector still runs beside it', () => {
  const scorer = new ModelScorer({ dataDir: mkdtempSync(join(tmpdir(), 'model-')), node: NODE, policy: { shadowMs: 0 } });
  scorer.deploy(artifact(1, 'flat-v3', true));
  const states: string[] = [];
  const sim = new SimulatorSource({ only: [NODE], intervalMs: STEP, healthIntervalMs: 60_000, seed: 11 });
  for (let ts = t0; ts < t0 + 6 * 3_600_000; ts += STEP) {
    for (const s of sim.sampleAt(ts)) {
      scorer.score(`${NODE}/${s.sensor}`, ts, s.value);
      const st = scorer.status()!.state;
      if (states.at(-1) !== st) states.push(st);
    }
  }
  assert.deepEqual(states, ['active', 'rolled_back']);
});

test('a restart resumes an active model from its artifact; a tampered or foreign model is refused and changes nothing', () => {
  const dir = mkdtempSync(join(tmpdir(), 'model-'));
  const a = new ModelScorer({ dataDir: dir, node: NODE, policy: { shadowMs: STEP } });
  a.deploy(good);
  day(a, t0, 1);
  assert.equal(a.status()!.state, 'active');
  const b = new ModelScorer({ dataDir: dir, node: NODE, policy: { shadowMs: STEP } });
  b.open();
  assert.equal(b.status()!.state, 'active');
  const fresh = createDetector();
  for (const s of good.series) fresh.restore(`${s.node}/${s.sensor}`, s.baseline as never);
  const ts = t0 + 2 * 3_600_000;
  assert.deepEqual(b.score(`${NODE}/dht22-temperature`, ts, 22.1), fresh.score(`${NODE}/dht22-temperature`, ts, 22.1), 'verdicts from the restored model');

  const tampered = JSON.parse(JSON.stringify(good)) as ModelArtifact & { series: { baseline: { n: number } }[] };
  tampered.id = 'baseline-v9';
  tampered.series[0]!.baseline.n += 1;
  assert.throws(() => b.deploy(tampered), /checksum mismatch/);
  const foreign = artifact(1, 'other-v4');
  const moved = sealArtifact({ ...foreign, series: foreign.series.map((s) => ({ ...s, node: 'pi-node-1' })) });
  assert.throws(() => b.deploy(moved), /other nodes/);
  assert.equal(b.status()!.model_id, 'baseline-v1');
  // A corrupt artifact file on disk: the node starts with the plain detector and says so.
  writeFileSync(join(dir, `model-${NODE}-artifact.json`), JSON.stringify({ ...good, checksum: 'sha256:00' }));
  const logs: string[] = [];
  const c = new ModelScorer({ dataDir: dir, node: NODE, log: (m) => logs.push(m) });
  c.open();
  assert.equal(c.status(), undefined);
  assert.match(logs.join('\n'), /not restored: artifact checksum mismatch/);
});
