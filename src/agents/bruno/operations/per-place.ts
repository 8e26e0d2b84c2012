import type { Plan, Vital } from '../language/plan.js';
import { groupBy, inScope, kindsInScope, type OperationContext } from './operation.js';
import { nodesInScope, vitalValue } from './vitals.js';
import { statsInScope } from './window-stats.js';

/** One place's value of one kind or vital, and how it was taken. */
export interface PlaceValue { place: string; value: number; sensors: number; ts?: number; offline?: boolean; stale?: boolean }
export interface PerPlace { what: string; unit: string; vital?: Vital; basis: 'latest' | 'mean'; places: PlaceValue[] }

const FRESH_MS = 30 * 60_000;

/**
 * The value of each place (location, node or sensor) per kind: the latest readings (fresh ones)
 * for "now", the window's mean otherwise; vitals from each node's latest health report.
 */
export async function valuesPerPlace(plan: Plan, ctx: OperationContext, by: 'location' | 'node' | 'sensor', basis: 'latest' | 'mean', opts: { keepStale?: boolean } = {}): Promise<PerPlace[]> {
  const out: PerPlace[] = [];
  const vitals = plan.measures.flatMap((m) => (m.type === 'vital' ? [m.vital] : []));
  const kinds = vitals.length && !plan.measures.some((m) => m.type === 'kind') ? [] : kindsInScope(plan, ctx.catalog.series);
  const key = (r: { node: string; sensor: string; location: string | null }) => (by === 'node' ? r.node : by === 'sensor' ? `${r.node}/${r.sensor}` : r.location ?? r.node);
  // One store read for every kind of a window's means (a read per kind read the same rollups again each time).
  const windowStats = basis === 'mean' && kinds.length ? await statsInScope(plan, ctx, kinds) : [];
  for (const kind of kinds) {
    if (basis === 'latest') {
      const series = inScope(ctx.catalog.series, plan.scope, [kind]);
      if (!series.length) continue;
      const newest = Math.max(...series.map((s) => s.lastTs));
      const fresh = series.filter((s) => newest - s.lastTs <= FRESH_MS);
      const valueOf = (place: string, ss: typeof series): PlaceValue => ({ place, value: ss.reduce((a, s) => a + s.lastValue, 0) / ss.length, sensors: ss.length, ts: Math.max(...ss.map((s) => s.lastTs)) });
      const places = [...groupBy(fresh, key)].map(([place, ss]) => valueOf(place, ss));
      // A place named in a comparison that has gone quiet keeps its last reading, marked stale.
      if (opts.keepStale) for (const [place, ss] of groupBy(series, key)) if (!places.some((x) => x.place === place)) places.push({ ...valueOf(place, ss), stale: true });
      out.push({ what: kind, unit: series[0]!.unit, basis, places: places.sort((a, b) => b.value - a.value) });
    } else {
      const stats = windowStats.filter((x) => x.kind === kind);
      if (!stats.length) continue;
      const places = [...groupBy(stats, key)].map(([place, ss]) => {
        const count = ss.reduce((a, s) => a + s.count, 0);
        return { place, value: ss.reduce((a, s) => a + s.mean * s.count, 0) / count, sensors: ss.length };
      });
      out.push({ what: kind, unit: stats[0]!.unit, basis, places: places.sort((a, b) => b.value - a.value) });
    }
  }
  if (vitals.length) {
    const nodes = (await nodesInScope(ctx, plan.scope.nodes, plan.scope.locations)).filter((n) => n.a.health);
    for (const vital of vitals.filter((v) => v !== 'top_process')) {
      // An offline node keeps its place with its last report, marked: leaving it out would crown the wrong node.
      const places = nodes.flatMap(({ a }) => { const v = vitalValue(a.health!, vital); return v === null ? [] : [{ place: a.node, value: v, sensors: 1, ts: a.health!.ts, ...(a.status === 'offline' ? { offline: true } : {}) }]; });
      if (places.length) out.push({ what: vital, unit: vital === 'soc_temp' ? '°C' : '%', vital, basis: 'latest', places: places.sort((a, b) => b.value - a.value) });
    }
  }
  return out;
}
