import { setImmediate as turn } from 'node:timers/promises';
import { HttpError } from './http-error.js';
import type { EdgeReadings } from '../commands/edge-readings.js';
import { EDGE_READINGS_MAX_ROWS } from '../commands/edge-readings.js';
import type { ReadingRow, SeriesFilter, SeriesPoint, StudioStore, TimeRange } from '../store/store.js';
import { ROLLUP_MS } from '../store/store.js';

/** Where an export's rows come from (`source=`; the answer says which in `X-Homelab-Export-Source`). */
export const EXPORT_SOURCES = ['auto', 'raw', 'rollups', 'node'] as const;
export type ExportSource = (typeof EXPORT_SOURCES)[number];

/** Most readings the raw-coverage probe reads before an export, in one turn of the event loop (the export itself yields a page at a time). */
const PROBE_MAX = 4096;
const DAY = 86_400_000;

/** The rollup columns an export of aggregates has (one row per series per 5-minute window). */
export const ROLLUP_COLUMNS = ['window_start', 'window_end', 'node', 'sensor', 'kind', 'count', 'mean', 'min', 'max'] as const;

/** What the export will send, decided before the first byte (headers go first). */
export type ExportPlan =
  | { source: 'studio-raw'; note?: string }
  | { source: 'studio-rollups'; rows: SeriesPoint[]; note: string }
  | { source: 'node-raw-store'; rows: ReadingRow[]; note?: string }
  | { source: 'none'; note: string };

/**
 * Decides where an export's rows come from. `raw`: the studio's raw readings only. `rollups`: its
 * 5-minute rollups (count, mean, min, max). `node`: the node's own raw store over its command
 * channel (one `node`, at most 10 000 readings). `auto` (default): raw readings when the studio has
 * any in the window; when it holds the window only as aggregates (normal data reaches it that way),
 * the rollups instead, saying so; a note when it holds raw readings for only part of it.
 */
export async function planExport(store: StudioStore, f: SeriesFilter & TimeRange, source: ExportSource, edge?: EdgeReadings): Promise<ExportPlan> {
  if (source === 'node') return fromNode(f, edge);
  if (source === 'rollups') return { source: 'studio-rollups', rows: await rollups(store, f), note: 'the studio\'s 5-minute rollups: count, mean, min and max per series per window' };
  // One raw reading is enough to know the studio has some; the rollups are counted only when that
  // decides something (no raw readings, or a window of a day at most): over a month they take a
  // long turn of the event loop, and the export itself yields a page at a time.
  const anyRaw = (await store.readings({ ...f, limit: 1 })).length > 0;
  if (anyRaw && (source === 'raw' || f.to - f.from > DAY)) return { source: 'studio-raw' };
  await turn();
  const covered = (await store.stats(f)).reduce((a, s) => a + s.count, 0);
  if (source === 'raw') return { source: 'studio-raw', ...(covered > 0 ? { note: `no raw readings in this window; it covers ${covered} readings in the studio's rollups (source=rollups)` } : {}) };
  if (!anyRaw && covered > 0) {
    return { source: 'studio-rollups', rows: await rollups(store, f), note: `the studio holds no raw readings in this window, only 5-minute aggregates of ${covered} readings: these are its rollups (count, mean, min, max); source=node&node=<name> gives the node's own raw readings, source=raw the (empty) raw export` };
  }
  if (!anyRaw) return { source: 'none', note: 'no readings and no rollups in this window for these filters' };
  if (covered < PROBE_MAX) {
    await turn();
    const raw = (await store.readings({ ...f, limit: covered + 1 })).length;
    if (raw < covered) return { source: 'studio-raw', note: `raw readings for ${raw} of the ${covered} readings in this window; the rest the studio holds only as 5-minute aggregates: source=rollups gives those, source=node&node=<name> the node's raw readings` };
  }
  return { source: 'studio-raw' };
}

async function rollups(store: StudioStore, f: SeriesFilter & TimeRange): Promise<SeriesPoint[]> {
  return (await store.series({ ...f, stepMs: ROLLUP_MS })).sort((a, b) => a.ts - b.ts || a.node.localeCompare(b.node) || a.sensor.localeCompare(b.sensor));
}

async function fromNode(f: SeriesFilter & TimeRange, edge?: EdgeReadings): Promise<ExportPlan> {
  if (!edge) throw new HttpError(400, 'source=node needs the command channel, which runs in the studio process (not an agent-only one)', 'source');
  if (!f.node) throw new HttpError(400, 'source=node reads one node\'s raw store: give node', 'node');
  const a = await edge.query(f.node, { from: f.from, to: f.to, limit: EDGE_READINGS_MAX_ROWS, ...(f.sensor ? { sensor: f.sensor } : {}), ...(f.kind ? { kind: f.kind } : {}) }, { timeoutMs: 10_000 });
  if (a.status === 'timeout') throw new HttpError(504, a.reason, 'node', 'node_timeout');
  if (a.status === 'failed') throw new HttpError(502, `node ${f.node}: ${a.error.message}`, 'node', a.error.reason);
  if (a.status !== 'done') throw new HttpError(504, `node ${f.node} did not answer`, 'node', 'node_timeout');
  const rows: ReadingRow[] = (a.result.readings ?? []).map((r) => ({ ...r, severity: (r.severity ?? null) as ReadingRow['severity'] }));
  return { source: 'node-raw-store', rows, ...(a.result.truncated ? { note: `the first ${rows.length} readings of the window (the most one answer holds); continue with from=${a.result.nextFrom}` } : {}) };
}

const cell = (v: string): string => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

/** Rollup rows as CSV or NDJSON lines. */
export function rollupText(rows: SeriesPoint[], format: 'csv' | 'ndjson'): string {
  const lines = rows.map((p) => {
    const start = new Date(p.ts).toISOString();
    const end = new Date(p.ts + ROLLUP_MS).toISOString();
    return format === 'csv'
      ? `${start},${end},${cell(p.node)},${cell(p.sensor)},${cell(p.kind)},${p.count},${p.mean},${p.min},${p.max}`
      : JSON.stringify({ window_start: start, window_end: end, node: p.node, sensor: p.sensor, kind: p.kind, count: p.count, mean: p.mean, min: p.min, max: p.max });
  });
  return `${format === 'csv' ? `${ROLLUP_COLUMNS.join(',')}\n` : ''}${lines.map((l) => `${l}\n`).join('')}`;
}
