/**
 * The development set's second world: names of the shapes people really give things — multi-word
 * locations with a number ("Chiller Room 2", "Loading Bay 3"), one-word compounds ("Boilerhouse"),
 * two warehouses told apart by a word ("North Warehouse", "South Warehouse"), nodes named with
 * dots, digits, hyphens and capitals ("RPI-CHILL.2", "gw01", "hub.north", "cellar-pi-1", "lb3-pi"),
 * and an illuminance kind in lux. From Monday 00:00 to the next Tuesday 09:20 (local time), one
 * reading a minute. Planted: the boilerhouse cooling off for three hours, the north warehouse
 * warming and getting more humid over the last four, the wine cellar's node gone silent at 06:50,
 * the south warehouse's heating on at 04:00, last weekend warmer in the boilerhouse and colder in the
 * loading bay, lights on in working hours, a loaded boilerhouse gateway and a chiller node with a nearly full disk.
 */
import { HealthSchema, ReadingSchema } from '../../src/core/schemas.js';
import { SqliteStore } from '../../src/studio/store/sqlite/sqlite-store.js';
import type { IngestItem } from '../../src/studio/store/store.js';
import { generate, HOUR, MIN, prng, type SeriesSpec } from './generator.js';
import { localAt, type Series } from './truth.js';
import type { NodeHealth } from './world.js';

export interface WorldB {
  store: SqliteStore;
  now: number;
  start: number;
  series: Series[];
  nodes: { node: string; location: string; lastSeen: number }[];
  health: Record<string, NodeHealth>;
  planted: { boilerFrom: number; northFrom: number; cellarStop: number; southHeatingOn: number };
}

export const B_NOW = new Date(2026, 10, 24, 9, 20).getTime();
export const B_START = new Date(2026, 10, 16, 0, 0).getTime();

const SENSOR: Record<string, [string, string]> = {
  temperature: ['sht31-temp', '°C'], humidity: ['sht31-rh', '%'], pressure: ['bme680-pressure', 'hPa'], illuminance: ['bh1750-lux', 'lx'],
};

export const CHILLER = 'Chiller Room 2';
export const BOILER = 'Boilerhouse';
export const NORTH = 'North Warehouse';
export const SOUTH = 'South Warehouse';
export const CELLAR = 'Wine Cellar';
export const BAY = 'Loading Bay 3';

export function worldBSpecs(now = B_NOW) {
  const planted = { boilerFrom: now - 3 * HOUR, northFrom: now - 4 * HOUR, cellarStop: localAt(now, 0, 6, 50), southHeatingOn: localAt(now, 0, 4, 0) };
  /** Last weekend (Saturday 00:00 to Monday 00:00): the boiler fired harder, the loading bay's door stood open. */
  const weekend = (delta: number): SeriesSpec['events'] => [{ type: 'shift', from: localAt(now, -3, 0), to: localAt(now, -1, 0) - 60 * MIN, delta, rampMin: 60 }];
  const s = (node: string, location: string, kind: string, rest: Omit<SeriesSpec, 'node' | 'location' | 'kind' | 'sensor' | 'unit'>): SeriesSpec =>
    ({ node, location, kind, sensor: SENSOR[kind]![0], unit: SENSOR[kind]![1], ...rest });
  /** Lights: a daily curve peaking at 13:00 (never below zero: the base carries it). */
  const lights = (base: number, amp: number, noise: number) => ({ base, dailyAmp: amp, peakHour: 13, noise });
  const specs: SeriesSpec[] = [
    s('RPI-CHILL.2', CHILLER, 'temperature', { base: 3.2, dailyAmp: 0.1, peakHour: 15, noise: 0.1 }),
    s('RPI-CHILL.2', CHILLER, 'humidity', { base: 86, dailyAmp: 1, peakHour: 5, noise: 0.3 }),
    s('RPI-CHILL.2', CHILLER, 'illuminance', lights(40, 35, 2)),
    s('gw01', BOILER, 'temperature', { base: 31, dailyAmp: 0.8, peakHour: 15, noise: 0.15, events: [...weekend(2.5)!, { type: 'ramp', from: planted.boilerFrom, to: now, delta: -4.5 }] }),
    s('gw01', BOILER, 'humidity', { base: 29, dailyAmp: 1.5, peakHour: 5, noise: 0.4 }),
    s('gw01', BOILER, 'pressure', { base: 1011.4, dailyAmp: 1.1, peakHour: 10, noise: 0.2 }),
    s('hub.north', NORTH, 'temperature', { base: 15.5, dailyAmp: 1.4, peakHour: 15, noise: 0.15, events: [{ type: 'ramp', from: planted.northFrom, to: now, delta: 3.5 }] }),
    s('hub.north', NORTH, 'humidity', { base: 54, dailyAmp: 2, peakHour: 5, noise: 0.4, events: [{ type: 'ramp', from: planted.northFrom, to: now, delta: 9 }] }),
    s('hub.north', NORTH, 'illuminance', lights(320, 260, 10)),
    s('hub.south', SOUTH, 'temperature', { base: 18.4, dailyAmp: 0, peakHour: 0, noise: 0.08, events: [{ type: 'shift', from: planted.southHeatingOn, to: now + HOUR, delta: 2, rampMin: 30 }] }),
    s('hub.south', SOUTH, 'humidity', { base: 47, dailyAmp: 0, peakHour: 0, noise: 0.25 }),
    s('hub.south', SOUTH, 'illuminance', lights(480, 400, 12)),
    s('cellar-pi-1', CELLAR, 'temperature', { base: 12.6, dailyAmp: 0.2, peakHour: 15, noise: 0.05, stopAt: planted.cellarStop }),
    s('cellar-pi-1', CELLAR, 'humidity', { base: 71, dailyAmp: 0.8, peakHour: 5, noise: 0.3, stopAt: planted.cellarStop }),
    s('lb3-pi', BAY, 'temperature', { base: 9.5, dailyAmp: 3, peakHour: 14, noise: 0.2, events: weekend(-3.5) }),
    s('lb3-pi', BAY, 'illuminance', lights(900, 700, 25)),
  ];
  const health: Record<string, NodeHealth> = {
    'RPI-CHILL.2': { cpu: 14, mem: 22, soc: 43.5, disk: 88, top: [{ name: 'sensor-collector', cpu_pct: 4, mem_pct: 3 }, { name: 'chrony', cpu_pct: 1, mem_pct: 1 }] },
    gw01: { cpu: 76, mem: 58, soc: 66.1, disk: 41, top: [{ name: 'boiler-ctl', cpu_pct: 49, mem_pct: 12 }, { name: 'sensor-collector', cpu_pct: 3, mem_pct: 2 }] },
    'hub.north': { cpu: 35, mem: 47, soc: 51.2, disk: 30, top: [{ name: 'frigate', cpu_pct: 22, mem_pct: 19 }, { name: 'sensor-collector', cpu_pct: 3, mem_pct: 2 }] },
    'hub.south': { cpu: 9, mem: 18, soc: 38.9, disk: 27, top: [{ name: 'sensor-collector', cpu_pct: 3, mem_pct: 2 }] },
    'cellar-pi-1': { cpu: 21, mem: 33, soc: 45.7, disk: 52, top: [{ name: 'sensor-collector', cpu_pct: 4, mem_pct: 3 }] },
    'lb3-pi': { cpu: 52, mem: 71, soc: 58.4, disk: 64, top: [{ name: 'node-red', cpu_pct: 31, mem_pct: 24 }, { name: 'sensor-collector', cpu_pct: 3, mem_pct: 2 }] },
  };
  return { specs, planted, health };
}

/** Generates world B and stores it (SQLite in memory) through `store.ingest`. */
export async function buildWorldB(now = B_NOW, start = B_START): Promise<WorldB> {
  const { specs, planted, health } = worldBSpecs(now);
  const series: Series[] = specs.map((spec, i) => ({ spec, samples: generate(spec, start, now, 9300 + i).map((p) => ({ ts: p.ts, value: Math.max(0, p.value) })) }));
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
  for (const [ts, readings] of byTs) items.push({ event: { source: '/eval/dev-b', id: `r-${ts}`, type: 'io.homelab.edge.reading', time: ts }, readings });
  const nodes = [...new Set(specs.map((s) => s.node))].map((node) => {
    const spec = specs.find((s) => s.node === node)!;
    return { node, location: spec.location, lastSeen: spec.stopAt ?? now - MIN };
  });
  const jitter = prng(41);
  for (const { node, location, lastSeen } of nodes) {
    const h = health[node]!;
    for (let ts = lastSeen; ts >= now - 2 * 24 * HOUR; ts -= 5 * MIN) {
      const exact = ts === lastSeen;
      const wobble = (w: number) => (exact ? 0 : Math.round((jitter() * 2 - 1) * w));
      const report = HealthSchema.parse({ node, location, ts, cpu_pct: Math.max(0, Math.min(100, h.cpu + wobble(4))), mem_pct: Math.min(100, h.mem + wobble(2)), temp_c: h.soc + wobble(1), disk_pct: h.disk, top: h.top });
      items.push({ event: { source: '/eval/dev-b', id: `h-${node}-${ts}`, type: 'io.homelab.edge.health', time: ts }, health: report });
    }
  }
  await store.ingest(items);
  return { store, now, start, series, nodes, health, planted };
}
