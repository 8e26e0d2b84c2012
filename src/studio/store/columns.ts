import type { Reading } from '../../core/schemas.js';
import { SEVERITIES, type Severity } from '../../core/severity.js';

/**
 * The raw readings of one series within one event, column by column: what the HTTP fast path
 * produces and every store writes from. Typed arrays, so a batch of a thousand readings is a
 * handful of objects rather than a thousand.
 */
export interface SeriesColumns {
  node: string;
  sensor: string;
  kind: string;
  unit: string;
  location: string | undefined;
  /** Epoch ms, in arrival order. */
  ts: Float64Array;
  values: Float64Array;
  /** Severity per reading as a {@link levelOf} rank (0: none given); absent when no reading has one. */
  levels?: Uint8Array;
  /** Score per reading, NaN where none was given; absent when no reading has one. */
  scores?: Float64Array;
  /** Reading identity (`node:boot:seq`) per reading, null where none was given; absent when none has one. */
  ids?: (string | null)[];
}

/** Severity as stored in blocks: 0 none, then 1 + its index in SEVERITIES (normal 1, warning 2, critical 3). */
export const levelOf = (s: Severity | undefined): number => (s === undefined ? 0 : SEVERITIES.indexOf(s) + 1);
export const severityOfLevel = (level: number): Severity | null => SEVERITIES[level - 1] ?? null;

const identity = (r: { node: string; sensor: string; kind: string; unit: string; location?: string | undefined }): string =>
  `${r.node}\u0000${r.sensor}\u0000${r.kind}\u0000${r.unit}\u0000${r.location ?? '\u0001'}`;

/**
 * Groups readings by series (node, sensor, kind, unit, location), keeping their order within
 * each group; groups come in order of first appearance.
 * @example
 * columnsOf([{ node: 'n1', sensor: 't', kind: 'temperature', unit: '°C', value: 21, ts: 1000 }])[0].values // Float64Array [21]
 */
export function columnsOf(readings: readonly Reading[]): SeriesColumns[] {
  const groups = new Map<string, Reading[]>();
  for (const r of readings) {
    const key = identity(r);
    const g = groups.get(key);
    if (g) g.push(r);
    else groups.set(key, [r]);
  }
  return [...groups.values()].map((rs) => {
    const first = rs[0]!;
    const cols: SeriesColumns = {
      node: first.node, sensor: first.sensor, kind: first.kind, unit: first.unit, location: first.location,
      ts: Float64Array.from(rs, (r) => r.ts), values: Float64Array.from(rs, (r) => r.value),
    };
    if (rs.some((r) => r.severity !== undefined || r.score !== undefined)) {
      cols.levels = Uint8Array.from(rs, (r) => levelOf(r.severity));
      cols.scores = Float64Array.from(rs, (r) => r.score ?? NaN);
    }
    if (rs.some((r) => r.id !== undefined)) cols.ids = rs.map((r) => r.id ?? null);
    return cols;
  });
}

/**
 * The readings of an item as columns: its `series` when the fast path made them, else grouped
 * from `readings`.
 */
export function itemColumns(item: { readings?: readonly Reading[]; series?: SeriesColumns[] }): SeriesColumns[] {
  return item.series ?? (item.readings ? columnsOf(item.readings) : []);
}

/** How many readings an item carries, in either form. */
export function readingCount(item: { readings?: readonly Reading[]; series?: SeriesColumns[] }): number {
  if (item.series) return item.series.reduce((n, s) => n + s.ts.length, 0);
  return item.readings?.length ?? 0;
}

/**
 * The readings of an item as objects, for the few consumers that want them (tests, tools); the hot
 * path never calls this.
 */
export function itemReadings(item: { readings?: Reading[]; series?: SeriesColumns[] }): Reading[] {
  if (item.readings) return item.readings;
  const out: Reading[] = [];
  for (const s of item.series ?? []) {
    for (let i = 0; i < s.ts.length; i++) {
      const r: Reading = { node: s.node, sensor: s.sensor, kind: s.kind, unit: s.unit, value: s.values[i]!, ts: s.ts[i]! };
      if (s.location !== undefined) r.location = s.location;
      const severity = s.levels ? severityOfLevel(s.levels[i]!) : null;
      if (severity) r.severity = severity;
      const score = s.scores?.[i];
      if (score !== undefined && !Number.isNaN(score)) r.score = score;
      const id = s.ids?.[i];
      if (id) r.id = id;
      out.push(r);
    }
  }
  return out;
}
