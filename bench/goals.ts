/**
 * Goal progress from stored data: how long one goal's figures take per measure over BENCH_GOALS_DAYS
 * (default 7) of readings and health (3 nodes × 3 sensors at 1/min, health every minute), against the
 * store's own `stats()` over the same range and place in the same run (the ratio is what to watch),
 * and a whole GET /api/v1/goals-equivalent list of 50 goals.
 */
import { pathToFileURL } from 'node:url';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadavg } from 'node:os';
import { HealthSchema, ReadingSchema } from '../src/core/schemas.js';
import { SqliteStore } from '../src/studio/store/sqlite/sqlite-store.js';
import type { IngestItem } from '../src/studio/store/store.js';
import { GoalBook } from '../src/studio/goals/goal-book.js';
import { SqliteGoalRepository } from '../src/studio/goals/goal-repository.js';
import { measuredProgress } from '../src/studio/goals/measure.js';
import type { Measure } from '../src/studio/goals/goal.js';

const MIN = 60_000;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

export async function run(): Promise<Record<string, number | string>> {
  const days = Number(process.env.BENCH_GOALS_DAYS ?? 7);
  const dir = mkdtempSync(join(tmpdir(), 'bench-goals-'));
  const store = new SqliteStore(join(dir, 'studio.db'));
  await store.open();
  const now = Date.now();
  const start = now - days * 1440 * MIN;
  try {
    let batch: IngestItem[] = [];
    let n = 0;
    for (let ts = start; ts < now; ts += 60 * MIN) {
      const readings = [];
      for (let t = ts; t < Math.min(now, ts + 60 * MIN); t += MIN) {
        for (let node = 1; node <= 3; node++) {
          for (const [s, kind] of [['t', 'temperature'], ['h', 'humidity'], ['p', 'pressure']] as const) readings.push(ReadingSchema.parse({ node: `pi-${node}`, sensor: s, kind, unit: '', ts: t, value: 22 + 4 * Math.sin(t / 3.6e6 + node), location: 'warehouse-b' }));
          batch.push({ event: { source: '/bench', id: `h${n++}`, type: 'io.homelab.edge.health', time: t }, health: HealthSchema.parse({ node: `pi-${node}`, ts: t, cpu_pct: 50 + 20 * Math.sin(t / 7e6), mem_pct: 40, disk_pct: 30, top: [], location: 'warehouse-b' }) });
        }
      }
      batch.push({ event: { source: '/bench', id: `r${n++}`, type: 'io.homelab.edge.reading', time: ts }, readings });
      if (batch.length > 500) { await store.ingest(batch); batch = []; }
    }
    await store.ingest(batch);
    await store.flush?.();
    const period = { start, deadline: now + 86_400_000 };
    const measures: Record<string, Measure> = {
      time_share: { type: 'time_share', scope: { location: 'warehouse-b' }, kind: 'temperature', op: '<', threshold: 25, target_pct: 99 },
      average_readings: { type: 'average', scope: { location: 'warehouse-b' }, kind: 'humidity', op: '<', threshold: 25 },
      average_cpu: { type: 'average', scope: { node: 'pi-1' }, kind: 'cpu', op: '<', threshold: 60 },
      reporting: { type: 'reporting', scope: {}, target_pct: 99.9 },
      anomaly_free: { type: 'anomaly_free', scope: { location: 'warehouse-b' }, min_severity: 'critical' },
    };
    const out: Record<string, number | string> = { goals_days: days, goals_load_avg: loadavg()[0]!.toFixed(1) };
    const time = async (f: () => Promise<unknown>, reps = 7) => { const ms: number[] = []; for (let i = 0; i < reps; i++) { const t0 = performance.now(); await f(); ms.push(performance.now() - t0); } return median(ms); };
    const baseline = await time(() => store.stats({ location: 'warehouse-b', kind: 'temperature', from: start, to: now }));
    out.goals_store_stats_ms = Math.round(baseline * 10) / 10;
    for (const [name, m] of Object.entries(measures)) {
      const ms = await time(() => measuredProgress(store, { ...period, measure: m }, now));
      out[`goals_${name}_ms`] = Math.round(ms * 10) / 10;
      out[`goals_${name}_x_stats`] = Math.round((ms / baseline) * 10) / 10;
    }
    const book = new GoalBook({ repo: new SqliteGoalRepository(':memory:'), store, clock: () => now });
    await book.open();
    for (let i = 0; i < 50; i++) await book.create({ title: `g${i}`, start, deadline: now + 86_400_000, measure: Object.values(measures)[i % 5] });
    out.goals_list_50_ms = Math.round(await time(() => book.list(), 3));
    await book.close();
    return out;
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1]!).href) console.table(await run());
