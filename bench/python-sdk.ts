/**
 * The Python SDK reading the seed's "30 days of data" (BENCH_PY_DAYS, default 30): ten series at one
 * reading a minute (431 850 readings for 30 days less 15 minutes: the seed's 432 000 within the raw retention), sent through POST /events,
 * then read back by `EdgeData.get_timeseries` as a DataFrame, as typed records, and chunk by chunk with
 * `iter_timeseries`; each mode in its own Python process, so its peak RSS is its own.
 */
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { StudioServer } from '../src/studio/server.js';
import { tempDir } from '../test/e2e/helpers.js';

const MIN = 60_000;
const PY = process.env.PYTHON ?? '/usr/bin/python3';
const SERIES = [
  ...['pi-node-1', 'pi-node-2', 'pi-node-3'].flatMap((node) => [
    { node, sensor: 'dht22-temperature', kind: 'temperature', unit: '°C' },
    { node, sensor: 'dht22-humidity', kind: 'humidity', unit: '%' },
    { node, sensor: 'bmp280-pressure', kind: 'pressure', unit: 'hPa' },
  ]),
  { node: 'pi-node-4', sensor: 'dht22-temperature', kind: 'temperature', unit: '°C' },
];

const SCRIPT = `
import json, resource, sys, time
mode, start, end = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
from homelab import EdgeData
try:
    import pandas
except ImportError:
    pass
base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
edge = EdgeData(agent="agent-bruno")
kinds = ["temperature", "humidity", "pressure"]
t = time.perf_counter()
if mode == "iter":
    n = sum(len(c) for c in edge.iter_timeseries(kinds, start=start, end=end, as_dataframe=False))
else:
    n = len(edge.get_timeseries(source="pi", sensors=kinds, start=start, end=end, as_dataframe=mode == "frame"))
print(json.dumps({"rows": n, "s": time.perf_counter() - t, "rss": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, "base": base, "requests": edge.last_requests}))
`;

function python(mode: string, [from, to]: [number, number], url: string): Promise<{ rows: number; s: number; rss: number; base: number; requests: number }> {
  return new Promise((done, fail) => {
    const child = spawn(PY, ['-c', SCRIPT, mode, String(from), String(to)], { env: { ...process.env, HOMELAB_URL: url, PYTHONPATH: resolve('sdk/python/src') } });
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => { out += c.toString(); });
    child.stderr.on('data', (c: Buffer) => { err += c.toString(); });
    child.on('exit', (code) => (code === 0 ? done(JSON.parse(out) as never) : fail(new Error(err))));
  });
}

export async function run(): Promise<Record<string, number | string>> {
  const days = Number(process.env.BENCH_PY_DAYS ?? 30);
  const dir = tempDir('bench-py-');
  mkdirSync(join(dir, 'studio'));
  const studio = new StudioServer({ port: 0, host: '127.0.0.1', dataDir: join(dir, 'studio') });
  await studio.start();
  try {
    const now = Date.now();
    // 15 minutes inside the raw retention (30 days by default), which would otherwise trim the oldest minute mid-run.
    const start = Math.floor((now - days * 1440 * MIN) / MIN) * MIN + 15 * MIN;
    let sent = 0;
    let id = 0;
    for (let t0 = start; t0 < now; t0 += 1500 * MIN) {
      const events = SERIES.map((s) => {
        const readings = [];
        for (let ts = t0; ts < Math.min(t0 + 1500 * MIN, now); ts += MIN) readings.push({ ...s, location: 'warehouse-a', ts, value: Math.round((20 + Math.sin(ts / 3_600_000)) * 100) / 100 });
        sent += readings.length;
        return { specversion: '1.0', id: `bench-py-${id++}`, source: `/edge/${s.node}`, type: 'io.homelab.edge.reading', data: { readings } };
      });
      const res = await fetch(`${studio.url}/events`, { method: 'POST', body: JSON.stringify(events), headers: { 'content-type': 'application/cloudevents-batch+json' } });
      if (res.status >= 300) throw new Error(`POST /events ${res.status}: ${await res.text()}`);
    }
    const frame = await python('frame', [start, now + 1], studio.url);
    const list = await python('list', [start, now + 1], studio.url);
    const iter = await python('iter', [start, now + 1], studio.url);
    if (frame.rows !== sent || list.rows !== sent || iter.rows !== sent) throw new Error(`sent ${sent}, read ${frame.rows}/${list.rows}/${iter.rows}`);
    const rate = (r: { rows: number; s: number }) => Math.round(r.rows / r.s);
    return {
      'python readings read': sent, 'python requests per read': frame.requests,
      'python DataFrame s': Number(frame.s.toFixed(2)), 'python DataFrame readings/s': rate(frame), 'python DataFrame peak RSS MB': Math.round(frame.rss), 'python baseline RSS MB (pandas imported)': Math.round(frame.base),
      'python records s': Number(list.s.toFixed(2)), 'python records peak RSS MB': Math.round(list.rss),
      'python iter_timeseries s': Number(iter.s.toFixed(2)), 'python iter_timeseries peak RSS MB': Math.round(iter.rss),
    };
  } finally {
    await studio.stop();
  }
}
