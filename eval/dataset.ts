import { SqliteStore } from '../src/studio/store/sqlite/sqlite-store.js';
import { SimulatorSource } from '../src/edge/sources/simulator.js';
import { ReadingSchema, HealthSchema, AnomalySchema, type Reading } from '../src/core/schemas.js';
import type { IngestItem } from '../src/studio/store/store.js';

export const MIN = 60_000;
export const HOUR = 60 * MIN;

/** The generated world with its known truth: every reading kept beside the store. */
export interface World {
  store: SqliteStore;
  now: number;
  readings: Reading[];
  health: Record<string, { cpu: number; mem: number; temp: number; top: string }>;
  anomalies: { node: string; sensor: string; kind: string; value: number; ts: number; location: string; severity: 'warning' | 'critical' }[];
}

/**
 * Two days of the simulated warehouse at one reading a minute, stored as the studio stores it,
 * plus node health and two anomalies. `now` sits on a 5-minute boundary so windows are exact.
 */
export async function buildWorld(): Promise<World> {
  const now = Math.floor(new Date(2026, 10, 23, 15, 0, 0).getTime() / (5 * MIN)) * 5 * MIN;
  const store = new SqliteStore(':memory:');
  await store.open();
  const sim = new SimulatorSource({ intervalMs: MIN, healthIntervalMs: MIN, seed: 2026 });
  const readings: Reading[] = [];
  const items: IngestItem[] = [];
  for (let ts = now - 48 * HOUR; ts < now; ts += MIN) {
    const batch = sim.sampleAt(ts).map((s) => ReadingSchema.parse(s));
    readings.push(...batch);
    items.push({ event: { source: '/eval', id: `r${ts}`, type: 'io.homelab.edge.reading', time: ts }, readings: batch });
  }
  const health: World['health'] = {
    'pi-node-1': { cpu: 35, mem: 45, temp: 42, top: 'mosquitto' },
    'pi-node-2': { cpu: 28, mem: 38, temp: 39, top: 'zigbee2mqtt' },
    'pi-node-3': { cpu: 82, mem: 91, temp: 68, top: 'video-processor' },
  };
  const locations: Record<string, string> = { 'pi-node-1': 'warehouse-a', 'pi-node-2': 'warehouse-b', 'pi-node-3': 'warehouse-c' };
  for (const [node, h] of Object.entries(health)) {
    items.push({ event: { source: '/eval', id: `h-${node}`, type: 'io.homelab.edge.health', time: now }, health: HealthSchema.parse({ node, ts: now - MIN, cpu_pct: h.cpu, mem_pct: h.mem, temp_c: h.temp, disk_pct: 40, location: locations[node], top: [{ name: h.top, cpu_pct: h.cpu * 0.7, mem_pct: 20 }] }) });
  }
  const anomalies: World['anomalies'] = [
    { node: 'pi-node-2', sensor: 'dht22-temperature', kind: 'temperature', value: 29.7, ts: now - 5 * HOUR, location: 'warehouse-b', severity: 'critical' },
    { node: 'pi-node-1', sensor: 'dht22-humidity', kind: 'humidity', value: 31.2, ts: now - 30 * HOUR, location: 'warehouse-a', severity: 'warning' },
  ];
  anomalies.forEach((a, i) => items.push({ event: { source: '/eval', id: `a${i}`, type: 'io.homelab.edge.anomaly', time: a.ts }, anomalies: [AnomalySchema.parse({ ...a, unit: a.kind === 'temperature' ? '°C' : '%', score: 0.95, reason: 'spike' })] }));
  await store.ingest(items);
  return { store, now, readings, health, anomalies };
}
