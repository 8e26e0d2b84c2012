import { formatTime, listJoin } from '../format.js';
import { when } from '../time-window.js';
import { formatMeasure, round1 } from '../language/units.js';
import { capitalise, groupBy, kindsInScope, placeName, spec, vitalsOf, windowData, type Operation } from './operation.js';
import { VITAL_LABEL } from './vitals.js';
import { combine, statedWindow, statsWindow, vitalStats } from './window-stats.js';

const vitalUnit = (v: string) => (v === 'soc_temp' ? '°C' : '%');

/**
 * "Show me temperature readings from the warehouse in the last 24 hours", "average humidity in
 * warehouse a yesterday": per kind, the average, minimum and maximum with their times and places.
 */
export const statistics: Operation = {
  spec: spec('statistics', 'Average, minimum and maximum (with times and places) of kinds or vitals over a window'),
  async run(plan, ctx) {
    const place = placeName(plan.scope);
    const label = plan.time.type === 'window' ? plan.time.label : 'the last 24 hours';
    const lines: string[] = [];
    const kinds: Record<string, unknown>[] = [];
    const vitals: Record<string, unknown>[] = [];
    const wantedKinds = kindsInScope(plan, ctx.catalog.series);
    const v = vitalsOf(plan);
    let covered: { from: number; to: number } | undefined;
    if (wantedKinds.length || !v.length) {
      const w = await statsWindow(plan, ctx, wantedKinds);
      const stats = w.stats;
      if (!w.exact) covered = { from: w.from, to: w.to };
      if (stats.length) lines.push(`${capitalise(place)}, ${statedWindow(label, w, ctx.now)}${plan.time.type === 'window' && w.exact ? ` (${formatTime(plan.time.from, ctx.now)} – ${formatTime(plan.time.to, ctx.now)})` : ''}:`);
      else lines.push(`No ${wantedKinds.length ? listJoin(wantedKinds) + ' ' : ''}readings for ${place} ${when({ label })}.`);
      for (const [kind, members] of groupBy(stats, (s) => s.kind)) {
        const all = combine(members);
        const unit = members[0]!.unit;
        const f = (x: number) => formatMeasure(x, unit, plan.units);
        const parts = { mean: `average ${f(all.mean)}`, min: `min ${f(all.min)} at ${formatTime(all.minTs, ctx.now)} (${all.minWhere})`, max: `max ${f(all.max)} at ${formatTime(all.maxTs, ctx.now)} (${all.maxWhere})` };
        // One statistic asked for ("and the minimum?", "what was the max"): that one, with its time — not the whole block.
        // Asked first otherwise ("the max temperature yesterday" leads with the max, the rest beside it).
        const said = plan.stat && plan.stat !== 'all' ? (plan.statOnly ? [parts[plan.stat]] : [parts[plan.stat], ...(['mean', 'min', 'max'] as const).filter((k) => k !== plan.stat).map((k) => parts[k])]) : [parts.mean, parts.min, parts.max];
        lines.push(`- ${capitalise(kind)}: ${said.join(', ')}; ${all.count} readings from ${members.length} sensor${members.length === 1 ? '' : 's'}.`);
        kinds.push({
          kind, unit, count: all.count, mean: round1(all.mean), min: all.min, min_ts: all.minTs, min_where: all.minWhere, max: all.max, max_ts: all.maxTs, max_where: all.maxWhere,
          series: members.map((s) => ({ node: s.node, sensor: s.sensor, location: s.location, count: s.count, mean: s.mean, min: s.min, min_ts: s.minTs, max: s.max, max_ts: s.maxTs })),
        });
      }
    }
    for (const vital of v) {
      const rows = await vitalStats(plan, ctx, vital);
      if (!rows.length) { lines.push(`No ${VITAL_LABEL[vital]} history for ${place} ${when({ label })}.`); continue; }
      for (const r of rows) {
        const f = (x: number) => (vitalUnit(vital) === '%' ? `${Math.round(x)}%` : formatMeasure(x, '°C', plan.units));
        const vparts = { mean: `average ${f(r.mean)}`, min: `min ${f(r.min)} at ${formatTime(r.minTs, ctx.now)}`, max: `max ${f(r.max)} at ${formatTime(r.maxTs, ctx.now)}` };
        const vsaid = plan.stat && plan.stat !== 'all' && plan.statOnly ? [vparts[plan.stat]] : [vparts.mean, vparts.min, vparts.max];
        lines.push(`- ${r.node} ${VITAL_LABEL[vital]} ${when({ label })}: ${vsaid.join(', ')}; ${r.count} health reports.`);
        vitals.push({ node: r.node, vital, count: r.count, mean: r.mean, min: r.min, min_ts: r.minTs, max: r.max, max_ts: r.maxTs });
      }
    }
    return { response: lines.join('\n'), data: { place, window: windowData(plan), ...(covered ? { covered } : {}), kinds, ...(vitals.length ? { vitals } : {}) } };
  },
};
