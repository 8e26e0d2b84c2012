import { studioAnomalies } from '../../../studio/analysis/spikes.js';
import { formatTime } from '../format.js';
import { when } from '../time-window.js';
import { formatMeasure } from '../language/units.js';
import type { Plan } from '../language/plan.js';
import { inScope, kindsOf, placeName, spec, storeFilter, type Operation } from './operation.js';

const SHOWN = 10;
/** A studio-found spike this close to an edge anomaly of the same series is that anomaly. */
const SAME_MS = 10 * 60_000;
/** A cause asked about ("why did it spike", "what caused"). */
const CAUSE = /\b(why|cause[sd]?|causing|reason|explain\w*|behind)\b/i;
const WIDE_MS = 7 * 86_400_000;

function windowOf(plan: Plan, now: number): { from: number; to: number; label: string } {
  if (plan.time.type === 'window') return plan.time;
  // "What happened at 14:23?": the half hour around it.
  if (plan.time.type === 'point') return { from: plan.time.at - 15 * 60_000, to: Math.min(now, plan.time.at + 15 * 60_000), label: `around ${plan.time.label.replace(/^at /, '')}` };
  return { from: now - 86_400_000, to: now, label: 'the last 24 hours' };
}

/**
 * "Show me sensor anomalies", "any anomalies in warehouse b today?", "what happened yesterday at
 * 14:23?": anomalies the edge flagged, and spikes the studio finds itself in its rollups (robust
 * z-score of each bucket's max or min against its neighbours) that the edge did not flag — a node
 * still learning a series classifies a spike as normal, but its aggregate's max still carries it.
 */
export const anomalies: Operation = {
  spec: spec('anomalies', 'Anomalies in a scope and window: edge-flagged ones and spikes the studio finds in its rollups'),
  async run(plan, ctx) {
    // "Why did warehouse b spike?" with no window: the nodes' stored anomalies of the last week (a
    // two-day-old critical spike is still the answer); the studio's own spike search stays on a day.
    const wide = !(plan.time.type === 'window' && plan.time.explicit) && plan.time.type !== 'point' && CAUSE.test(ctx.question);
    const window = wide ? { from: ctx.now - WIDE_MS, to: ctx.now, label: 'the last 7 days' } : windowOf(plan, ctx.now);
    const studioWindow = wide ? { from: ctx.now - 86_400_000, to: ctx.now, label: 'the last 24 hours' } : window;
    const kinds = kindsOf(plan);
    const filter = storeFilter(plan.scope, kinds);
    const location = new Map(ctx.catalog.series.map((s) => [`${s.node}/${s.sensor}`, s.location]));
    const units = new Map(ctx.catalog.series.map((s) => [`${s.node}/${s.sensor}`, s.unit]));
    const edge = inScope((await ctx.store.anomalies({ ...filter, from: window.from, to: window.to, limit: 500 })).map((a) => ({ ...a, location: a.location ?? null })), plan.scope, kinds);
    const found = inScope((await (ctx.spikes ? ctx.spikes.find(filter, studioWindow) : studioAnomalies(ctx.store, filter, studioWindow))).map((a) => ({ ...a, location: location.get(`${a.node}/${a.sensor}`) ?? null })), plan.scope, kinds)
      .filter((s) => !edge.some((e) => e.node === s.node && e.sensor === s.sensor && Math.abs(e.ts - s.ts) <= SAME_MS));
    // One studio anomaly per series and episode: adjacent buckets of one spike are one finding.
    const studio = found.filter((s, i) => !found.slice(0, i).some((o) => o.node === s.node && o.sensor === s.sensor && o.direction === s.direction && Math.abs(o.ts - s.ts) <= 3 * 300_000));
    const place = placeName(plan.scope);
    const total = edge.length + studio.length;
    const data = { place, window, ...(wide ? { studio_window: studioWindow } : {}), count: total, anomalies: edge.slice(0, 100), studio_anomalies: studio.slice(0, 100) };
    const searched = wide ? ' (no window asked: the nodes\' flagged anomalies of the last 7 days, spikes in the stored data of the last 24 hours)' : '';
    if (total === 0) return { response: `No anomalies for ${place} ${when(window)}: nothing flagged by the nodes, and no spike stands out in the stored data${searched}.`, data };
    const critical = edge.filter((a) => a.severity === 'critical').length;
    const lines = [`${total} anomal${total === 1 ? 'y' : 'ies'} for ${place} ${when(window)}${edge.length ? ` (${critical} critical)` : ''}${searched}:`];
    for (const a of edge.slice(0, SHOWN)) {
      lines.push(`- ${formatTime(a.ts, ctx.now)} ${a.node}/${a.sensor}${a.location ? ` (${a.location})` : ''}: ${a.kind} ${formatMeasure(a.value, a.unit, plan.units)}, ${a.severity}, ${a.reason} (score ${a.score.toFixed(2)})${a.explanation ? ` — ${a.explanation}` : ''}`);
    }
    for (const a of studio.slice(0, Math.max(0, SHOWN - Math.min(SHOWN, edge.length)) || 3)) {
      const unit = units.get(`${a.node}/${a.sensor}`) ?? '';
      lines.push(`- ${formatTime(a.ts, ctx.now)} ${a.node}/${a.sensor}${a.location ? ` (${a.location})` : ''}: ${a.kind} ${a.direction === 'high' ? 'spiked to' : 'dropped to'} ${formatMeasure(a.value, unit, plan.units)} against ${formatMeasure(a.baseline, unit, plan.units)} around it (found in the stored data; the node did not flag it)`);
    }
    if (edge.length + studio.length > lines.length - 1) lines.push('… and more (see data).');
    return { response: lines.join('\n'), data };
  },
};
