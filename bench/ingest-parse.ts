import { pathToFileURL } from 'node:url';
import { parseBodyFast } from '../src/studio/ingest/fast-json.js';
import { FastReadings } from '../src/studio/ingest/fast-readings.js';

/**
 * CPU per reading of the `/events` fast parser alone (src/studio/ingest/fast-json.ts), on the two
 * body shapes the HTTP benches send: `peers` (one CloudEvent of 1 000 readings, 10 nodes × 5
 * sensors, as bench/peers.ts) and `studio-http` (10 events × 100 readings, as bench/studio-http.ts).
 * 300 bodies parsed per round, BENCH_PARSE_ROUNDS rounds (default 10) after 2 warm-up rounds; it
 * prints the fastest and the median round (this process's CPU time, which a loaded machine bends
 * less than wall time; the fastest round is the steadiest figure to compare two versions by).
 */
const BODIES = 300;
const ROUNDS = Number(process.env.BENCH_PARSE_ROUNDS ?? 10);

function peersBody(p: number, t0: number): unknown {
  const readings = Array.from({ length: 1000 }, (_, i) => {
    const k = p * 1000 + i;
    return { node: `pi-node-${k % 10}`, sensor: `s${(k >> 4) % 5}`, kind: 'temperature', value: +(20 + Math.sin(k / 500) * 3 + (k % 7) / 10).toFixed(2), unit: '°C', ts: t0 + Math.floor(k / 50) * 1000, location: 'warehouse-a' };
  });
  return [{ specversion: '1.0', id: `peer-${p}`, source: '/edge/bench', type: 'io.homelab.edge.reading', datacontenttype: 'application/json', data: { readings } }];
}

function httpBody(p: number, t0: number): unknown {
  return Array.from({ length: 10 }, (_, e) => {
    const n = p * 10 + e;
    const node = `pi-node-${n % 10}`;
    const readings = Array.from({ length: 100 }, (_, i) => ({ node, sensor: `s${i % 5}`, kind: 'temperature', value: 20 + (i % 7) / 10, unit: '°C', ts: t0 + n * 100 + i, location: 'warehouse-a' }));
    return { specversion: '1.0', id: `bench-${n}`, source: `/edge/${node}`, type: 'io.homelab.edge.reading', datacontenttype: 'application/json', data: { readings } };
  });
}

function nsPerReading(bodies: Buffer[]): { min: number; median: number } {
  const rounds: number[] = [];
  for (let round = 0; round < ROUNDS + 2; round++) {
    const c0 = process.cpuUsage();
    for (const body of bodies) {
      const events = parseBodyFast(body, 'batch') as { data: { readings: unknown } }[];
      if (!(events[0]!.data.readings instanceof FastReadings)) throw new Error('the fast parser did not take the bench body');
    }
    const c = process.cpuUsage(c0);
    if (round >= 2) rounds.push(((c.user + c.system) * 1000) / (bodies.length * 1000));
  }
  rounds.sort((a, b) => a - b);
  return { min: Math.round(rounds[0]!), median: Math.round(rounds[rounds.length >> 1]!) };
}

export async function run(): Promise<Record<string, number | string>> {
  const t0 = Date.now() - 3_600_000;
  const out: Record<string, number | string> = {};
  for (const [name, make] of [['peers', peersBody], ['studio_http', httpBody]] as const) {
    const r = nsPerReading(Array.from({ length: BODIES }, (_, p) => Buffer.from(JSON.stringify(make(p, t0)))));
    out[`ingest_parse.${name}.ns_per_reading_min`] = r.min;
    out[`ingest_parse.${name}.ns_per_reading_median`] = r.median;
  }
  return out;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  console.table(await run());
}
