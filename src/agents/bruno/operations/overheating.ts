import { formatAge, listJoin } from '../format.js';
import { formatMeasure, round1 } from '../language/units.js';
import type { Answer } from '../answer.js';
import { inScope, placeName, type OperationContext } from './operation.js';
import { exactWindowStats } from './exact-window.js';
import { storeFilter } from './operation.js';
import type { Plan } from '../language/plan.js';
import { DAY, HOUR } from '../../../core/time.js';

/** A room at or above this is overheating whatever it usually reads (°C). */
export const ROOM_HOT_C = 30;
/** A room this far above its own average of the week before is overheating (°C). */
export const ROOM_ABOVE_USUAL_C = 5;
const FRESH_MS = 30 * 60_000;

/**
 * "Is the office overheating?": the room temperature of each place asked about — not the chip of
 * the node installed there — judged yes or no against a fixed limit and against the place's own
 * average over the week before (a cold room at 12 °C overheats; an office at 24 °C does not).
 */
export async function overheatingAnswer(plan: Plan, ctx: OperationContext): Promise<Answer> {
  const series = inScope(ctx.catalog.series, plan.scope, ['temperature']);
  const place = placeName(plan.scope);
  if (!series.length) return { response: `No room temperature is stored for ${place}, so I cannot say whether it is overheating.`, data: { judge: 'overheating', places: [] } };
  const before = await exactWindowStats(ctx.store, storeFilter(plan.scope, ['temperature']), ctx.now - 7 * DAY, ctx.now - 3 * HOUR);
  const rows = [...new Set(series.map((s) => s.location ?? s.node))].map((where) => {
    const members = series.filter((s) => (s.location ?? s.node) === where);
    const latest = members.reduce((a, s) => (s.lastTs > a.lastTs ? s : a));
    const past = before.stats.filter((s) => (s.location ?? s.node) === where && s.kind === 'temperature' && s.count > 0);
    const count = past.reduce((a, s) => a + s.count, 0);
    const usual = count ? past.reduce((a, s) => a + s.mean * s.count, 0) / count : undefined;
    const value = latest.lastValue;
    const hot = value >= ROOM_HOT_C || (usual !== undefined && value - usual >= ROOM_ABOVE_USUAL_C);
    return { location: where, value, ts: latest.lastTs, unit: latest.unit, usual, above_usual_by: usual === undefined ? null : round1(value - usual), overheating: hot, stale: ctx.now - latest.lastTs > FRESH_MS };
  });
  const lines = rows.map((r) => {
    const v = formatMeasure(r.value, r.unit, plan.units);
    const usual = r.usual !== undefined ? `, ${r.overheating && r.value - r.usual >= ROOM_ABOVE_USUAL_C ? `${round1(r.value - r.usual)} °C above` : 'against'} its average of ${formatMeasure(r.usual, r.unit, plan.units)} over the week before` : '';
    const age = r.stale ? ` (last reading ${formatAge(ctx.now - r.ts)}, the sensor has gone quiet)` : '';
    return `${r.overheating ? 'Yes' : 'No'} — ${r.location} is ${r.overheating ? '' : 'not '}overheating: the room is at ${v}${age}${usual}.`;
  });
  const hot = rows.filter((r) => r.overheating).map((r) => r.location);
  if (rows.length > 1) lines.unshift(hot.length ? `${hot.length} of ${rows.length} places overheating: ${listJoin(hot)}.` : `No — none of the ${rows.length} places is overheating.`);
  lines.push(`(Overheating: ${formatMeasure(ROOM_HOT_C, '°C', plan.units)} or more, or ${ROOM_ABOVE_USUAL_C} °C above the place's usual level.)`);
  return { response: lines.join('\n'), data: { judge: 'overheating', limit_c: ROOM_HOT_C, above_usual_c: ROOM_ABOVE_USUAL_C, places: rows } };
}
