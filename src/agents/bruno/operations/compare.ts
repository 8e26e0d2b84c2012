import { when } from '../time-window.js';
import { formatDifference, formatMeasure, round1 } from '../language/units.js';
import type { Plan } from '../language/plan.js';
import { capitalise, placeName, spec, windowData, type Operation } from './operation.js';
import { valuesPerPlace, type PerPlace, type PlaceValue } from './per-place.js';
import { formatAge } from '../format.js';
import { VITAL_LABEL } from './vitals.js';
import { comparative } from './words.js';
import { isPolar } from '../polar.js';

const fmt = (p: PerPlace, v: number, plan: Plan) => (p.unit === '%' && p.vital ? `${Math.round(v)}%` : formatMeasure(v, p.unit, plan.units));

/** One comparison line: every place's value, then which is higher and by how much. */
function line(p: PerPlace, plan: Plan, basisLabel: string, now: number): string {
  const name = p.vital ? VITAL_LABEL[p.vital] : p.what;
  const age = (x: PlaceValue) => (x.stale || x.offline ? ` (${x.offline ? 'offline, ' : ''}last ${x.offline ? 'report' : 'reading'} ${x.ts ? formatAge(now - x.ts) : 'unknown'})` : '');
  const values = p.places.map((x) => `${x.place} ${fmt(p, x.value, plan)}${age(x)}`).join(', ');
  if (p.places.length < 2) return `${capitalise(name)} ${basisLabel}: ${values}; nothing to compare it with.`;
  const top = p.places[0]!;
  const bottom = p.places.at(-1)!;
  const diff = top.value - bottom.value;
  const verdict = Math.abs(diff) < 0.05
    ? `${top.place} and ${bottom.place} are the same`
    : `${top.place} is ${comparative(p.vital ?? p.what, true)} than ${bottom.place} by ${p.vital && p.unit === '%' ? `${Math.round(diff)} points` : formatDifference(diff, p.unit, plan.units)}`;
  return `${capitalise(name)} ${basisLabel}: ${values} — ${verdict}${p.places.length > 2 ? ` (highest ${top.place}, lowest ${bottom.place})` : ''}.`;
}

/** "more humid than", "higher in A than in B", "use more memory than", "fuller than": the side a yes/no question asks about. */
const HIGHER = /\b(warmer|hotter|wetter|damper|muggier|higher|busier|fuller|bigger|greater|larger|heavier|more)\b(\s+[\w'-]+){0,4}?\s+than\b/i;
const LOWER = /\b(colder|cooler|chillier|drier|dryer|lower|emptier|smaller|quieter|idler|lighter|less|fewer)\b(\s+[\w'-]+){0,4}?\s+than\b/i;

/** "Is A warmer than B?": yes or no, from which of the two named places (in the order asked) the data puts higher. */
function yesNo(question: string, order: string[], c: { higher: string | null; difference: number | null; places: { place: string }[] } | undefined): string | undefined {
  // "hey bruno, is the cold room colder than the office?": any yes/no opening, after a greeting too.
  if (!c || c.places.length !== 2 || !isPolar(question)) return undefined;
  const h = HIGHER.exec(question), l = LOWER.exec(question);
  const asksHigher = h && (!l || h.index < l.index) ? true : l ? false : undefined;
  if (asksHigher === undefined) return undefined;
  const [a, b] = c.places.map((p) => p.place).sort((x, y) => order.indexOf(x) - order.indexOf(y));
  if (!a || !b || !order.includes(a) || c.difference === null || Math.abs(c.difference) < 0.05) return undefined;
  const firstIsHigher = c.higher === a;
  return firstIsHigher === asksHigher ? 'Yes — ' : 'No — ';
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
      lines.push(line(p, plan, label, ctx.now));
      comparisons.push({ kind: p.what, unit: p.unit, basis: p.basis, label, places: p.places.map((x) => ({ ...x, mean: round1(x.value), value: round1(x.value) })), difference: p.places.length > 1 ? round1(p.places[0]!.value - p.places.at(-1)!.value) : null, higher: p.places[0]?.place ?? null });
    });
    if (windowed) push(await valuesPerPlace(subject, ctx, by, 'mean'), `${when(plan.time as { label: string })} (averages)`);
    else {
      push(await valuesPerPlace(subject, ctx, by, 'latest', { keepStale: true }), 'now');
      if (!('explicit' in plan.time && plan.time.explicit)) {
        const day: Plan = { ...subject, time: { type: 'window', from: ctx.now - 86_400_000, to: ctx.now, label: 'the last 24 hours', explicit: false } };
        push((await valuesPerPlace(day, ctx, by, 'mean')).filter((p) => !p.vital), 'over the last 24 hours (averages)');
      }
    }
    if (!lines.length) lines.push(`No data to compare for ${placeName(plan.scope)}.`);
    else lines[0] = `${yesNo(ctx.question, [...plan.scope.locations, ...plan.scope.nodes], comparisons[0] as { higher: string | null; difference: number | null; places: { place: string }[] }) ?? ''}${lines[0]}`;
    return { response: lines.join('\n'), data: { window: windowData(plan), comparisons } };
  },
};
