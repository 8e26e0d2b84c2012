import { severityOfLevel } from './columns.js';
import type { Points } from './blocks.js';
import type { ReadingRow, TimeRange } from './store.js';

/** A block to read, with the series it belongs to (from the engine's index, before any blob is read). */
export interface SeriesBlockRef {
  id: number;
  tMin: number;
  tMax: number;
  count: number;
  node: string;
  sensor: string;
  kind: string;
  unit: string;
  location: string | null;
}

/** Blocks decoded per round: enough readings to fill a page, never a whole range at once. */
const MIN_ROUND_READINGS = 4096;

const byTimeNodeSensor = (a: ReadingRow, b: ReadingRow): number =>
  a.ts - b.ts || (a.node < b.node ? -1 : a.node > b.node ? 1 : 0) || (a.sensor < b.sensor ? -1 : a.sensor > b.sensor ? 1 : 0);

/**
 * The readings of `range` from blocks, ordered by time, node, sensor, at most `limit`: the `readings`
 * query of every engine. `refs` must be sorted by `tMin`; blocks are loaded a round at a time and the
 * scan stops once `limit` rows are in hand and every block left starts after the last of them.
 * @example
 * const rows = await readBlocks(refs, (batch) => batch.map(load), { from, to }, 10_000);
 */
export async function readBlocks(
  refs: readonly SeriesBlockRef[], load: (refs: SeriesBlockRef[]) => Points[] | Promise<Points[]>, range: TimeRange, limit: number,
): Promise<ReadingRow[]> {
  let rows: ReadingRow[] = [];
  if (limit <= 0) return rows;
  let cutoff = Infinity;
  for (let i = 0; i < refs.length && refs[i]!.tMin <= cutoff; ) {
    const round: SeriesBlockRef[] = [];
    let readings = 0;
    while (i < refs.length && refs[i]!.tMin <= cutoff && (round.length === 0 || readings < Math.max(limit, MIN_ROUND_READINGS))) {
      readings += refs[i]!.count;
      round.push(refs[i++]!);
    }
    const points = await load(round);
    round.forEach((ref, k) => collect(rows, ref, points[k]!, range, cutoff));
    if (rows.length >= limit) {
      rows.sort(byTimeNodeSensor);
      rows = rows.slice(0, limit);
      cutoff = rows[limit - 1]!.ts;
    }
  }
  return rows.sort(byTimeNodeSensor).slice(0, limit);
}

function collect(rows: ReadingRow[], ref: SeriesBlockRef, p: Points, range: TimeRange, cutoff: number): void {
  const { ts, values, levels, scores } = p;
  for (let i = 0; i < ts.length; i++) {
    const t = ts[i]!;
    if (t < range.from || t >= range.to || t > cutoff) continue;
    const score = scores ? scores[i]! : NaN;
    rows.push({
      node: ref.node, sensor: ref.sensor, kind: ref.kind, unit: ref.unit, location: ref.location, ts: t, value: values[i]!,
      severity: levels ? severityOfLevel(levels[i]!) : null, score: Number.isNaN(score) ? null : score,
    });
  }
}
