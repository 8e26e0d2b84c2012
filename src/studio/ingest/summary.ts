import { itemColumns, readingCount, type SeriesColumns } from '../store/columns.js';
import type { IngestItem } from '../store/store.js';

/** A batch's raw readings of one series (node, sensor, kind, unit, location), folded once. */
export interface SeriesSummary {
  node: string;
  sensor: string;
  kind: string;
  unit: string;
  location: string | undefined;
  count: number;
  /** Newest reading (by time; a tie goes to the later one in the batch). */
  lastTs: number;
  lastValue: number;
  min: number;
  minTs: number;
  max: number;
  maxTs: number;
  /** Newest reading with severity normal or none — a sensor's usual level — or NaN time when none was. */
  usualTs: number;
  usualValue: number;
  /** The readings themselves, for consumers that must look at each value (threshold alerts). */
  parts: SeriesColumns[];
}

/**
 * What the knowledge graph and the alert engine get for a stored batch: its items (anomalies,
 * health, aggregates and explanations are few) and its raw readings folded per series, so their
 * work grows with the series a batch touches, not with its readings.
 */
export interface BatchSummary {
  items: IngestItem[];
  series: SeriesSummary[];
  readings: number;
}

const NORMAL_LEVEL = 1;

/**
 * Folds the raw readings of stored items per series, in one pass over their columns.
 * @example
 * const s = summarize(stored);
 * s.series.map((x) => `${x.node}/${x.sensor} ${x.lastValue}`)
 */
export function summarize(items: IngestItem[]): BatchSummary {
  const bySeries = new Map<string, SeriesSummary>();
  let readings = 0;
  for (const item of items) {
    readings += readingCount(item);
    for (const cols of itemColumns(item)) {
      if (cols.ts.length === 0) continue;
      const key = `${cols.node}\u0000${cols.sensor}\u0000${cols.kind}\u0000${cols.unit}\u0000${cols.location ?? '\u0001'}`;
      let s = bySeries.get(key);
      if (!s) {
        s = {
          node: cols.node, sensor: cols.sensor, kind: cols.kind, unit: cols.unit, location: cols.location, count: 0,
          lastTs: -Infinity, lastValue: NaN, min: Infinity, minTs: NaN, max: -Infinity, maxTs: NaN, usualTs: NaN, usualValue: NaN, parts: [],
        };
        bySeries.set(key, s);
      }
      fold(s, cols);
    }
  }
  return { items, series: [...bySeries.values()], readings };
}

function fold(s: SeriesSummary, cols: SeriesColumns): void {
  const { ts, values, levels } = cols;
  s.parts.push(cols);
  s.count += ts.length;
  for (let i = 0; i < ts.length; i++) {
    const t = ts[i]!;
    const v = values[i]!;
    if (t >= s.lastTs) { s.lastTs = t; s.lastValue = v; }
    if (v < s.min || (v === s.min && t < s.minTs)) { s.min = v; s.minTs = t; }
    if (v > s.max || (v === s.max && t < s.maxTs)) { s.max = v; s.maxTs = t; }
    const usual = !levels || levels[i]! === 0 || levels[i]! === NORMAL_LEVEL;
    if (usual && !(t < s.usualTs)) { s.usualTs = t; s.usualValue = v; }
  }
}
