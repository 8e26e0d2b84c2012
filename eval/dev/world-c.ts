/**
 * The development set's third world: places whose names begin with words of the clock and the
 * calendar — "Night Store", "Day Room 2", "Morning Dock", "Noon Hall", "March Yard", "May Street" —
 * so a question about them must find the place and not read "night" as last night's window or
 * "march" as the 1st of March. Four nodes, temperature and humidity (the dock:
 * temperature only), from Monday 00:00 to Saturday 16:45 (local time), one reading a minute, a
 * health report every 5 minutes over the last day.
 */
import { HealthSchema, ReadingSchema } from '../../src/core/schemas.js';
import { SqliteStore } from '../../src/studio/store/sqlite/sqlite-store.js';
import type { IngestItem } from '../../src/studio/store/store.js';
import { generate, HOUR, MIN, type SeriesSpec } from './generator.js';
import type { Series } from './truth.js';

export interface WorldC {
  store: SqliteStore;
  now: number;
  start: number;
  series: Series[];
}

export const C_NOW = new Date(2026, 10, 28, 16, 45).getTime();
export const C_START = new Date(2026, 10, 23, 0, 0).getTime();
export const NIGHT_STORE = 'Night Store';
export const DAY_ROOM = 'Day Room 2';
export const MORNING_DOCK = 'Morning Dock';
export const NOON_HALL = 'Noon Hall';
export const MARCH_YARD = 'March Yard';
export const MAY_STREET = 'May Street';

const SENSOR: Record<string, [string, string]> = { temperature: ['sht40-temp', '°C'], humidity: ['sht40-rh', '%'] };

export function worldCSpecs(): SeriesSpec[] {
  const s = (node: string, location: string, kind: string, rest: Omit<SeriesSpec, 'node' | 'location' | 'kind' | 'sensor' | 'unit'>): SeriesSpec =>
    ({ node, location, kind, sensor: SENSOR[kind]![0], unit: SENSOR[kind]![1], ...rest });
  return [
    s('ns-pi', NIGHT_STORE, 'temperature', { base: 6.5, dailyAmp: 0.6, peakHour: 15, noise: 0.1 }),
    s('ns-pi', NIGHT_STORE, 'humidity', { base: 74, dailyAmp: 2, peakHour: 5, noise: 0.3 }),
    s('dr2-pi', DAY_ROOM, 'temperature', { base: 22.5, dailyAmp: 1.5, peakHour: 14, noise: 0.15 }),
    s('dr2-pi', DAY_ROOM, 'humidity', { base: 41, dailyAmp: 2.5, peakHour: 5, noise: 0.4 }),
    s('dock-gw', MORNING_DOCK, 'temperature', { base: 11, dailyAmp: 3.5, peakHour: 13, noise: 0.2 }),
    s('hall-pi', NOON_HALL, 'temperature', { base: 19, dailyAmp: 2, peakHour: 12, noise: 0.15 }),
    s('hall-pi', NOON_HALL, 'humidity', { base: 55, dailyAmp: 3, peakHour: 4, noise: 0.4 }),
    s('yard-pi', MARCH_YARD, 'temperature', { base: 8, dailyAmp: 4, peakHour: 14, noise: 0.2 }),
    s('yard-pi', MARCH_YARD, 'humidity', { base: 68, dailyAmp: 6, peakHour: 5, noise: 0.5 }),
    s('may-pi', MAY_STREET, 'temperature', { base: 15, dailyAmp: 1, peakHour: 15, noise: 0.1 }),
  ];
}

/** Generates world C and stores it (SQLite in memory) through `store.ingest`. */
export async function buildWorldC(now = C_NOW, start = C_START): Promise<WorldC> {
  const specs = worldCSpecs();
  const series: Series[] = specs.map((spec, i) => ({ spec, samples: generate(spec, start, now, 5100 + i) }));
  const store = new SqliteStore(':memory:');
  await store.open();
  const byTs = new Map<number, ReturnType<typeof ReadingSchema.parse>[]>();
  for (const { spec, samples } of series) {
    for (const p of samples) {
      const r = ReadingSchema.parse({ node: spec.node, sensor: spec.sensor, kind: spec.kind, unit: spec.unit, location: spec.location, ts: p.ts, value: p.value });
      byTs.set(p.ts, [...(byTs.get(p.ts) ?? []), r]);
    }
  }
  const items: IngestItem[] = [...byTs].map(([ts, readings]) => ({ event: { source: '/eval/dev-c', id: `r-${ts}`, type: 'io.homelab.edge.reading', time: ts }, readings }));
  for (const node of [...new Set(specs.map((s) => s.node))]) {
    const location = specs.find((s) => s.node === node)!.location;
    for (let ts = now - MIN; ts >= now - 24 * HOUR; ts -= 5 * MIN) {
      const health = HealthSchema.parse({ node, location, ts, cpu_pct: 12, mem_pct: 30, temp_c: 45, disk_pct: 40, top: [] });
      items.push({ event: { source: '/eval/dev-c', id: `h-${node}-${ts}`, type: 'io.homelab.edge.health', time: ts }, health });
    }
  }
  await store.ingest(items);
  return { store, now, start, series };
}
