/**
 * The dashboard's figures over 30 days × 50 sensors at one reading a minute (2.16 M readings,
 * BENCH_DASHBOARD_DAYS to change): the series endpoint for 30 days at a chart's width (p50/p99,
 * against the raw readings of the same series as the peer), page ready in headless Chromium
 * (the first chart drawn on a 30-day series view, and the overview with 50 sparklines, from
 * navigation start; cold browser context each time, median of 5), and the gzip payload of every
 * file the page loads.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { SqliteStore } from '../src/studio/store/sqlite/sqlite-store.js';
import type { IngestItem } from '../src/studio/store/store.js';
import { CHROMIUM, launch } from '../test/browser/browser.js';
import { createStudio } from '../src/app/studio-app.js';
import { chartSeries } from '../src/studio/dashboard/series-query.js';

const MIN = 60_000;
const pct = (xs: number[], p: number) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor(p * s.length))]!; };
const round = (x: number, d = 1) => Number(x.toFixed(d));

/** 10 nodes × 5 sensors at 1/min, with a short excursion and an anomaly per sensor every 3 days. */
function* site(days: number, now: number): Generator<IngestItem> {
  const kinds = ['temperature', 'humidity', 'pressure', 'temperature', 'humidity'];
  const start = Math.floor((now - days * 86_400_000) / MIN) * MIN;
  let batch: NonNullable<IngestItem['readings']> = [];
  let n = 0;
  for (let ts = start; ts < now; ts += MIN) {
    const anomalies: NonNullable<IngestItem['anomalies']> = [];
    for (let node = 1; node <= 10; node++) {
      const location = `warehouse-${String.fromCharCode(97 + (node % 3))}`;
      for (let s = 0; s < 5; s++) {
        const spike = ((ts - start) / MIN + node * 97 + s * 13) % 4320 === 0;
        const value = 20 + s + Math.sin(ts / 3.6e6 + node) + (spike ? 15 : 0);
        batch.push({ node: `pi-node-${node}`, sensor: `s${s}`, kind: kinds[s]!, unit: '', ts, value, location });
        if (spike) anomalies.push({ node: `pi-node-${node}`, sensor: `s${s}`, kind: kinds[s]!, unit: '', ts, value, location, score: 0.95, severity: 'critical', reason: 'spike' });
      }
    }
    if (anomalies.length) yield { event: { source: '/bench', id: `a${n++}`, type: 'io.homelab.edge.anomaly', time: ts }, anomalies };
    if (batch.length >= 1000) {
      yield { event: { source: '/bench', id: `e${n++}`, type: 'io.homelab.edge.reading', time: ts }, readings: batch };
      batch = [];
    }
  }
  if (batch.length) yield { event: { source: '/bench', id: `e${n++}`, type: 'io.homelab.edge.reading', time: now }, readings: batch };
}

/** Every file the page loads (the HTML's and each module's imports), gzip as served. */
async function payload(url: string): Promise<{ files: number; gzip: number; raw: number }> {
  const html = await (await fetch(`${url}/`)).text();
  const queue = ['/', ...[...html.matchAll(/(?:src|href)="(\/ui\/[^"]+)"/g)].map((m) => m[1]!)];
  const seen = new Set<string>();
  let gzip = 0;
  let raw = 0;
  while (queue.length) {
    const path = queue.shift()!;
    if (seen.has(path)) continue;
    seen.add(path);
    const res = await fetch(`${url}${path}`, { headers: { 'accept-encoding': 'identity' } });
    const body = Buffer.from(await res.arrayBuffer());
    raw += body.length;
    gzip += gzipSync(body, { level: 9 }).length; // what the studio sends (its files are gzipped at level 9)
    if (path.endsWith('.js') && !path.includes('/vendor/')) {
      for (const m of body.toString().matchAll(/^\s*import\s[^'"]*['"](\.[^'"]+)['"]/gm)) queue.push(new URL(m[1]!, `http://x${path}`).pathname);
    }
  }
  return { files: seen.size, gzip, raw };
}

export async function run(): Promise<Record<string, number | string>> {
  const days = Number(process.env.BENCH_DASHBOARD_DAYS ?? 30);
  const now = Date.now();
  const dir = mkdtempSync(join(tmpdir(), 'bench-dashboard-'));
  const out: Record<string, number | string> = {};
  const store = new SqliteStore(join(dir, 'studio.db'));
  await store.open();
  let pending: IngestItem[] = [];
  for (const item of site(days, now)) {
    pending.push(item);
    if (pending.length === 20) { await store.ingest(pending); pending = []; }
  }
  await store.ingest(pending);
  out['dashboard.readings_stored'] = (await store.counts()).readings;
  const studio = createStudio({ port: 0, host: '127.0.0.1', dataDir: dir, store });
  await studio.start();
  await studio.graph?.settled(); // the graph catches up on the stored anomalies first: not what is measured here
  try {
    const width = 1240; // the series chart's width in a 1280-px window
    const from = now - days * 86_400_000;
    const time = async (path: string, n: number) => {
      const lat: number[] = [];
      let bytes = 0;
      for (let i = 0; i < n; i++) {
        const t = performance.now();
        const res = await fetch(`${studio.url}${path}`);
        bytes = (await res.arrayBuffer()).byteLength;
        lat.push(performance.now() - t);
      }
      return { p50: pct(lat, 0.5), p99: pct(lat, 0.99), bytes };
    };
    const series = await time(`/api/v1/series?node=pi-node-3&sensor=s1&from=${from}&to=${now}&width=${width}`, 100);
    const raw = await time(`/api/v1/readings?node=pi-node-3&sensor=s1&from=${from}&to=${now}&limit=100000`, 10);
    out['dashboard.series_30d_at_1240px.p50_ms'] = round(series.p50, 2);
    out['dashboard.series_30d_at_1240px.p99_ms'] = round(series.p99, 2);
    out['dashboard.series_30d_at_1240px.kb'] = round(series.bytes / 1024);
    out['dashboard.raw_readings_30d_one_sensor.p50_ms'] = round(raw.p50, 1);
    out['dashboard.raw_readings_30d_one_sensor.kb'] = round(raw.bytes / 1024);
    out['dashboard.series_vs_raw.time_ratio'] = round(raw.p50 / series.p50);
    const sparks = await time(`/api/v1/series?from=${now - 86_400_000}&to=${now}&width=96&limit=1000`, 20);
    out['dashboard.overview_sparklines_50_series.p50_ms'] = round(sparks.p50, 1);

    const p = await payload(studio.url);
    out['dashboard.page_files'] = p.files;
    out['dashboard.page_gzip_kb'] = round(p.gzip / 1024);
    out['dashboard.page_raw_kb'] = round(p.raw / 1024);
    // The store call behind the series endpoint, in the same run (after the fetches: an idle keep-alive
    // socket the studio closed meanwhile would reset the next fetch): through the coarse rollup tier, and from the 5-minute rows alone.
    const reference = new SqliteStore(join(dir, 'studio.db'), { tiers: false });
    await reference.open();
    const chart = async (s: SqliteStore) => {
      const lat: number[] = [];
      const cpu: number[] = [];
      for (let i = 0; i < 60; i++) {
        const c = process.cpuUsage();
        const t = performance.now();
        await chartSeries(s, { node: 'pi-node-3', sensor: 's1', from, to: now, width });
        lat.push(performance.now() - t);
        const u = process.cpuUsage(c);
        cpu.push((u.user + u.system) / 1000);
      }
      return { wall: pct(lat, 0.5), cpu: pct(cpu, 0.5) };
    };
    const fineCall = await chart(reference);
    const coarseCall = await chart(store);
    const [fine, coarse] = [fineCall.wall, coarseCall.wall];
    out['dashboard.chart_30d_store_call.coarse_tier.cpu_p50_ms'] = round(coarseCall.cpu, 2);
    out['dashboard.chart_30d_store_call.five_min_rows.cpu_p50_ms'] = round(fineCall.cpu, 2);
    await reference.close();
    out['dashboard.chart_30d_store_call.coarse_tier.p50_ms'] = round(coarse, 2);
    out['dashboard.chart_30d_store_call.five_min_rows.p50_ms'] = round(fine, 2);
    out['dashboard.chart_30d_store_call.speedup'] = round(fine / coarse, 2);
    out['dashboard.load_average_1m'] = round(loadavg()[0]!, 1);

    if (!existsSync(CHROMIUM)) {
      out['dashboard.page_ready'] = `skipped: no Chromium at ${CHROMIUM}`;
      return out;
    }
    const browser = await launch();
    try {
      const ready = async (hash: string, mark: string, selector: string) => {
        const times: number[] = [];
        for (let i = 0; i < 6; i++) {
          const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
          const page = await context.newPage();
          await page.goto(`${studio.url}/${hash}`);
          await page.waitForSelector(selector, { timeout: 30_000 });
          const at = await page.evaluate((m) => performance.getEntriesByName(m)[0]?.startTime ?? NaN, mark);
          if (i > 0) times.push(at); // the first load warms the studio's file cache and Chromium itself
          await context.close();
        }
        return pct(times, 0.5);
      };
      out['dashboard.page_ready_series_30d.median_ms'] = round(await ready('#/series?node=pi-node-3&sensor=s1&range=30d', 'homelab:first-chart', '#chart[data-points]'));
      out['dashboard.page_ready_overview_50_sensors.median_ms'] = round(await ready('', 'homelab:overview', 'tr[data-series] svg.spark'));
    } finally {
      await browser.close();
    }
  } finally {
    await studio.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  return out;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  console.table(await run());
}
