import { formatTime, listJoin } from '../format.js';
import { when } from '../time-window.js';
import { formatMeasure } from '../language/units.js';
import { kindsInScope, placeName, spec, vitalsOf, windowData, type Operation } from './operation.js';
import { VITAL_LABEL } from './vitals.js';
import { statedWindow, statsWindow, vitalStats } from './window-stats.js';

/**
 * "When was the warehouse coldest today?", "what was the highest humidity yesterday?": the extreme
 * of the window with its time and place (per kind or vital asked).
 */
export const extreme: Operation = {
  spec: spec('extreme', 'The highest or lowest value of a kind or vital over a window, with when and where', { which: { enum: ['max', 'min'] } }),
  async run(plan, ctx) {
    const low = plan.extreme === 'min';
    const word = low ? 'lowest' : 'highest';
    const place = placeName(plan.scope);
    const label = plan.time.type === 'window' ? plan.time.label : 'the last 24 hours';
    const lines: string[] = [];
    const extremes: Record<string, unknown>[] = [];
    const vitals = vitalsOf(plan);
    const kinds = vitals.length && !plan.measures.some((m) => m.type === 'kind') ? [] : kindsInScope(plan, ctx.catalog.series).slice(0, plan.measures.length ? 4 : 1);
    let covered: { from: number; to: number } | undefined;
    if (kinds.length) {
      const w = await statsWindow(plan, ctx, kinds);
      const stats = w.stats;
      if (!w.exact) covered = { from: w.from, to: w.to };
      if (!stats.length) lines.push(`No ${listJoin(kinds)} readings for ${place} ${when({ label })}.`);
      for (const kind of kinds) {
        const ss = stats.filter((s) => s.kind === kind);
        if (!ss.length) continue;
        const pick = ss.reduce((best, s) => ((low ? s.min < best.min : s.max > best.max) ? s : best));
        const value = low ? pick.min : pick.max;
        const ts = low ? pick.minTs : pick.maxTs;
        lines.push(`The ${word} ${kind} in ${place} ${when({ label: statedWindow(label, w, ctx.now) })} was ${formatMeasure(value, pick.unit, plan.units)} at ${formatTime(ts, ctx.now)} (${pick.location ?? pick.node}, ${pick.node}/${pick.sensor}).`);
        extremes.push({ which: low ? 'min' : 'max', kind, unit: pick.unit, value, ts, node: pick.node, sensor: pick.sensor, location: pick.location });
      }
    }
    for (const vital of vitals) {
      const rows = await vitalStats(plan, ctx, vital);
      if (!rows.length) { lines.push(`No ${VITAL_LABEL[vital]} history for ${place} ${when({ label })}.`); continue; }
      const pick = rows.reduce((best, r) => ((low ? r.min < best.min : r.max > best.max) ? r : best));
      const value = low ? pick.min : pick.max;
      const ts = low ? pick.minTs : pick.maxTs;
      lines.push(`The ${word} ${VITAL_LABEL[vital]} ${when({ label })} was ${vital === 'soc_temp' ? formatMeasure(value, '°C', plan.units) : `${Math.round(value)}%`} on ${pick.node} at ${formatTime(ts, ctx.now)}.`);
      extremes.push({ which: low ? 'min' : 'max', vital, value, ts, node: pick.node });
    }
    return { response: lines.join('\n'), data: { place, window: windowData(plan), ...(covered ? { covered } : {}), extreme: extremes[0] ?? null, extremes } };
  },
};
