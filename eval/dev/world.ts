/**
 * The development set's world: five Pi nodes in five places, three kinds each, from Monday
 * 00:00 to Thursday 10:40 (local time) at one reading a minute, built through the studio store's
 * ingest API. Planted: an HVAC failure in warehouse-b yesterday (edge-flagged critical), a
 * cold-room temperature spike and a warehouse-a humidity spike the edge never flagged, a falling
 * and a rising humidity trend, a server rack warming for two hours (flat before) beside a flat
 * humidity, an office node that stopped reporting at 06:05,
 * a loaded server-rack node and a nearly full disk. Different seed and shapes from eval/dataset.ts.
 */
import { AnomalySchema, HealthSchema, ReadingSchema } from '../../src/core/schemas.js';
import { SqliteStore } from '../../src/studio/store/sqlite/sqlite-store.js';
import type { IngestItem } from '../../src/studio/store/store.js';
import { generate, HOUR, MIN, prng, type PlantedEvent, type SeriesSpec } from './generator.js';
import { localAt, valueAt, type Series } from './truth.js';

export interface NodeHealth {
  cpu: number;
  mem: number;
  soc: number;
  disk: number;
  top: { name: string; cpu_pct: number; mem_pct: number }[];
}

export interface FlaggedAnomaly {
  node: string;
  sensor: string;
  kind: string;
  location: string;
  ts: number;
  value: number;
  severity: 'warning' | 'critical';
  reason: string;
}

export interface DevWorld {
  store: SqliteStore;
  now: number;
  start: number;
  series: Series[];
  nodes: { node: string; location: string; lastSeen: number }[];
  /** Latest health report of each node (pi-node-4's is from when it stopped). */
  health: Record<string, NodeHealth>;
  flagged: FlaggedAnomaly[];
  /** The planted events, by name, for questions and the harness's own test. */
  planted: {
    hvac: { location: string; from: number; to: number; rampMin: number };
    coldSpike: { at: number; value: number };
    humiditySpike: { at: number; value: number };
    pressureSpike: { at: number; value: number };
    officeStop: number;
    rampFrom: number;
    rackFrom: number;
  };
}

export const DEV_NOW = new Date(2026, 10, 19, 10, 40).getTime();
export const DEV_START = new Date(2026, 10, 16, 0, 0).getTime();

const SENSORS = { temperature: ['dht22-temperature', '°C'], humidity: ['dht22-humidity', '%'], pressure: ['bmp280-pressure', 'hPa'] } as const;

/** The specs and planted events; exported so the unit test can rebuild samples without a store. */
export function devSpecs(now = DEV_NOW) {
  const yesterday = (h: number, m = 0) => localAt(now, -1, h, m);
  const today = (h: number, m = 0) => localAt(now, 0, h, m);
  const planted = {
    hvac: { location: 'warehouse-b', from: yesterday(14, 10), to: yesterday(17, 30), rampMin: 20 },
    coldSpike: { at: today(7, 12), value: 12.5 },
    humiditySpike: { at: today(3, 20), value: 95 },
    pressureSpike: { at: localAt(now, -2, 11, 45), value: 1019.6 },
    officeStop: today(6, 5),
    rampFrom: now - 6 * HOUR,
    /** The transcoder started two hours ago and the rack has warmed since. */
    rackFrom: now - 2 * HOUR,
  };
  const { hvac } = planted;
  /** A warming week in the warehouses and the office, and a weather front lowering the pressure (not in warehouse-b's sealed room). */
  const warming: PlantedEvent = { type: 'ramp', from: DEV_START, to: now, delta: 1.7 };
  const front: PlantedEvent = { type: 'ramp', from: DEV_START, to: now, delta: -7 };
  const s = (node: string, location: string, kind: keyof typeof SENSORS, rest: Omit<SeriesSpec, 'node' | 'location' | 'kind' | 'sensor' | 'unit'>): SeriesSpec =>
    ({ node, location, kind, sensor: SENSORS[kind][0], unit: SENSORS[kind][1], ...rest });
  const specs: SeriesSpec[] = [
    s('pi-node-1', 'warehouse-a', 'temperature', { base: 19, dailyAmp: 1.5, peakHour: 15, noise: 0.15, events: [warming] }),
    s('pi-node-1', 'warehouse-a', 'humidity', { base: 52, dailyAmp: 3, peakHour: 5, noise: 0.4, events: [
      { type: 'spike', at: planted.humiditySpike.at, value: planted.humiditySpike.value },
      { type: 'ramp', from: planted.rampFrom, to: now, delta: -12 }] }),
    s('pi-node-1', 'warehouse-a', 'pressure', { base: 1016, dailyAmp: 1.2, peakHour: 10, noise: 0.2, events: [front,
      { type: 'spike', at: planted.pressureSpike.at, value: planted.pressureSpike.value }] }),
    s('pi-node-2', 'warehouse-b', 'temperature', { base: 21, dailyAmp: 1, peakHour: 15, noise: 0.15, events: [warming,
      { type: 'shift', from: hvac.from, to: hvac.to, delta: 7, rampMin: hvac.rampMin }] }),
    s('pi-node-2', 'warehouse-b', 'humidity', { base: 47, dailyAmp: 2, peakHour: 5, noise: 0.4, events: [
      { type: 'shift', from: hvac.from, to: hvac.to, delta: -12, rampMin: hvac.rampMin }] }),
    s('pi-node-2', 'warehouse-b', 'pressure', { base: 1012.5, dailyAmp: 0, peakHour: 0, noise: 0.1 }),
    s('pi-node-3', 'cold-room', 'temperature', { base: 4, dailyAmp: 0.4, peakHour: 15, noise: 0.1, events: [
      { type: 'spike', at: planted.coldSpike.at, value: planted.coldSpike.value }] }),
    s('pi-node-3', 'cold-room', 'humidity', { base: 80, dailyAmp: 1, peakHour: 5, noise: 0.3, events: [
      { type: 'ramp', from: planted.rampFrom, to: now, delta: 10 }] }),
    s('pi-node-3', 'cold-room', 'pressure', { base: 1016.4, dailyAmp: 1.2, peakHour: 10, noise: 0.2, events: [front] }),
    s('pi-node-4', 'office', 'temperature', { base: 22.5, dailyAmp: 1.2, peakHour: 14, noise: 0.15, events: [warming], stopAt: planted.officeStop }),
    s('pi-node-4', 'office', 'humidity', { base: 40, dailyAmp: 2, peakHour: 5, noise: 0.4, stopAt: planted.officeStop }),
    s('pi-node-4', 'office', 'pressure', { base: 1015.8, dailyAmp: 1.2, peakHour: 10, noise: 0.2, events: [front], stopAt: planted.officeStop }),
    s('pi-node-5', 'server-rack', 'temperature', { base: 21, dailyAmp: 0, peakHour: 0, noise: 0.05, events: [
      { type: 'ramp', from: planted.rackFrom, to: now, delta: 6 }] }),
    s('pi-node-5', 'server-rack', 'humidity', { base: 36, dailyAmp: 0, peakHour: 0, noise: 0.2, events: [
      { type: 'ramp', from: planted.rackFrom, to: now, delta: -3 }] }),
    s('pi-node-5', 'server-rack', 'pressure', { base: 1015.9, dailyAmp: 1.2, peakHour: 10, noise: 0.2, events: [front] }),
  ];
  const health: Record<string, NodeHealth> = {
    'pi-node-1': { cpu: 23, mem: 41, soc: 47.2, disk: 93, top: [{ name: 'mosquitto', cpu_pct: 9, mem_pct: 4 }, { name: 'sensor-collector', cpu_pct: 3, mem_pct: 2 }] },
    'pi-node-2': { cpu: 31, mem: 37, soc: 44.6, disk: 48, top: [{ name: 'zigbee2mqtt', cpu_pct: 14, mem_pct: 9 }, { name: 'sensor-collector', cpu_pct: 3, mem_pct: 2 }] },
    'pi-node-3': { cpu: 17, mem: 29, soc: 39.8, disk: 35, top: [{ name: 'sensor-collector', cpu_pct: 5, mem_pct: 3 }, { name: 'k3s-agent', cpu_pct: 4, mem_pct: 6 }] },
    'pi-node-4': { cpu: 12, mem: 33, soc: 41, disk: 55, top: [{ name: 'homeassistant', cpu_pct: 6, mem_pct: 18 }, { name: 'sensor-collector', cpu_pct: 2, mem_pct: 2 }] },
    'pi-node-5': { cpu: 88, mem: 93, soc: 71.3, disk: 62, top: [{ name: 'plex-transcoder', cpu_pct: 64, mem_pct: 38 }, { name: 'k3s-agent', cpu_pct: 6, mem_pct: 7 }, { name: 'sensor-collector', cpu_pct: 2, mem_pct: 2 }] },
  };
  return { specs, planted, health };
}

/** Generates the world and stores it (SQLite in memory) through `store.ingest`. */
export async function buildDevWorld(now = DEV_NOW, start = DEV_START): Promise<DevWorld> {
  const { specs, planted, health } = devSpecs(now);
  const series: Series[] = specs.map((spec, i) => ({ spec, samples: generate(spec, start, now, 7100 + i) }));
  const store = new SqliteStore(':memory:');
  await store.open();
  const items: IngestItem[] = [];
  const byTs = new Map<number, ReturnType<typeof ReadingSchema.parse>[]>();
  for (const { spec, samples } of series) {
    for (const p of samples) {
      const r = ReadingSchema.parse({ node: spec.node, sensor: spec.sensor, kind: spec.kind, unit: spec.unit, location: spec.location, ts: p.ts, value: p.value });
      const atTs = byTs.get(p.ts);
      if (atTs) atTs.push(r);
      else byTs.set(p.ts, [r]);
    }
  }
  for (const [ts, readings] of byTs) items.push({ event: { source: '/eval/dev', id: `r-${ts}`, type: 'io.homelab.edge.reading', time: ts }, readings });

  const nodes = [...new Set(specs.map((s) => s.node))].map((node) => {
    const spec = specs.find((s) => s.node === node)!;
    return { node, location: spec.location, lastSeen: spec.stopAt ?? now - MIN };
  });
  const jitter = prng(99);
  for (const { node, location, lastSeen } of nodes) {
    const h = health[node]!;
    for (let ts = lastSeen; ts >= start; ts -= 5 * MIN) {
      const exact = ts === lastSeen;
      const wobble = (w: number) => (exact ? 0 : Math.round((jitter() * 2 - 1) * w));
      const report = HealthSchema.parse({ node, location, ts, cpu_pct: Math.max(0, Math.min(100, h.cpu + wobble(4))), mem_pct: Math.min(100, h.mem + wobble(2)),
        temp_c: h.soc + wobble(1), disk_pct: h.disk, top: h.top });
      items.push({ event: { source: '/eval/dev', id: `h-${node}-${ts}`, type: 'io.homelab.edge.health', time: ts }, health: report });
    }
  }

  const flagged: FlaggedAnomaly[] = [
    { node: 'pi-node-2', sensor: 'dht22-temperature', kind: 'temperature', location: 'warehouse-b', ts: planted.hvac.from + 10 * MIN, value: 0, severity: 'critical', reason: 'level-shift' },
    { node: 'pi-node-1', sensor: 'bmp280-pressure', kind: 'pressure', location: 'warehouse-a', ts: planted.pressureSpike.at, value: 0, severity: 'warning', reason: 'spike' },
  ];
  for (const a of flagged) {
    a.value = valueAt(series, { node: a.node, sensor: a.sensor }, a.ts);
    const unit = specs.find((s) => s.node === a.node && s.sensor === a.sensor)!.unit;
    items.push({ event: { source: '/eval/dev', id: `a-${a.node}-${a.ts}`, type: 'io.homelab.edge.anomaly', time: a.ts },
      anomalies: [AnomalySchema.parse({ ...a, unit, score: a.severity === 'critical' ? 0.93 : 0.61 })] });
  }
  await store.ingest(items);
  return { store, now, start, series, nodes, health, flagged, planted };
}
