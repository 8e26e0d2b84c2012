import { pathToFileURL, fileURLToPath } from 'node:url';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../test/e2e/helpers.js';

const READINGS = Number(process.env.BENCH_HTTP_READINGS ?? 500_000);
const PER_EVENT = 100;
const EVENTS_PER_POST = 10;
const CONCURRENCY = 4;


/** Batch-mode CloudEvents bodies of 10 events × 100 readings, built before the clock starts. */
function bodies(now: number): string[] {
  const out: string[] = [];
  let n = 0;
  for (let sent = 0; sent < READINGS; sent += PER_EVENT * EVENTS_PER_POST) {
    const events = [];
    for (let e = 0; e < EVENTS_PER_POST; e++, n++) {
      const node = `pi-node-${n % 10}`;
      const readings = Array.from({ length: PER_EVENT }, (_, i) => ({
        node, sensor: `s${i % 5}`, kind: 'temperature', value: 20 + (i % 7) / 10, unit: '°C', ts: now - READINGS + n * PER_EVENT + i, location: 'warehouse-a',
      }));
      events.push({ specversion: '1.0', id: `bench-${n}`, source: `/edge/${node}`, type: 'io.homelab.edge.reading', datacontenttype: 'application/json', data: { readings } });
    }
    out.push(JSON.stringify(events));
  }
  return out;
}

/**
 * End-to-end ingest: readings/s through `POST /events` of a studio in its own process (SQLite),
 * CloudEvents parsing, validation and storage included, from 4 concurrent clients in this process.
 */
export async function run(): Promise<Record<string, number | string>> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-http-'));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const studio = spawn(process.execPath, [fileURLToPath(new URL('../bin/homelab.mjs', import.meta.url)), 'studio', '--port', String(port), '--host', '127.0.0.1', '--data-dir', dir],
    { stdio: 'ignore', env: { ...process.env, RATE_LIMIT: '1000000' } });
  try {
    for (let i = 0; i < 300; i++) {
      const ready = await fetch(`${url}/readyz`).then((r) => r.json() as Promise<{ storage?: string }>).catch(() => undefined);
      if (ready?.storage === 'open') break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const todo = bodies(Date.now());
    let next = 0;
    let refused = 0;
    const t0 = performance.now();
    await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
      while (next < todo.length) {
        const body = todo[next++]!;
        const res = await fetch(`${url}/events`, { method: 'POST', headers: { 'content-type': 'application/cloudevents-batch+json' }, body });
        if (res.status >= 300) refused++;
        await res.arrayBuffer();
      }
    }));
    const seconds = (performance.now() - t0) / 1000;
    return {
      'studio.http_ingest.readings': todo.length * PER_EVENT * EVENTS_PER_POST,
      'studio.http_ingest.readings_per_s': Math.round((todo.length * PER_EVENT * EVENTS_PER_POST) / seconds),
      'studio.http_ingest.refused_posts': refused,
    };
  } finally {
    studio.kill('SIGTERM');
    await new Promise((r) => studio.once('exit', r));
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  console.table(await run());
}
