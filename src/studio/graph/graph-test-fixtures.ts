import pg from 'pg';
import { AggregateSchema, AnomalySchema, HealthSchema } from '../../core/schemas.js';
import type { IngestItem } from '../store/store.js';

/** Test support (not shipped behaviour): the PostgreSQL the suites use and realistic edge events. */
export const PG_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/**
 * Whether PostgreSQL answers; `false` (run) or the reason to skip. In CI an unreachable database
 * is a failure, not a skip, so the suite runs and fails loudly.
 * @example
 * describe('on postgres', { skip: await pgSkipReason() }, () => { … });
 */
export async function pgSkipReason(): Promise<string | false> {
  const c = new pg.Client({ connectionString: PG_URL, connectionTimeoutMillis: 3000 });
  try {
    await c.connect();
    return false;
  } catch (err) {
    if (process.env.CI === 'true') return false;
    return `PostgreSQL not reachable at ${PG_URL} (${(err as Error).message}); set TEST_DATABASE_URL`;
  } finally {
    await c.end().catch(() => undefined);
  }
}

/**
 * A fresh schema name per run, so parallel runs never see each other's rows.
 * @example
 * const schema = randomSchema('test_graph'); // dropped in after() with dropSchema(schema)
 */
export function randomSchema(prefix: string): string {
  return `${prefix}_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
}

/** Drops a test schema and everything in it. */
export async function dropSchema(schema: string): Promise<void> {
  const c = new pg.Client(PG_URL);
  await c.connect();
  try {
    await c.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  } finally {
    await c.end();
  }
}

export const MIN = 60_000;
export const HOUR = 60 * MIN;
/** Nov 20, 14:23 UTC: the seed's HVAC failure time. */
export const T0 = Date.UTC(2025, 10, 20, 14, 23);

const UNITS: Record<string, string> = { temperature: '°C', humidity: '%', pressure: 'hPa' };

/**
 * An anomaly event as the ingestor hands it on (default place warehouse-b, node pi-node-2).
 * @example
 * await graph.onData([anomalyItem('a1', { kind: 'temperature', value: 28.1, ts: T0 })]);
 */
export function anomalyItem(id: string, o: { node?: string; location?: string; kind: string; value: number; ts: number; severity?: 'warning' | 'critical' }): IngestItem {
  const node = o.node ?? 'pi-node-2';
  return {
    event: { source: `/edge/${node}`, id, type: 'io.homelab.edge.anomaly', time: o.ts },
    anomalies: [AnomalySchema.parse({
      node, sensor: `dht22-${o.kind}`, kind: o.kind, value: o.value, unit: UNITS[o.kind] ?? '', ts: o.ts,
      ...(o.location === undefined ? { location: 'warehouse-b' } : o.location ? { location: o.location } : {}),
      score: o.severity === 'warning' ? 0.46 : 0.92, severity: o.severity ?? 'critical', reason: 'level-shift',
    })],
  };
}

/**
 * A 5-minute aggregate of normal readings: what gives sensors their baseline.
 * @example
 * aggregateItem('ag1', 'pi-node-2', 'warehouse-b', T0 - 600_000, { temperature: 21.5, humidity: 45 })
 */
export function aggregateItem(id: string, node: string, location: string, ts: number, means: Record<string, number>): IngestItem {
  return {
    event: { source: `/edge/${node}`, id, type: 'io.homelab.edge.aggregate', time: ts },
    aggregate: AggregateSchema.parse({
      node, window_start: ts - 5 * MIN, window_end: ts,
      series: Object.entries(means).map(([kind, mean]) => ({ sensor: `dht22-${kind}`, kind, unit: UNITS[kind] ?? '', location, count: 60, min: mean - 0.2, max: mean + 0.2, mean, last: mean })),
    }),
  };
}

/**
 * Node health with its top processes.
 * @example
 * healthItem('h1', 'pi-node-2', 'warehouse-b', T0, [{ name: 'sensor-collector', cpu_pct: 12, mem_pct: 3 }])
 */
export function healthItem(id: string, node: string, location: string, ts: number, top: { name: string; cpu_pct: number; mem_pct: number }[]): IngestItem {
  return {
    event: { source: `/edge/${node}`, id, type: 'io.homelab.edge.health', time: ts },
    health: HealthSchema.parse({ node, ts, cpu_pct: 31, mem_pct: 42, temp_c: 48.5, disk_pct: 37, top, location }),
  };
}
