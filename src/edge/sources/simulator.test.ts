import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SimulatorSource } from './simulator.js';
import { normalValue, warehouseNodes } from './simulator-model.js';

const T = new Date(2026, 10, 23, 12, 0, 0).getTime();
const MIN = 60_000;

test('three warehouse nodes, temperature/humidity/pressure each, at the devices\' resolution', () => {
  const samples = new SimulatorSource({ intervalMs: 1000, healthIntervalMs: 1000 }).sampleAt(T);
  assert.equal(samples.length, 9);
  assert.deepEqual([...new Set(samples.map((s) => s.node))], ['pi-node-1', 'pi-node-2', 'pi-node-3']);
  assert.deepEqual([...new Set(samples.map((s) => s.kind))].sort(), ['humidity', 'pressure', 'temperature']);
  for (const s of samples) assert.ok(Math.abs(s.value * 10 - Math.round(s.value * 10)) < 1e-6, `${s.value} has 0.1 resolution`);
});

test('daily cycle: warmest in the afternoon', () => {
  const t = warehouseNodes()[0]!.sensors[0]!;
  assert.ok(normalValue(t, new Date(2026, 10, 23, 15).getTime()) > normalValue(t, new Date(2026, 10, 23, 3).getTime()) + 3);
});

test('injected faults: HVAC failure heats one location, a stuck sensor repeats, a dying node falls silent', () => {
  const sim = new SimulatorSource({ intervalMs: 1000, healthIntervalMs: 1000, seed: 3 });
  sim.inject({ type: 'hvac-failure', location: 'warehouse-b', start: T, durationMs: 30 * MIN });
  sim.inject({ type: 'stuck-sensor', node: 'pi-node-1', sensor: 'dht22-humidity', start: T, durationMs: 30 * MIN });
  sim.inject({ type: 'dying-node', node: 'pi-node-3', start: T, durationMs: 60 * MIN });
  const before = sim.sampleAt(T - MIN);
  const at = (ts: number, node: string, sensor: string) => sim.sampleAt(ts).find((s) => s.node === node && s.sensor === sensor)?.value;
  const tempBefore = before.find((s) => s.node === 'pi-node-2' && s.sensor === 'dht22-temperature')!.value;
  assert.ok(at(T + 15 * MIN, 'pi-node-2', 'dht22-temperature')! > tempBefore + 4);
  const stuck = at(T + 16 * MIN, 'pi-node-1', 'dht22-humidity');
  assert.equal(at(T + 17 * MIN, 'pi-node-1', 'dht22-humidity'), stuck);
  assert.equal(at(T + 40 * MIN, 'pi-node-3', 'dht22-temperature'), undefined);
});
