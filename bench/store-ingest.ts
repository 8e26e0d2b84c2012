import { pathToFileURL } from 'node:url';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteStore } from '../src/studio/store/sqlite/sqlite-store.js';
import { PostgresStore } from '../src/studio/store/postgres/postgres-store.js';
import type { IngestItem, StudioStore } from '../src/studio/store/store.js';
import { columnsOf } from '../src/studio/store/columns.js';
import type { Reading } from '../src/core/schemas.js';

/**
 * In-process ingest of one workload into SQLite and PostgreSQL in the same run: 50 series
 * (10 nodes × 5 sensors) at 1/min for BENCH_STORE_DAYS (default 3: 216 000 readings), as events of
 * 1 000 readings in columns (the form the HTTP fast path hands the store), 10 events per
 * `store.ingest()` call. The items are built before any clock starts.
 *
 * Printed per engine: wall readings/s around the store calls, this process's CPU µs per reading
 * over those calls and, for PostgreSQL, the server's CPU µs per reading (user+system of every
 * `postgres` process, from /proc, where readable). On the 2 shared cores wall time is mostly
 * waiting for a core; CPU per reading is the steadier figure. PostgreSQL runs a second time from
 * BENCH_STORE_CALLERS (default 2; 1 skips it) concurrent callers on a fresh schema. Knobs:
 * BENCH_STORE_DAYS, BENCH_STORE_ENGINES (default `sqlite,postgres`), BENCH_STORE_CALLERS, TEST_DATABASE_URL.
 */
const MIN = 60_000;

function dataset(days: number, now: number): IngestItem[] {
  const kinds = ['temperature', 'humidity', 'pressure', 'temperature', 'humidity'];
  const start = now - days * 24 * 60 * MIN;
  const items: IngestItem[] = [];
  let batch: Reading[] = [];
  const push = (time: number) => {
    items.push({ event: { source: '/bench', id: `e${items.length}`, type: 'io.homelab.edge.reading', time }, series: columnsOf(batch) });
    batch = [];
  };
  for (let ts = start; ts < now; ts += MIN) {
    for (let node = 1; node <= 10; node++) {
      for (let s = 0; s < 5; s++) {
        batch.push({ node: `pi-node-${node}`, sensor: `s${s}`, kind: kinds[s]!, value: +(20 + Math.sin(ts / 3.6e6) + s).toFixed(2), unit: '', ts, location: `warehouse-${String.fromCharCode(97 + (node % 3))}` });
      }
    }
    if (batch.length >= 1000) push(ts);
  }
  if (batch.length) push(now);
  return items;
}

const CLK_TCK = 100;

/** user+system CPU seconds of one process (all its threads), from /proc; NaN where unreadable. */
export function processCpu(pid: number | undefined): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(f[11]) + Number(f[12])) / CLK_TCK;
  } catch {
    return NaN;
  }
}

/** CPU seconds (user+system) of every process named `postgres`, or NaN where /proc is not readable. */
export function postgresServerCpu(): number {
  let total = 0;
  let seen = 0;
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const close = stat.lastIndexOf(')');
      if (!stat.slice(stat.indexOf('(') + 1, close).startsWith('postgres')) continue;
      const f = stat.slice(close + 2).split(' ');
      total += (Number(f[11]) + Number(f[12])) / CLK_TCK; // utime, stime (fields 14, 15)
      seen++;
    } catch { /* exited meanwhile */ }
  }
  return seen ? total : NaN;
}

interface Rate { readings: number; perSecond: number; cpuUsPerReading: number; serverCpuUsPerReading?: number }

/**
 * Feeds the items 10 per `store.ingest()` call from `concurrency` callers at once (the studio's
 * HTTP clients are concurrent too). Wall and CPU time run only over the ingest calls: with one
 * caller around each call, with several over the whole run.
 */
async function ingestRate(store: StudioStore, items: IngestItem[], concurrency: number, server?: () => number): Promise<Rate> {
  const chunks: IngestItem[][] = [];
  for (let i = 0; i < items.length; i += 10) chunks.push(items.slice(i, i + 10));
  const readings = items.reduce((n, it) => n + it.series!.reduce((m, c) => m + c.ts.length, 0), 0);
  let wall = 0;
  let cpu = 0;
  const s0 = server?.();
  const measure = async (f: () => Promise<unknown>) => {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    await f();
    wall += performance.now() - t0;
    const c = process.cpuUsage(c0);
    cpu += c.user + c.system;
  };
  let next = 0;
  const caller = async (timed: boolean) => {
    while (next < chunks.length) {
      const chunk = chunks[next++]!;
      if (timed) await measure(() => store.ingest(chunk));
      else await store.ingest(chunk);
    }
  };
  if (concurrency <= 1) await caller(true);
  else await measure(() => Promise.all(Array.from({ length: concurrency }, () => caller(false))));
  const out: Rate = { readings, perSecond: Math.round(readings / (wall / 1000)), cpuUsPerReading: +(cpu / readings).toFixed(2) };
  if (server && s0 !== undefined && Number.isFinite(s0)) out.serverCpuUsPerReading = +(((server() - s0) * 1e6) / readings).toFixed(2);
  return out;
}

async function dropSchema(url: string, schema: string): Promise<void> {
  const { default: pgLib } = await import('pg');
  const client = new pgLib.Client(url);
  await client.connect().then(() => client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`)).catch(() => undefined);
  await client.end().catch(() => undefined);
}

/** SQLite and PostgreSQL ingest of the same items, side by side. */
export async function run(): Promise<Record<string, number | string>> {
  const days = Number(process.env.BENCH_STORE_DAYS ?? 3);
  const engines = (process.env.BENCH_STORE_ENGINES ?? 'sqlite,postgres').split(',');
  const concurrent = Number(process.env.BENCH_STORE_CALLERS ?? 2);
  const now = Date.now();
  const out: Record<string, number | string> = { 'store.load_average_1m_before': Number(loadavg()[0]!.toFixed(1)) };
  const record = (engine: string, r: Rate) => {
    out[`store.${engine}.readings`] = r.readings;
    out[`store.${engine}.readings_per_s`] = r.perSecond;
    out[`store.${engine}.cpu_us_per_reading`] = r.cpuUsPerReading;
    if (r.serverCpuUsPerReading !== undefined) out[`store.${engine}.server_cpu_us_per_reading`] = r.serverCpuUsPerReading;
  };
  if (engines.includes('sqlite')) {
    const dir = mkdtempSync(join(tmpdir(), 'bench-store-'));
    const sqlite = new SqliteStore(join(dir, 'studio.db'));
    try {
      await sqlite.open();
      record('sqlite', await ingestRate(sqlite, dataset(days, now), 1));
    } finally {
      await sqlite.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }
  if (engines.includes('postgres')) {
    const url = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
    const schema = `bench_store_${process.pid}`;
    let pg = new PostgresStore(url, { schema });
    try {
      await pg.open();
      record('postgres', await ingestRate(pg, dataset(days, now), 1, postgresServerCpu));
      // The same workload again on a fresh schema from two callers at once: client and server overlap on the two cores.
      if (concurrent > 1) {
        await pg.close();
        await dropSchema(url, schema);
        pg = new PostgresStore(url, { schema });
        await pg.open();
        record(`postgres_${concurrent}_callers`, await ingestRate(pg, dataset(days, now), concurrent, postgresServerCpu));
      }
      const counts = await pg.counts();
      if (counts.readings !== out['store.postgres.readings']) out['store.postgres.error'] = `stored ${counts.readings} readings`;
    } catch (err) {
      out['store.postgres'] = `skipped: ${(err as Error).message}`;
    } finally {
      await pg.close().catch(() => undefined);
      await dropSchema(url, schema);
    }
  }
  if (typeof out['store.sqlite.readings_per_s'] === 'number' && typeof out['store.postgres.readings_per_s'] === 'number') {
    out['store.postgres_vs_sqlite.readings_per_s'] = +(out['store.postgres.readings_per_s'] / out['store.sqlite.readings_per_s']).toFixed(2);
  }
  out['store.load_average_1m_after'] = Number(loadavg()[0]!.toFixed(1));
  return out;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  console.table(await run());
}
