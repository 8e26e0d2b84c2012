import { HttpClient } from '../sdk/client.js';
import type { ClientOptions } from '../sdk/types.js';
import type { Rollup, SeriesRef, TrainingData } from '../core/training.js';

/** One request covers at most this span at 5-minute steps (the API's 10 000 points). */
const CHUNK = 30 * 86_400_000;

/**
 * The studio's data through its HTTP API, for training away from the studio (`homelab train
 * --local`, the forge Job): series seen in the last 30 days (daily points), locations from /api/v1/nodes,
 * rollups as 5-minute points fetched 30 days at a time.
 */
export function apiTrainingData(options: ClientOptions): TrainingData {
  const http = new HttpClient(options);
  let window: { from: number; to: number } | undefined;
  return {
    async series() {
      const to = Date.now();
      const from = to - CHUNK;
      window = { from, to };
      const nodes = (await http.request<{ nodes: { node: string; location: string | null }[] }>('GET', '/api/v1/nodes')).nodes;
      const where = new Map(nodes.map((n) => [n.node, n.location]));
      const pts = (await http.request<{ points: { node: string; sensor: string; kind: string }[] }>('GET', `/api/v1/readings?step=1d&from=${from}&to=${to}`)).points;
      const seen = new Map<string, SeriesRef>();
      for (const p of pts) seen.set(`${p.node}/${p.sensor}/${p.kind}`, { node: p.node, sensor: p.sensor, kind: p.kind, unit: '', location: where.get(p.node) ?? null });
      return [...seen.values()];
    },
    async rollups(ref, from, to) {
      const out: Rollup[] = [];
      for (let a = Math.max(from, window?.from ?? from); a < to; a += CHUNK) {
        const b = Math.min(to, a + CHUNK);
        const q = new URLSearchParams({ node: ref.node, sensor: ref.sensor, kind: ref.kind, step: '5m', from: String(a), to: String(b) });
        const pts = (await http.request<{ points: Rollup[] }>('GET', `/api/v1/readings?${q.toString()}`)).points;
        out.push(...pts.map((p) => ({ ts: p.ts, count: p.count, mean: p.mean, min: p.min, max: p.max })));
      }
      return out;
    },
  };
}
