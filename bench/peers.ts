import { pathToFileURL, fileURLToPath } from 'node:url';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, lstatSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { freePort } from '../test/e2e/helpers.js';
import { postgresServerCpu, processCpu } from './store-ingest.js';

/**
 * Side-by-side ingest, as /work/shared/tools/peers-ingest.mjs measures it: the same readings (10 nodes ×
 * 5 sensors, 1 000 per POST, 4 concurrent clients, bodies built before the clock starts) into a fresh
 * studio (`POST /events`, one CloudEvent of 1 000 readings per POST), Debian's VictoriaMetrics and
 * InfluxDB 1.x (`/write`, Influx line protocol), each on a fresh directory on loopback. Disk is
 * `du -sb` of the whole data directory (every file: for the studio its SQLite files with their WAL and
 * shared-memory files, the side databases and the lock) a moment after the last write (the studio
 * still running, after its idle flush; VictoriaMetrics after /internal/force_flush), per reading; and
 * the directory's growth over the posts per reading (what the readings cost, without what a fresh
 * system's empty files take). Installs nothing: a peer that is not installed is skipped with how to get it.
 * CPU per reading is the server process's user+system time over the posts (and, for the studio on PostgreSQL,
 * the database server's beside it), from /proc: the figure a loaded machine bends least.
 * Knobs: BENCH_PEERS_READINGS (default 300000), BENCH_PROFILE=DIR (studio runs with --cpu-prof into DIR),
 * BENCH_PEERS_PG=0 (skip the studio on PostgreSQL).
 */
const N = Number(process.env.BENCH_PEERS_READINGS ?? 300_000);
const PER_POST = 1000;
const CONCURRENCY = 4;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function readingsFor(p: number, t0: number) {
  const out = [];
  for (let i = 0; i < PER_POST; i++) {
    const k = p * PER_POST + i;
    out.push({ node: `pi-node-${k % 10}`, sensor: `s${(k >> 4) % 5}`, value: +(20 + Math.sin(k / 500) * 3 + (k % 7) / 10).toFixed(2), ts: t0 + Math.floor(k / 50) * 1000 });
  }
  return out;
}
const studioBody = (p: number, t0: number) => JSON.stringify([{
  specversion: '1.0', id: `peer-${p}`, source: '/edge/bench', type: 'io.homelab.edge.reading', datacontenttype: 'application/json',
  data: { readings: readingsFor(p, t0).map((r) => ({ node: r.node, sensor: r.sensor, kind: 'temperature', value: r.value, unit: '°C', ts: r.ts, location: 'warehouse-a' })) },
}]);
const lineBody = (p: number, t0: number) =>
  readingsFor(p, t0).map((r) => `temperature,node=${r.node},sensor=${r.sensor},location=warehouse-a value=${r.value} ${r.ts}`).join('\n');

/** `du -sb`: apparent bytes of every file and directory under `dir` (a JS walk where du is missing). */
function du(dir: string): number {
  const r = spawnSync('du', ['-sb', dir], { encoding: 'utf8' });
  if (r.status === 0) return Number(r.stdout.split('\t')[0]);
  const walk = (p: string): number => { const st = lstatSync(p); return st.isDirectory() ? st.size + readdirSync(p).reduce((s, f) => s + walk(join(p, f)), 0) : st.size; };
  return walk(dir);
}

const which = (name: string): string | undefined =>
  [...(process.env.PATH ?? '').split(delimiter), '/usr/bin', '/usr/sbin'].map((d) => join(d, name)).find((p) => existsSync(p));

/** Resident memory of a process, MB (Linux /proc), or NaN. */
function rssMb(pid: number | undefined): number {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : NaN;
  } catch {
    return NaN;
  }
}

/**
 * Posts every body with 4 clients; samples the server's RSS meanwhile, and its CPU time (plus
 * PostgreSQL's when `server` is given) over the posts, per reading.
 */
async function drive(url: string, headers: Record<string, string>, bodies: string[], pid?: number, server?: () => number) {
  const cpu0 = processCpu(pid);
  const server0 = server?.() ?? NaN;
  let next = 0;
  let errors = 0;
  let peakRss = 0;
  const sampler = setInterval(() => { peakRss = Math.max(peakRss, rssMb(pid) || 0); }, 50);
  const t0 = performance.now();
  await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
    while (next < bodies.length) {
      const res = await fetch(url, { method: 'POST', headers, body: bodies[next++]! });
      if (res.status >= 300) {
        if (errors++ < 2) console.error(`\n  ${url}: ${res.status} ${(await res.text()).slice(0, 200)}`);
      } else await res.arrayBuffer();
    }
  }));
  const seconds = (performance.now() - t0) / 1000;
  clearInterval(sampler);
  const perReading = (s: number) => +((s * 1e6) / N).toFixed(2);
  return { perSecond: Math.round(N / seconds), errors, peakRss, cpuUs: perReading(processCpu(pid) - cpu0), serverCpuUs: perReading((server?.() ?? NaN) - server0) };
}

async function waitUp(url: string, what: string): Promise<void> {
  for (let i = 0; i < 300; i++) {
    if (await fetch(url).then((r) => r.status < 500, () => false)) return;
    await sleep(100);
  }
  throw new Error(`${what} did not answer ${url}`);
}

function start(cmd: string, args: string[], env: Record<string, string> = {}): ChildProcess {
  return spawn(cmd, args, { stdio: 'ignore', detached: true, env: { ...process.env, ...env } });
}

async function stop(p: ChildProcess): Promise<void> {
  const exited = new Promise((r) => p.once('exit', r));
  try { process.kill(-p.pid!, 'SIGTERM'); } catch { return; }
  await Promise.race([exited, sleep(10_000)]);
  try { process.kill(-p.pid!, 'SIGKILL'); } catch { /* gone */ }
}

interface Row { system: string; readings_per_s: number; cpu_us_per_reading: number; errors: number; disk_bytes_per_reading: number; disk_growth_bytes_per_reading: number; rss_peak_mb?: number; db_cpu_us_per_reading?: number }

async function studio(label: string, bodies: string[], env: Record<string, string> = {}): Promise<Row> {
  const dir = mkdtempSync(join(tmpdir(), 'peer-studio-'));
  const port = await freePort();
  const profile = process.env.BENCH_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE}`] : [];
  const p = start(process.execPath, [...profile, fileURLToPath(new URL('../bin/homelab.mjs', import.meta.url)), 'studio', '--host', '127.0.0.1', '--port', String(port), '--data-dir', dir],
    { RATE_LIMIT: '100000000', ...env });
  try {
    await waitUp(`http://127.0.0.1:${port}/healthz`, 'the studio');
    await sleep(1500);
    const empty = du(dir);
    const r = await drive(`http://127.0.0.1:${port}/events`, { 'content-type': 'application/cloudevents-batch+json' }, bodies, p.pid, env.DATABASE_URL ? postgresServerCpu : undefined);
    await sleep(2000);
    const size = du(dir);
    const row: Row = { system: label, readings_per_s: r.perSecond, cpu_us_per_reading: r.cpuUs, errors: r.errors, disk_bytes_per_reading: +(size / N).toFixed(2), disk_growth_bytes_per_reading: +((size - empty) / N).toFixed(2), rss_peak_mb: Math.round(r.peakRss) };
    if (Number.isFinite(r.serverCpuUs)) row.db_cpu_us_per_reading = r.serverCpuUs;
    return row;
  } finally {
    await stop(p);
    rmSync(dir, { recursive: true, force: true });
  }
}

async function victoria(bin: string, bodies: string[]): Promise<Row> {
  const dir = mkdtempSync(join(tmpdir(), 'peer-vm-'));
  const port = await freePort();
  const p = start(bin, [`-storageDataPath=${dir}`, `-httpListenAddr=127.0.0.1:${port}`, '-retentionPeriod=100y']);
  try {
    await waitUp(`http://127.0.0.1:${port}/health`, 'VictoriaMetrics');
    const empty = du(dir);
    const r = await drive(`http://127.0.0.1:${port}/write?precision=ms`, { 'content-type': 'text/plain' }, bodies, p.pid);
    await fetch(`http://127.0.0.1:${port}/internal/force_flush`);
    await sleep(3000);
    const size = du(dir);
    return { system: 'VictoriaMetrics', readings_per_s: r.perSecond, cpu_us_per_reading: r.cpuUs, errors: r.errors, disk_bytes_per_reading: +(size / N).toFixed(2), disk_growth_bytes_per_reading: +((size - empty) / N).toFixed(2), rss_peak_mb: Math.round(r.peakRss) };
  } finally {
    await stop(p);
    rmSync(dir, { recursive: true, force: true });
  }
}

async function influx(bin: string, bodies: string[]): Promise<Row> {
  const dir = mkdtempSync(join(tmpdir(), 'peer-influx-'));
  const [httpPort, rpcPort] = [await freePort(), await freePort()];
  const conf = join(dir, 'influx.conf');
  writeFileSync(conf, `reporting-disabled = true\nbind-address = "127.0.0.1:${rpcPort}"\n[meta]\n dir = "${dir}/meta"\n[data]\n dir = "${dir}/data"\n wal-dir = "${dir}/wal"\n query-log-enabled = false\n[http]\n bind-address = "127.0.0.1:${httpPort}"\n log-enabled = false\n`);
  const p = start(bin, ['-config', conf]);
  try {
    await waitUp(`http://127.0.0.1:${httpPort}/ping`, 'InfluxDB');
    await fetch(`http://127.0.0.1:${httpPort}/query`, { method: 'POST', body: new URLSearchParams({ q: 'CREATE DATABASE bench' }) });
    const empty = du(dir);
    const r = await drive(`http://127.0.0.1:${httpPort}/write?db=bench&precision=ms`, { 'content-type': 'text/plain' }, bodies, p.pid);
    await sleep(3000);
    const size = du(dir);
    return { system: 'InfluxDB 1.x', readings_per_s: r.perSecond, cpu_us_per_reading: r.cpuUs, errors: r.errors, disk_bytes_per_reading: +(size / N).toFixed(2), disk_growth_bytes_per_reading: +((size - empty) / N).toFixed(2), rss_peak_mb: Math.round(r.peakRss) };
  } finally {
    await stop(p);
    rmSync(dir, { recursive: true, force: true });
  }
}

async function postgresUrl(): Promise<string | undefined> {
  if (process.env.BENCH_PEERS_PG === '0') return undefined;
  const url = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  const { default: pg } = await import('pg');
  const c = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try { await c.connect(); return url; } catch { return undefined; } finally { await c.end().catch(() => undefined); }
}

/** Readings/s and disk per reading of the studio and its peers, in one run, with the ratios. */
export async function run(): Promise<Record<string, number | string>> {
  const posts = Math.ceil(N / PER_POST);
  const t0 = Date.now() - N;
  const rows: Row[] = [];
  rows.push(await studio('studio (SQLite)', Array.from({ length: posts }, (_, p) => studioBody(p, t0))));
  const pgUrl = await postgresUrl();
  const schema = `bench_peers_${process.pid}`;
  if (pgUrl) {
    rows.push(await studio('studio (PostgreSQL)', Array.from({ length: posts }, (_, p) => studioBody(p, t0)), { DATABASE_URL: pgUrl, DATABASE_SCHEMA: schema }));
    rows[rows.length - 1]!.disk_bytes_per_reading = NaN; // the data lives in the server, not the data directory
    rows[rows.length - 1]!.disk_growth_bytes_per_reading = NaN;
    const { default: pg } = await import('pg');
    const c = new pg.Client(pgUrl);
    await c.connect().then(() => c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`)).finally(() => c.end());
  }
  const out: Record<string, number | string> = {};
  const vm = which('victoria-metrics');
  const influxd = which('influxd');
  if (vm) rows.push(await victoria(vm, Array.from({ length: posts }, (_, p) => lineBody(p, t0))));
  else out['peers.victoria-metrics'] = 'not installed: apt-get install victoria-metrics';
  if (influxd) rows.push(await influx(influxd, Array.from({ length: posts }, (_, p) => lineBody(p, t0))));
  else out['peers.influxdb'] = 'not installed: apt-get install influxdb';
  console.log('');
  console.table(rows);
  const find = (prefix: string) => rows.find((r) => r.system.startsWith(prefix));
  const s = find('studio (SQLite)')!;
  for (const r of rows) {
    const key = r.system.toLowerCase().replace(/[^a-z]+/g, '_').replace(/_$/, '');
    out[`peers.${key}.readings_per_s`] = r.readings_per_s;
    out[`peers.${key}.cpu_us_per_reading`] = r.cpu_us_per_reading;
    if (r.db_cpu_us_per_reading !== undefined) out[`peers.${key}.db_cpu_us_per_reading`] = r.db_cpu_us_per_reading;
    if (Number.isFinite(r.disk_bytes_per_reading)) out[`peers.${key}.disk_bytes_per_reading`] = r.disk_bytes_per_reading;
    if (Number.isFinite(r.disk_growth_bytes_per_reading)) out[`peers.${key}.disk_growth_bytes_per_reading`] = r.disk_growth_bytes_per_reading;
    if (r.rss_peak_mb) out[`peers.${key}.rss_peak_mb`] = r.rss_peak_mb;
    if (r.errors) out[`peers.${key}.errors`] = r.errors;
  }
  const v = find('Victoria');
  const i = find('InfluxDB');
  if (v) out['peers.studio_vs_victoria_metrics.readings_per_s'] = +(s.readings_per_s / v.readings_per_s).toFixed(3);
  // CPU per reading of the server process: the ratio a loaded machine bends least (higher is better for the studio).
  if (v) out['peers.studio_vs_victoria_metrics.readings_per_cpu_s'] = +(v.cpu_us_per_reading / s.cpu_us_per_reading).toFixed(3);
  if (i) out['peers.studio_vs_influxdb.readings_per_s'] = +(s.readings_per_s / i.readings_per_s).toFixed(3);
  if (v) out['peers.studio_vs_victoria_metrics.disk'] = +(s.disk_bytes_per_reading / v.disk_bytes_per_reading).toFixed(2);
  if (!vm && !influxd) out['peers.note'] = 'no peer installed: the studio ran alone (apt-get install victoria-metrics influxdb for the comparison)';
  return out;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  console.table(await run());
}
