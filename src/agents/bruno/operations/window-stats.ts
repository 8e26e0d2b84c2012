import type { SeriesStats } from '../../../studio/store/store.js';
import type { Plan, Vital } from '../language/plan.js';
import { inScope, kindsInScope, storeFilter, type OperationContext } from './operation.js';
import { nodesInScope, vitalValue } from './vitals.js';
import { exactWindowStats, type WindowStats } from './exact-window.js';
import { formatTime } from '../format.js';

/** The plan's window (a point becomes the 10 minutes around it). */
export function rangeOf(plan: Plan, now: number): { from: number; to: number } {
  if (plan.time.type === 'window') return { from: plan.time.from, to: plan.time.to };
  if (plan.time.type === 'point') return { from: plan.time.at - 5 * 60_000, to: plan.time.at + 5 * 60_000 };
  return { from: now - 86_400_000, to: now };
}

/** Per-series statistics of the kinds in scope over exactly the plan's window, and the window they cover. */
export async function statsWindow(plan: Plan, ctx: OperationContext, kinds = kindsInScope(plan, ctx.catalog.series)): Promise<WindowStats> {
  const range = rangeOf(plan, ctx.now);
  const w = await exactWindowStats(ctx.store, storeFilter(plan.scope, kinds), range.from, range.to);
  return { ...w, stats: inScope(w.stats, plan.scope, kinds) };
}

/** Per-series statistics of the kinds in scope over the plan's window. */
export async function statsInScope(plan: Plan, ctx: OperationContext, kinds = kindsInScope(plan, ctx.catalog.series)): Promise<SeriesStats[]> {
  return (await statsWindow(plan, ctx, kinds)).stats;
}

/**
 * The window as an answer states it: the plan's label, and when the figures had to use a whole
 * 5-minute summary at an edge (no raw readings there), the window they really cover.
 */
export function statedWindow(label: string, w: Pick<WindowStats, 'from' | 'to' | 'exact'>, now: number): string {
  return w.exact ? label : `${label} (figures from ${formatTime(w.from, now)} to ${formatTime(w.to, now)}: whole 5-minute summaries at the edges)`;
}

/** Statistics of several series together, with where each extreme was. */
export function combine(members: SeriesStats[]) {
  let count = 0, sum = 0;
  let lo = members[0]!, hi = members[0]!;
  for (const s of members) {
    count += s.count;
    sum += s.mean * s.count;
    if (s.min < lo.min) lo = s;
    if (s.max > hi.max) hi = s;
  }
  const where = (s: SeriesStats) => `${s.location ?? s.node}, ${s.node}`;
  return { count, mean: sum / count, min: lo.min, minTs: lo.minTs, minAt: lo, minWhere: where(lo), max: hi.max, maxTs: hi.maxTs, maxAt: hi, maxWhere: where(hi) };
}

export interface VitalStats { node: string; location: string | null; vital: Vital; count: number; mean: number; min: number; minTs: number; max: number; maxTs: number; first: number; last: number; points: { ts: number; value: number }[] }

/** A vital's statistics per node over the window, from the stored health history. */
export async function vitalStats(plan: Plan, ctx: OperationContext, vital: Vital): Promise<VitalStats[]> {
  const range = rangeOf(plan, ctx.now);
  const out: VitalStats[] = [];
  for (const { row } of await nodesInScope(ctx, plan.scope.nodes, plan.scope.locations)) {
    const points = (await ctx.store.healthHistory(row.node, range)).flatMap((h) => { const v = vitalValue(h, vital); return v === null ? [] : [{ ts: h.ts, value: v }]; });
    if (!points.length) continue;
    let lo = points[0]!, hi = points[0]!;
    for (const p of points) { if (p.value < lo.value) lo = p; if (p.value > hi.value) hi = p; }
    out.push({ node: row.node, location: row.location, vital, count: points.length, mean: points.reduce((a, p) => a + p.value, 0) / points.length, min: lo.value, minTs: lo.ts, max: hi.value, maxTs: hi.ts, first: points[0]!.value, last: points.at(-1)!.value, points });
  }
  return out;
}
