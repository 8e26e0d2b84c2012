import { EDGE_READINGS_MAX_ROWS, type EdgePoint, type EdgeReading, type EdgeReadingsParams, type EdgeReadingsResult } from '../../../core/edge-readings.js';
import { CommandError, type CommandHandler, type QueryableStore } from '../handler.js';

/** The store is read an hour at a time, so a long range never decodes more than an hour beyond what is answered. */
const CHUNK_MS = 3_600_000;
/** Longest range one query reads (the node keeps 7 days raw by default). */
const MAX_SPAN_MS = 31 * 86_400_000;

const bad = (message: string): never => { throw new CommandError('bad_params', message); };

/** Checks the studio's params again on the node: a node never trusts a query's bounds. */
export function readingsParams(p: unknown): EdgeReadingsParams {
  if (!p || typeof p !== 'object') return bad('params must be an object');
  const q = p as Record<string, unknown>;
  const int = (v: unknown) => typeof v === 'number' && Number.isInteger(v);
  if (!int(q.from) || !int(q.to) || (q.from as number) >= (q.to as number)) return bad('from and to must be epoch milliseconds with from < to');
  if ((q.to as number) - (q.from as number) > MAX_SPAN_MS) return bad(`the range is over ${MAX_SPAN_MS / 86_400_000} days`);
  if (!int(q.limit) || (q.limit as number) < 1 || (q.limit as number) > EDGE_READINGS_MAX_ROWS) return bad(`limit must be an integer in [1, ${EDGE_READINGS_MAX_ROWS}]`);
  for (const k of ['sensor', 'kind'] as const) if (q[k] !== undefined && typeof q[k] !== 'string') return bad(`${k} must be a string`);
  const out: EdgeReadingsParams = { from: q.from as number, to: q.to as number, limit: q.limit as number };
  if (q.sensor !== undefined) out.sensor = q.sensor as string;
  if (q.kind !== undefined) out.kind = q.kind as string;
  if (q.stepMs !== undefined) {
    if (!int(q.stepMs) || (q.stepMs as number) < 1) return bad('stepMs must be a positive integer');
    if (Math.ceil((out.to - out.from) / (q.stepMs as number)) > EDGE_READINGS_MAX_ROWS) return bad(`stepMs gives over ${EDGE_READINGS_MAX_ROWS} points per series`);
    out.stepMs = q.stepMs as number;
  }
  return out;
}

/** Raw readings of the range, earliest first, at most `limit` (then `truncated` with where to go on). */
export function rawReadings(store: QueryableStore, node: string, p: EdgeReadingsParams, signal?: AbortSignal): EdgeReadingsResult {
  const readings: EdgeReading[] = [];
  for (let from = p.from; from < p.to; from += CHUNK_MS) {
    if (signal?.aborted) throw new CommandError('deadline', 'the query passed its deadline', { cause: signal.reason });
    const to = Math.min(p.to, from + CHUNK_MS);
    const left = p.limit - readings.length + 1;
    for (const r of store.query({ node, from, to, limit: left, ...(p.sensor ? { sensor: p.sensor } : {}), ...(p.kind ? { kind: p.kind } : {}) })) {
      readings.push({ node: r.node, sensor: r.sensor, kind: r.kind, unit: r.unit, location: r.location ?? null, ts: r.ts, value: r.value, severity: r.severity, score: r.score ?? null });
    }
    if (readings.length > p.limit) break;
  }
  const truncated = readings.length > p.limit;
  let nextFrom: number | undefined;
  if (truncated) {
    // Readings of one millisecond are never split across pages: the page ends before the first left out.
    const firstLeft = readings[p.limit]!.ts;
    readings.length = p.limit;
    const whole = readings.filter((r) => r.ts < firstLeft);
    if (whole.length > 0) { readings.length = whole.length; nextFrom = firstLeft; } else nextFrom = firstLeft + 1;
  }
  return { node, from: p.from, to: p.to, count: readings.length, truncated, ...(nextFrom !== undefined ? { nextFrom } : {}), readings };
}

/** One point per series per `stepMs` bucket (count, mean, min, max), read an hour at a time. */
export function downsampled(store: QueryableStore, node: string, p: EdgeReadingsParams & { stepMs: number }, signal?: AbortSignal): EdgeReadingsResult {
  const buckets = new Map<string, EdgePoint & { sum: number }>();
  for (let from = p.from; from < p.to; from += CHUNK_MS) {
    if (signal?.aborted) throw new CommandError('deadline', 'the query passed its deadline', { cause: signal.reason });
    for (const r of store.query({ node, from, to: Math.min(p.to, from + CHUNK_MS), ...(p.sensor ? { sensor: p.sensor } : {}), ...(p.kind ? { kind: p.kind } : {}) })) {
      const ts = p.from + Math.floor((r.ts - p.from) / p.stepMs) * p.stepMs;
      const key = `${r.sensor}\u0000${r.kind}\u0000${ts}`;
      const b = buckets.get(key);
      if (!b) buckets.set(key, { node: r.node, sensor: r.sensor, kind: r.kind, unit: r.unit, ts, count: 1, sum: r.value, mean: r.value, min: r.value, max: r.value });
      else { b.count++; b.sum += r.value; if (r.value < b.min) b.min = r.value; if (r.value > b.max) b.max = r.value; }
    }
  }
  const points = [...buckets.values()].map(({ sum, ...pt }) => ({ ...pt, mean: sum / pt.count }))
    .sort((a, b) => a.ts - b.ts || a.sensor.localeCompare(b.sensor));
  return { node, from: p.from, to: p.to, stepMs: p.stepMs, count: points.length, truncated: false, points };
}

/** `readings.query`: a bounded read of the node's raw local store (raw, or downsampled by `stepMs`). */
export const readingsQuery: CommandHandler = {
  type: 'readings.query',
  run(params, ctx) {
    const p = readingsParams(params);
    const { store, node } = ctx.services;
    return p.stepMs !== undefined ? downsampled(store, node, { ...p, stepMs: p.stepMs }, ctx.signal) : rawReadings(store, node, p, ctx.signal);
  },
};
