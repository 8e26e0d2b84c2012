/**
 * The development set's fourth world: places whose names hold everyday words and designators —
 * "Store Room" (a verb "stored" is not it), "Reading Room" (nor is "the latest reading"), "Data
 * Hall", "Second Floor Lab" (an ordinal), "Unit 4" (a number), "Bay C" (a letter) — so a generic
 * question must not narrow to a place whose name shares a word with it, and a sibling that differs
 * only by its ordinal, number or letter ("third floor lab", "unit 7", "bay d") is a place the store
 * lacks. Six nodes, temperature and humidity, Monday 00:00 to Wednesday 11:30 (local time), one
 * reading a minute; the Data Hall's node stopped reporting at 08:10 today.
 */
import { HealthSchema, ReadingSchema } from '../../src/core/schemas.js';
import { SqliteStore } from '../../src/studio/store/sqlite/sqlite-store.js';
import type { IngestItem } from '../../src/studio/store/store.js';
import { generate, HOUR, MIN, type SeriesSpec } from './generator.js';
import { localAt, type Series } from './truth.js';

export interface WorldD {
  store: SqliteStore;
  now: number;
  start: number;
  series: Series[];
  nodes: { node: string; location: string; lastSeen: number }[];
}

export const D_NOW = new Date(2026, 10, 25, 11, 30).getTime();
export const D_START = new Date(2026, 10, 23, 0, 0).getTime();
export const STORE_ROOM = 'Store Room';
export const READING_ROOM = 'Reading Room';
export const DATA_HALL = 'Data Hall';
export const FLOOR_LAB = 'Second Floor Lab';
export const UNIT = 'Unit 4';
export const BAY = 'Bay C';

const SENSOR: Record<string, [string, string]> = { temperature: ['sht45-temp', '°C'], humidity: ['sht45-rh', '%'] };

export function worldDSpecs(now = D_NOW): SeriesSpec[] {
  const stop = localAt(now, 0, 8, 10);
  const s = (node: string, location: string, kind: string, rest: Omit<SeriesSpec, 'node' | 'location' | 'kind' | 'sensor' | 'unit'>): SeriesSpec =>
    ({ node, location, kind, sensor: SENSOR[kind]![0], unit: SENSOR[kind]![1], ...rest });
  return [
    s('sr-pi', STORE_ROOM, 'temperature', { base: 14.5, dailyAmp: 0.8, peakHour: 15, noise: 0.1 }),
    s('sr-pi', STORE_ROOM, 'humidity', { base: 61, dailyAmp: 2, peakHour: 5, noise: 0.3 }),
    s('rr-pi', READING_ROOM, 'temperature', { base: 21.2, dailyAmp: 1.2, peakHour: 14, noise: 0.1 }),
    s('rr-pi', READING_ROOM, 'humidity', { base: 44, dailyAmp: 2.5, peakHour: 5, noise: 0.3 }),
    s('dh-pi', DATA_HALL, 'temperature', { base: 24.8, dailyAmp: 0.3, peakHour: 15, noise: 0.1, stopAt: stop }),
    s('dh-pi', DATA_HALL, 'humidity', { base: 33, dailyAmp: 1, peakHour: 5, noise: 0.3, stopAt: stop }),
    s('sfl-pi', FLOOR_LAB, 'temperature', { base: 19.6, dailyAmp: 1.5, peakHour: 14, noise: 0.15 }),
    s('sfl-pi', FLOOR_LAB, 'humidity', { base: 50, dailyAmp: 3, peakHour: 5, noise: 0.4 }),
    s('u4-gw', UNIT, 'temperature', { base: 8.2, dailyAmp: 2.5, peakHour: 13, noise: 0.2 }),
    s('u4-gw', UNIT, 'humidity', { base: 70, dailyAmp: 4, peakHour: 5, noise: 0.4 }),
    s('bayc-pi', BAY, 'temperature', { base: 12.3, dailyAmp: 3, peakHour: 14, noise: 0.2 }),
    s('bayc-pi', BAY, 'humidity', { base: 58, dailyAmp: 3, peakHour: 5, noise: 0.4 }),
  ];
}

/** Generates world D and stores it (SQLite in memory) through `store.ingest`. */
export async function buildWorldD(now = D_NOW, start = D_START): Promise<WorldD> {
  const specs = worldDSpecs(now);
  const series: Series[] = specs.map((spec, i) => ({ spec, samples: generate(spec, start, now, 6300 + i) }));
  const store = new SqliteStore(':memory:');
  await store.open();
  const byTs = new Map<number, ReturnType<typeof ReadingSchema.parse>[]>();
  for (const { spec, samples } of series) {
    for (const p of samples) {
      const r = ReadingSchema.parse({ node: spec.node, sensor: spec.sensor, kind: spec.kind, unit: spec.unit, location: spec.location, ts: p.ts, value: p.value });
      byTs.set(p.ts, [...(byTs.get(p.ts) ?? []), r]);
    }
  }
  const items: IngestItem[] = [...byTs].map(([ts, readings]) => ({ event: { source: '/eval/dev-d', id: `r-${ts}`, type: 'io.homelab.edge.reading', time: ts }, readings }));
  const nodes = [...new Set(specs.map((s) => s.node))].map((node) => {
    const spec = specs.find((s) => s.node === node)!;
    return { node, location: spec.location, lastSeen: spec.stopAt ?? now - MIN };
  });
  for (const { node, location, lastSeen } of nodes) {
    for (let ts = lastSeen; ts >= now - 24 * HOUR; ts -= 5 * MIN) {
      const health = HealthSchema.parse({ node, location, ts, cpu_pct: 15, mem_pct: 35, temp_c: 46, disk_pct: 42, top: [] });
      items.push({ event: { source: '/eval/dev-d', id: `h-${node}-${ts}`, type: 'io.homelab.edge.health', time: ts }, health });
    }
  }
  await store.ingest(items);
  return { store, now, start, series, nodes };
}
