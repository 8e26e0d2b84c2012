import { pathToFileURL } from 'node:url';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteStore } from '../src/studio/store/sqlite/sqlite-store.js';
import { PostgresStore } from '../src/studio/store/postgres/postgres-store.js';
import type { IngestItem, StudioStore } from '../src/studio/store/store.js';
import { ReadingSchema } from '../src/core/schemas.js';
import { Bruno } from '../src/agents/bruno/bruno.js';
import { indexCatalog } from '../src/agents/bruno/language/catalog-index.js';
import { parseQuestion } from '../src/agents/bruno/language/parse.js';

const MIN = 60_000;

/** 50 sensors (10 nodes × 5) at 1/min for `days`, as events of 1000 readings. */
function* dataset(days: number, now: number): Generator<IngestItem> {
  const kinds = ['temperature', 'humidity', 'pressure', 'temperature', 'humidity'];
  const start = now - days * 24 * 60 * MIN;
  let batch: IngestItem['readings'] = [];
  let n = 0;
  for (let ts = start; ts < now; ts += MIN) {
    for (let node = 1; node <= 10; node++) {
      for (let s = 0; s < 5; s++) {
        batch.push(ReadingSchema.parse({ node: `pi-node-${node}`, sensor: `s${s}`, kind: kinds[s], value: 20 + Math.sin(ts / 3.6e6) + s, unit: '', ts, location: `warehouse-${String.fromCharCode(97 + (node % 3))}` }));
      }
    }
    if (batch.length >= 1000) {
      yield { event: { source: '/bench', id: `e${n++}`, type: 'io.homelab.edge.reading', time: ts }, readings: batch };
      batch = [];
    }
  }
  if (batch.length) yield { event: { source: '/bench', id: `e${n++}`, type: 'io.homelab.edge.reading', time: now }, readings: batch };
}

/**
 * Readings/s through `store.ingest()` alone: the clock runs only around the store calls, so
 * building and validating the synthetic readings (zod, ~3 µs each) is not counted against it.
 */
async function ingestRate(store: StudioStore, days: number, now: number): Promise<{ readings: number; perSecond: number }> {
  let readings = 0;
  let inStore = 0;
  let pending: IngestItem[] = [];
  const flush = async () => {
    const t0 = performance.now();
    await store.ingest(pending);
    inStore += performance.now() - t0;
    pending = [];
  };
  for (const item of dataset(days, now)) {
    pending.push(item);
    readings += item.readings!.length;
    if (pending.length === 10) await flush();
  }
  if (pending.length) await flush();
  return { readings, perSecond: Math.round(readings / (inStore / 1000)) };
}

const pct = (xs: number[], p: number) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor(p * s.length))]!; };

/** Studio figures: ingest readings/s (SQLite, PostgreSQL when reachable), readings query and /query latency. */
export async function run(): Promise<Record<string, number | string>> {
  const days = Number(process.env.BENCH_DAYS ?? 30);
  const now = Date.now();
  const dir = mkdtempSync(join(tmpdir(), 'bench-studio-'));
  const out: Record<string, number | string> = {};
  const sqlite = new SqliteStore(join(dir, 'studio.db'));
  await sqlite.open();
  const ing = await ingestRate(sqlite, days, now);
  out['studio.ingest.sqlite.readings'] = ing.readings;
  out['studio.ingest.sqlite.readings_per_s'] = ing.perSecond;
  // Wall time and this process's CPU time per call: on a loaded machine the wall time is mostly waiting for a core.
  const timed = async (f: () => Promise<unknown>) => {
    const c = process.cpuUsage();
    const t = performance.now();
    await f();
    const cpu = process.cpuUsage(c);
    return { wall: performance.now() - t, cpu: (cpu.user + cpu.system) / 1000 };
  };
  const lat: number[] = [];
  const latCpu: number[] = [];
  for (let i = 0; i < 50; i++) {
    const m = await timed(() => sqlite.series({ node: 'pi-node-3', sensor: 's0', from: now - 24 * 60 * MIN, to: now, stepMs: 5 * MIN }));
    lat.push(m.wall);
    latCpu.push(m.cpu);
  }
  out['studio.readings_24h_step5m.p50_ms'] = Number(pct(lat, 0.5).toFixed(2));
  out['studio.readings_24h_step5m.cpu_p50_ms'] = Number(pct(latCpu, 0.5).toFixed(2));
  const bruno = new Bruno(sqlite);
  // The same asks on a second connection reading the 5-minute rows only (no coarse tier), interleaved.
  const reference = new SqliteStore(join(dir, 'studio.db'), { tiers: false });
  await reference.open();
  const brunoFine = new Bruno(reference);
  // One question per operation the parser most often picks, asked in turn.
  const questions = ["What's the temperature in the warehouse?", 'Show me humidity in warehouse b in the last 24 hours', 'Are there any unhealthy Pi nodes?',
    'When was warehouse a coldest today?', 'where is it hottest right now', 'compare warehouse a and b', 'is humidity falling in warehouse-c?',
    'how many sensors are reporting', 'when did we last hear from pi-node-4', 'temperature in the garage', 'any anomalies in warehouse b today?', 'what was the temperature at 14:00 yesterday in warehouse a',
    'is warehouse a above 20°C?', 'did warehouse b ever go above 25 degrees yesterday', "how's everything?", 'which locations measure humidity'];
  const q: number[] = [];
  const qCpu: number[] = [];
  const qFine: number[] = [];
  const qFineCpu: number[] = [];
  const byQuestion = new Map<string, number[]>();
  // One untimed round first: each question's first ask compiles its code paths and prepares its
  // statements (a process's cold start, measured by `cold-start`); the slowest of it is printed.
  let firstAskMax = 0;
  for (const question of questions) {
    firstAskMax = Math.max(firstAskMax, (await timed(() => bruno.ask(question))).wall);
    await brunoFine.ask(question);
  }
  out['studio.query.first_round_max_ms'] = Number(firstAskMax.toFixed(2));
  for (let i = 0; i < 240; i++) {
    const question = questions[i % questions.length]!;
    const m = await timed(() => bruno.ask(question));
    const f = await timed(() => brunoFine.ask(question));
    q.push(m.wall);
    qCpu.push(m.cpu);
    qFine.push(f.wall);
    qFineCpu.push(f.cpu);
    byQuestion.set(question, [...(byQuestion.get(question) ?? []), m.wall]);
  }
  await reference.close();
  out['studio.query.cpu_p50_ms'] = Number(pct(qCpu, 0.5).toFixed(2));
  out['studio.query.five_min_rows_only.p50_ms'] = Number(pct(qFine, 0.5).toFixed(2));
  out['studio.query.five_min_rows_only.cpu_p50_ms'] = Number(pct(qFineCpu, 0.5).toFixed(2));
  out['studio.query.p50_ms'] = Number(pct(q, 0.5).toFixed(2));
  out['studio.query.p99_ms'] = Number(pct(q, 0.99).toFixed(2));
  const slowest = [...byQuestion].map(([question, ms]) => [question, pct(ms, 0.5)] as const).sort((a, b) => b[1] - a[1])[0]!;
  out['studio.query.slowest_p50'] = `${slowest[1].toFixed(2)} ms: ${slowest[0]}`;
  // The parser alone (tokens, names, time, measures, readings): what understanding costs per question.
  const index = indexCatalog(await sqlite.catalog());
  const parse: number[] = [];
  for (let i = 0; i < 2400; i++) {
    const t = performance.now();
    parseQuestion(questions[i % questions.length]!, index, now);
    parse.push(performance.now() - t);
  }
  out['studio.parse.p50_us'] = Math.round(pct(parse, 0.5) * 1000);
  out['studio.parse.p99_us'] = Math.round(pct(parse, 0.99) * 1000);
  await sqlite.close();
  const pgUrl = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  const schema = `bench_${process.pid}`;
  const pg = new PostgresStore(pgUrl, { schema });
  try {
    await pg.open();
    const pgDays = Math.min(days, Number(process.env.BENCH_PG_DAYS ?? 3));
    const r = await ingestRate(pg, pgDays, now);
    out['studio.ingest.postgres.readings'] = r.readings;
    out['studio.ingest.postgres.readings_per_s'] = r.perSecond;
  } catch (err) {
    out['studio.ingest.postgres'] = `skipped: ${(err as Error).message}`;
  } finally {
    await pg.close().catch(() => undefined); // before the drop: closing flushes into the schema's tables
    const { default: pgLib } = await import('pg');
    const client = new pgLib.Client(pgUrl);
    await client.connect().then(() => client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`)).catch(() => undefined);
    await client.end().catch(() => undefined);
  }
  out['studio.load_average_1m'] = Number(loadavg()[0]!.toFixed(1));
  rmSync(dir, { recursive: true, force: true });
  return out;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  console.table(await run());
}
