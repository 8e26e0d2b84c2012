import { when } from '../time-window.js';
import { formatMeasure, round1 } from '../language/units.js';
import { capitalise, spec, windowData, type Operation } from './operation.js';
import { valuesPerPlace, type PlaceValue } from './per-place.js';
import { formatAge } from '../format.js';
import { VITAL_LABEL } from './vitals.js';
import { superlative } from './words.js';

/**
 * "Where is it hottest right now?", "which site is warmest today?", "rank the nodes by CPU": every
 * place ordered by its latest value (now) or its window mean, the top one named first.
 */
export const rank: Operation = {
  spec: spec('rank', 'Order places (locations, nodes or sensors) by a kind or vital, now or over a window', { which: { enum: ['max', 'min'] }, by: { enum: ['location', 'node', 'sensor'] }, limit: { type: 'integer' } }),
  async run(plan, ctx) {
    const vital = plan.measures.some((m) => m.type === 'vital');
    const by = plan.scope.per === 'sensor' ? 'sensor' : plan.scope.per === 'node' || vital || (plan.scope.nodes.length > 1 && plan.scope.locations.length === 0) ? 'node' : 'location';
    const windowed = plan.time.type === 'window' && plan.time.explicit;
    const subject = plan.measures.length ? plan : { ...plan, measures: [{ type: 'kind' as const, kind: ctx.catalog.kinds.includes('temperature') ? 'temperature' : ctx.catalog.kinds[0] ?? 'temperature' }] };
    const rows = await valuesPerPlace(subject, ctx, by, windowed ? 'mean' : 'latest');
    const low = plan.extreme === 'min';
    const lines: string[] = [];
    const rankings: Record<string, unknown>[] = [];
    for (const row of rows) {
      // "most free disk": what is left of disk or memory, ranked as asked.
      const free = !!plan.free && (row.vital === 'disk' || row.vital === 'memory');
      const p = free ? { ...row, places: row.places.map((x) => ({ ...x, value: 100 - x.value })).sort((a, b) => b.value - a.value) } : row;
      const ordered = low ? [...p.places].reverse() : p.places;
      const shown = plan.limit ? ordered.slice(0, plan.limit) : ordered;
      const fmt = (v: number) => (p.vital && p.unit === '%' ? `${Math.round(v)}%${free ? ' free' : ''}` : formatMeasure(v, p.unit, plan.units));
      const mark = (x: PlaceValue) => (x.offline ? ` (offline, last report ${x.ts ? formatAge(ctx.now - x.ts) : 'unknown'})` : '');
      const name = p.vital ? `${free ? 'free ' : ''}${VITAL_LABEL[p.vital]}` : p.what;
      const basis = windowed ? `${when(plan.time as { label: string })} on average` : 'right now';
      const top = shown[0]!;
      const head = free ? `${low ? 'Least' : 'Most'} free ${VITAL_LABEL[p.vital!]}` : capitalise(superlative(p.vital ?? p.what, !low));
      lines.push(`${head} ${basis}: ${top.place} at ${fmt(top.value)}${mark(top)}.${shown.length > 1 ? ` ${capitalise(name)} by ${by}: ${shown.map((x, i) => `${i + 1}. ${x.place} ${fmt(x.value)}${mark(x)}`).join(', ')}.` : ''}`);
      rankings.push({ kind: p.what, unit: p.unit, by, basis: p.basis, order: low ? 'ascending' : 'descending', ...(free ? { measure: `free_${p.what}_pct` } : {}),
        places: shown.map((x, i) => ({ rank: i + 1, place: x.place, value: round1(x.value), sensors: x.sensors, ...(x.ts ? { ts: x.ts } : {}), ...(x.offline ? { offline: true } : {}) })) });
    }
    if (!lines.length) lines.push('No data to rank yet.');
    return { response: lines.join('\n'), data: { window: windowData(plan), rankings } };
  },
};
