import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SqliteStore } from '../../../studio/store/sqlite/sqlite-store.js';
import { ModelRegistry } from '../../../studio/models/model-registry.js';
import { SqliteModelRepository } from '../../../studio/models/model-repository.js';
import type { IngestItem } from '../../../studio/store/store.js';
import { normalValue, warehouseNodes } from '../../../edge/sources/simulator-model.js';
import { simulatedRollups } from '../../../forge/sim-history.js';
import { forgeTrainer } from '../../../forge/trainer.js';
import { ungroundedInAnswer } from '../grounding.js';
import { Bruno } from '../bruno.js';
import { forecastWindow, isForecastQuestion } from './forecast.js';

const H = 3_600_000;
const NOW = new Date(2026, 10, 23, 15, 30, 0).getTime();

/** Three days of the warehouse's 5-minute aggregates (pi-node-1 and pi-node-2, temperature), as collectors send them. */
async function store(): Promise<SqliteStore> {
  const s = new SqliteStore(':memory:');
  await s.open();
  const items: IngestItem[] = [];
  for (const node of ['pi-node-1', 'pi-node-2']) {
    const sim = simulatedRollups(node, 'dht22-temperature', NOW - 72 * H, NOW, 60_000);
    for (const r of sim.rollups) {
      items.push({ event: { source: `/edge/${node}`, id: `${node}-${r.ts}`, type: 'io.homelab.edge.aggregate', time: r.ts }, aggregate: { node, window_start: r.ts, window_end: r.ts + 300_000, series: [{ sensor: 'dht22-temperature', kind: 'temperature', unit: '°C', location: sim.location, count: r.count, min: r.min, max: r.max, mean: r.mean, last: r.mean }] } });
    }
  }
  await s.ingest(items);
  return s;
}

test('forecast questions are told from questions about the past; their windows are in the future', () => {
  for (const q of ['What will the temperature in warehouse-b be tonight?', 'forecast humidity for tomorrow', 'what temperature is expected in warehouse-a in 3 hours?', 'predict the pressure tomorrow morning']) assert.ok(isForecastQuestion(q), q);
  for (const q of ['What was the temperature last night?', 'What is the temperature in warehouse-b?', 'Alert me if humidity drops below 30%', 'what did it do tonight']) assert.ok(!isForecastQuestion(q), q);
  const tonight = forecastWindow('tonight', NOW);
  assert.deepEqual([new Date(tonight.from).getHours(), new Date(tonight.to).getHours(), tonight.to - tonight.from], [18, 6, 12 * H]);
  const late = new Date(2026, 10, 23, 20, 0, 0).getTime();
  assert.equal(forecastWindow('tonight', late).from, late, 'from now when tonight has begun');
  assert.equal(forecastWindow('in 3 hours', NOW).to, NOW + 3 * H);
});

test('"what will the temperature in warehouse-b be tonight?" is answered from the trained model with its band; no model, an honest answer without numbers', async () => {
  const s = await store();
  const repo = new SqliteModelRepository(':memory:');
  await repo.open();
  const registry = new ModelRegistry({ repo, store: s, trainer: forgeTrainer(), clock: () => NOW });
  const bruno = new Bruno({ store: s, clock: () => NOW, models: registry });
  const q = 'What will the temperature in warehouse-b be tonight?';
  const before = await bruno.ask(q);
  assert.equal(before.intent, 'forecast');
  assert.match(before.response, /no forecast of temperature for warehouse-b tonight/);
  assert.deepEqual(ungroundedInAnswer(before.response.replace(/POST \/api\/v1\/models/, ''), before.data, NOW), []);
  assert.doesNotMatch(before.response, /°C/);

  await registry.train({ model_type: 'timeseries_forecast', target: 'temperature', from: NOW - 72 * H, to: NOW });
  const a = await bruno.ask(q);
  assert.equal(a.intent, 'forecast');
  const data = a.data as { series: { node: string; location: string; mean: number; low: number; high: number; points: { ts: number; value: number }[] }[] };
  assert.deepEqual(data.series.map((x) => x.location), ['warehouse-b'], 'only the place asked about');
  assert.match(a.response, /warehouse-b \(pi-node-2\): about [\d.]+ °C, between [\d.]+ and [\d.]+ °C \(90 % band\), from timeseries-forecast-temperature-v1/);
  assert.deepEqual(ungroundedInAnswer(a.response, a.data, NOW), [], 'every number from the model output of this request');
  // The simulator's own normal for tonight: the forecast follows the daily cycle closely.
  const sensor = warehouseNodes().find((n) => n.node === 'pi-node-2')!.sensors[0]!;
  for (const p of data.series[0]!.points) assert.ok(Math.abs(p.value - normalValue(sensor, p.ts)) < 0.6, `${new Date(p.ts).toISOString()}: ${p.value} vs ${normalValue(sensor, p.ts)}`);
  const s0 = data.series[0]!;
  assert.ok(s0.low < s0.mean && s0.mean < s0.high);
  // A kind no model (nor the store) has: an honest answer, no number.
  const elsewhere = await bruno.ask('What will the humidity in warehouse-b be tonight?');
  assert.match(elsewhere.response, /humidity/);
  assert.doesNotMatch(elsewhere.response, /about [\d.]+|°C|%/);
  await s.close();
});
