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
const ORDINAL: Record<number, string> = { 2: 'Second', 3: 'Third', 4: 'Fourth', 5: 'Fifth', 6: 'Sixth' };
const ordinal = (n: number) => `${n}${n % 10 === 1 && n !== 11 ? 'st' : n % 10 === 2 && n !== 12 ? 'nd' : n % 10 === 3 && n !== 13 ? 'rd' : 'th'}`;

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
      const listing = shown.length > 1 ? ` ${capitalise(name)} by ${by}: ${shown.map((x, i) => `${i + 1}. ${x.place} ${fmt(x.value)}${mark(x)}`).join(', ')}.` : '';
      // "the second warmest": that place first, the ranking after it to show where it stands.
      const nth = plan.nth && plan.nth > 1 ? ordered[plan.nth - 1] : undefined;
      if (plan.nth && plan.nth > 1) {
        lines.push(nth ? `${ORDINAL[plan.nth] ?? `#${plan.nth}`} ${head.toLowerCase()} ${basis}: ${nth.place} at ${fmt(nth.value)}${mark(nth)} (${ordinal(plan.nth)} of ${ordered.length} ${by}s).`
          : `There are only ${ordered.length} ${by}s with ${name} data, so no ${ordinal(plan.nth)} ${head.toLowerCase()}: ${ordered.map((x, i) => `${i + 1}. ${x.place} ${fmt(x.value)}${mark(x)}`).join(', ')}.`);
      } else lines.push(`${head} ${basis}: ${top.place} at ${fmt(top.value)}${mark(top)}.${listing}`);
      rankings.push({ ...(nth ? { nth: plan.nth, picked: { place: nth.place, value: round1(nth.value) } } : {}), kind: p.what, unit: p.unit, by, basis: p.basis, order: low ? 'ascending' : 'descending', ...(free ? { measure: `free_${p.what}_pct` } : {}),
        places: shown.map((x, i) => ({ rank: i + 1, place: x.place, value: round1(x.value), sensors: x.sensors, ...(x.ts ? { ts: x.ts } : {}), ...(x.offline ? { offline: true } : {}) })) });
    }
    if (!lines.length) lines.push('No data to rank yet.');
    return { response: lines.join('\n'), data: { window: windowData(plan), rankings } };
  },
};
