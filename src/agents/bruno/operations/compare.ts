import { when } from '../time-window.js';
import { formatDifference, formatMeasure, round1 } from '../language/units.js';
import type { Plan } from '../language/plan.js';
import { capitalise, placeName, spec, windowData, type Operation } from './operation.js';
import { valuesPerPlace, type PerPlace } from './per-place.js';
import { VITAL_LABEL } from './vitals.js';
import { comparative } from './words.js';

const fmt = (p: PerPlace, v: number, plan: Plan) => (p.unit === '%' && p.vital ? `${Math.round(v)}%` : formatMeasure(v, p.unit, plan.units));

/** One comparison line: every place's value, then which is higher and by how much. */
function line(p: PerPlace, plan: Plan, basisLabel: string): string {
  const name = p.vital ? VITAL_LABEL[p.vital] : p.what;
  const values = p.places.map((x) => `${x.place} ${fmt(p, x.value, plan)}`).join(', ');
  if (p.places.length < 2) return `${capitalise(name)} ${basisLabel}: ${values}; nothing to compare it with.`;
  const top = p.places[0]!;
  const bottom = p.places.at(-1)!;
  const diff = top.value - bottom.value;
  const verdict = Math.abs(diff) < 0.05
    ? `${top.place} and ${bottom.place} are the same`
    : `${top.place} is ${comparative(p.vital ?? p.what, true)} than ${bottom.place} by ${p.vital && p.unit === '%' ? `${Math.round(diff)} points` : formatDifference(diff, p.unit, plan.units)}`;
  return `${capitalise(name)} ${basisLabel}: ${values} — ${verdict}${p.places.length > 2 ? ` (highest ${top.place}, lowest ${bottom.place})` : ''}.`;
}

/**
 * "Compare warehouse a and b", "is warehouse a warmer than c?": each place's value, which is
 * higher and by how much — now (latest readings, plus the last 24 hours' averages) or over the
 * window asked for (averages).
 */
export const compare: Operation = {
  spec: spec('compare', 'Compare places (locations or nodes) on a kind or vital: each value and which is higher'),
  async run(plan, ctx) {
    const by = plan.scope.nodes.length >= 2 && plan.scope.locations.length === 0 || plan.scope.per === 'node' ? 'node' : 'location';
    const subject = plan.measures.length ? plan : { ...plan, measures: [{ type: 'kind' as const, kind: ctx.catalog.kinds.includes('temperature') ? 'temperature' : ctx.catalog.kinds[0] ?? 'temperature' }] };
    const windowed = plan.time.type === 'window' && plan.time.explicit;
    const lines: string[] = [];
    const comparisons: Record<string, unknown>[] = [];
    const push = (rows: PerPlace[], label: string) => rows.forEach((p) => {
      lines.push(line(p, plan, label));
      comparisons.push({ kind: p.what, unit: p.unit, basis: p.basis, label, places: p.places.map((x) => ({ ...x, mean: round1(x.value), value: round1(x.value) })), difference: p.places.length > 1 ? round1(p.places[0]!.value - p.places.at(-1)!.value) : null, higher: p.places[0]?.place ?? null });
    });
    if (windowed) push(await valuesPerPlace(subject, ctx, by, 'mean'), `${when(plan.time as { label: string })} (averages)`);
    else {
      push(await valuesPerPlace(subject, ctx, by, 'latest'), 'now');
      if (!('explicit' in plan.time && plan.time.explicit)) {
        const day: Plan = { ...subject, time: { type: 'window', from: ctx.now - 86_400_000, to: ctx.now, label: 'the last 24 hours', explicit: false } };
        push((await valuesPerPlace(day, ctx, by, 'mean')).filter((p) => !p.vital), 'over the last 24 hours (averages)');
      }
    }
    if (!lines.length) lines.push(`No data to compare for ${placeName(plan.scope)}.`);
    return { response: lines.join('\n'), data: { window: windowData(plan), comparisons } };
  },
};
