import { spawn, type ChildProcess } from 'node:child_process';
import { request } from 'node:http';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const BIN = fileURLToPath(new URL('../../bin/homelab.mjs', import.meta.url));

/** One `homelab studio` or `homelab edge` process that a chaos run kills and starts again. */
export class ChaosProcess {
  private child?: ChildProcess;
  readonly log: string[] = [];

  constructor(private readonly args: string[], private readonly env: Record<string, string>, readonly port: number) {}

  start(): void {
    const child = spawn(process.execPath, [BIN, ...this.args], { env: { ...process.env, ...this.env }, stdio: ['ignore', 'pipe', 'pipe'] });
    const keep = (c: Buffer) => { this.log.push(c.toString()); if (this.log.length > 400) this.log.splice(0, 200); };
    child.stdout!.on('data', keep);
    child.stderr!.on('data', keep);
    this.child = child;
  }

  /** Ends the process with `signal` and waits for it to be gone. */
  async kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const gone = new Promise((r) => child.once('exit', r));
    child.kill(signal);
    await gone;
  }

  /** Resolves once GET /healthz answers 200 (throws after `timeoutMs`). */
  async ready(timeoutMs = 30_000): Promise<void> {
    const end = Date.now() + timeoutMs;
    while (Date.now() < end) {
      const r = await http('GET', this.port, '/healthz').catch(() => undefined);
      if (r?.status === 200) return;
      await new Promise((res) => setTimeout(res, 100));
    }
    throw new Error(`${this.args[0]} did not answer /healthz within ${timeoutMs} ms:\n${this.log.join('').slice(-3000)}`);
  }
}

/** A plain HTTP request on loopback. */
export function http(method: string, port: number, path: string, body?: string, timeoutMs = 5000, headers: Record<string, string> = {}): Promise<{ status: number; body: string; headers: Record<string, string | string[] | undefined> }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method, timeout: timeoutMs, headers: { ...(body ? { 'content-type': 'application/json' } : {}), ...headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString(), headers: res.headers }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    req.end(body);
  });
}

export interface PushTally {
  /** Readings answered 202 (acknowledged), per sensor. */
  acked: Record<string, number>;
  /** Readings whose request got no answer (the collector died during it): they may or may not be kept. */
  unknown: Record<string, number>;
  /** Readings refused with an answer (507, 503): not acknowledged, so not expected. */
  refused: number;
  /** `sensor@ts` of every reading sent, acknowledged or not (anomalies must be among them). */
  sent: Set<string>;
  /** `sensor@ts` of the acknowledged ones. */
  ackedIds: Set<string>;
  /** Keyed mode: requests sent again after no answer, and 202s that were replays of an earlier commit. */
  retries: number;
  replays: number;
}

/**
 * Pushes `perSensor` readings of each of `sensors` every `everyMs` to the collector's /push until
 * `stop()`: unique timestamps per sensor, and every 41st batch a spike on the first sensor, each
 * higher than the last, so that past the detector's probation some become anomalies that carry
 * their reading's identity to the studio. `keyed`: each batch carries an `Idempotency-Key` and a
 * request that got no answer is sent again with it (every 200 ms, up to 60 s) until it is
 * answered, as a careful sender would: then nothing ends with an unknown outcome.
 */
export function startPusher(port: () => number, sensors: string[], everyMs: number, perSensor = 1, keyed = false): { tally: PushTally; stop: () => Promise<void> } {
  const tally: PushTally = { acked: {}, unknown: {}, refused: 0, sent: new Set(), ackedIds: new Set(), retries: 0, replays: 0 };
  const run = `${process.pid}-${Date.now()}`;
  let running = true;
  let ts = Date.now() - 1000;
  let k = 0;
  const loop = (async () => {
    while (running) {
      k++;
      ts = Math.max(ts + perSensor, Date.now());
      const batch = sensors.flatMap((sensor, i) => Array.from({ length: perSensor }, (_, j) => ({
        sensor, kind: 'temperature', unit: '°C', ts: ts - perSensor + 1 + j,
        value: Number((20 + Math.sin((k * perSensor + j) / 20) + (k % 41 === 0 && i === 0 && j === perSensor - 1 ? 15 + k : 0)).toFixed(3)),
      })));
      for (const b of batch) tally.sent.add(`${b.sensor}@${b.ts}`);
      const add = (into: Record<string, number>) => { for (const b of batch) into[b.sensor] = (into[b.sensor] ?? 0) + 1; };
      const body = JSON.stringify({ readings: batch });
      const headers: Record<string, string> = keyed ? { 'idempotency-key': `${run}-${k}` } : {};
      for (const giveUp = Date.now() + 60_000; ;) {
        try {
          const r = await http('POST', port(), '/push', body, 3000, headers);
          if (r.status === 202 && (JSON.parse(r.body) as { accepted: number }).accepted === batch.length) {
            add(tally.acked);
            if (r.headers['idempotent-replayed'] === 'true') tally.replays++;
            for (const b of batch) tally.ackedIds.add(`${b.sensor}@${b.ts}`);
          } else tally.refused += batch.length;
          break;
        } catch (err) {
          // Refused before it was sent: the collector is down, nothing was taken.
          const refused = (err as NodeJS.ErrnoException).code === 'ECONNREFUSED';
          if (!keyed || Date.now() > giveUp || !running) {
            if (!refused) add(tally.unknown);
            break;
          }
          tally.retries++;
          await new Promise((r) => setTimeout(r, 200));
        }
      }
      await new Promise((r) => setTimeout(r, everyMs));
    }
  })();
  return { tally, stop: async () => { running = false; await loop; } };
}

/** Sum of `count` per sensor of a node over all time, as the studio accounts for it. */
export async function studioCounts(port: number, node: string): Promise<Record<string, number>> {
  const r = await http('GET', port, `/api/v1/readings?node=${node}&step=1d&from=${Date.now() - 7 * 86_400_000}&to=${Date.now() + 86_400_000}`, undefined, 10_000);
  if (r.status !== 200) return {};
  const totals: Record<string, number> = {};
  for (const p of (JSON.parse(r.body) as { points: { sensor: string; count: number }[] }).points) totals[p.sensor] = (totals[p.sensor] ?? 0) + p.count;
  return totals;
}

/** `sensor@ts` of every anomaly the studio holds for a node (duplicates kept, to be counted). */
export async function studioAnomalies(port: number, node: string): Promise<string[]> {
  const r = await http('GET', port, `/api/v1/anomalies?node=${node}&from=${Date.now() - 7 * 86_400_000}&to=${Date.now() + 86_400_000}&limit=10000`, undefined, 10_000);
  if (r.status !== 200) return [];
  return (JSON.parse(r.body) as { anomalies: { sensor: string; ts: number | string }[] }).anomalies.map((a) => `${a.sensor}@${typeof a.ts === 'number' ? a.ts : Date.parse(a.ts)}`);
}

export const studioArgs = (port: number, dir: string): string[] => ['studio', '--host', '127.0.0.1', '--port', String(port), '--data-dir', join(dir, 'studio')];
export const edgeArgs = (port: number, studioPort: number, dir: string, node: string): string[] =>
  ['edge', '--node', node, '--location', 'chaos-lab', '--studio-url', `http://127.0.0.1:${studioPort}`, '--data-dir', join(dir, 'edge'), '--port', String(port)];
