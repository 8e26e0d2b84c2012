import { when } from '../time-window.js';
import { formatDifference, formatMeasure, round1 } from '../language/units.js';
import type { Plan } from '../language/plan.js';
import { capitalise, groupBy, inScope, kindsInScope, placeName, spec, storeFilter, type Operation } from './operation.js';
import { VITAL_LABEL } from './vitals.js';
import { vitalStats } from './window-stats.js';

const DEFAULT_MS = 3 * 3_600_000;

/** Least-squares slope of (ts, value) points, per millisecond. */
export function slope(points: { ts: number; value: number }[]): number {
  const n = points.length;
  const mx = points.reduce((a, p) => a + p.ts, 0) / n;
  const my = points.reduce((a, p) => a + p.value, 0) / n;
  let num = 0, den = 0;
  for (const p of points) { num += (p.ts - mx) * (p.value - my); den += (p.ts - mx) ** 2; }
  return den === 0 ? 0 : num / den;
}

/** Below this change per hour a kind is steady (°C, % points, hPa; a vital's % points). */
const STEADY: Record<string, number> = { temperature: 0.05, humidity: 0.2, pressure: 0.05 };

/**
 * The direction of a fitted slope over a window of `hours`. Steady needs both a slow rate and a
 * small change over the whole window: no more than the steady rate would move in 3 hours (the
 * default window). A week's slow slide of 12 humidity points is 0.07 points an hour, under the
 * rate, yet nobody calls it steady.
 */
export function steadiness(perHour: number, hours: number, steadyBelow: number): 'steady' | 'rising' | 'falling' {
  const change = Math.abs(perHour) * Math.max(hours, 0);
  if (Math.abs(perHour) < steadyBelow && change < steadyBelow * 3) return 'steady';
  return perHour > 0 ? 'rising' : 'falling';
}

/**
 * "Is humidity falling in warehouse-b?", "temperature trend today": the direction (rising,
 * falling, steady) from the least-squares slope of the window's 5-minute means (the last 3 hours
 * when no window is named), with the slope per hour and the first and last values; when the
 * question asked about a direction, the answer starts with yes or no.
 */
export const trend: Operation = {
  spec: spec('trend', 'Direction (rising, falling, steady) and slope per hour of a kind or vital over a window', { direction: { enum: ['rising', 'falling'] } }),
  async run(plan, ctx) {
    const window = plan.time.type === 'window' && plan.time.explicit ? plan.time : { from: ctx.now - DEFAULT_MS, to: ctx.now, label: 'the last 3 hours' };
    const windowPlan: Plan = { ...plan, time: { type: 'window', ...window, explicit: true } };
    const place = placeName(plan.scope);
    const lines: string[] = [];
    const trends: Record<string, unknown>[] = [];
    const say = (name: string, points: { ts: number; value: number }[], unit: string, steadyBelow: number, vital = false) => {
      if (points.length < 3) { lines.push(`Not enough ${name} data for ${place} ${when(window)} to tell a trend.`); return; }
      const perHour = slope(points) * 3_600_000;
      const direction = steadiness(perHour, (points.at(-1)!.ts - points[0]!.ts) / 3_600_000, steadyBelow);
      const answer = plan.direction ? (plan.direction === direction ? 'Yes — ' : 'No — ') : '';
      const f = (v: number) => (vital && unit === '%' ? `${Math.round(v)}%` : formatMeasure(v, unit, plan.units));
      const rate = vital && unit === '%' ? `${round1(perHour).toFixed(1)} points` : formatDifference(perHour, unit, plan.units);
      lines.push(`${answer}${capitalise(name)} in ${place} is ${direction} ${when(window)}: ${f(points[0]!.value)} → ${f(points.at(-1)!.value)} (${perHour >= 0 ? '+' : ''}${rate} per hour).`);
      trends.push({ kind: name, unit, direction, slope_per_hour: round1(perHour * 10) / 10, rate_per_hour: Number(perHour.toFixed(3)), first: round1(points[0]!.value), last: round1(points.at(-1)!.value), points: points.length });
    };
    const vitals = plan.measures.flatMap((m) => (m.type === 'vital' ? [m.vital] : []));
    const kinds = vitals.length && !plan.measures.some((m) => m.type === 'kind') ? [] : kindsInScope(plan, ctx.catalog.series);
    if (kinds.length) {
      const span = window.to - window.from;
      const stepMs = Math.max(5 * 60_000, Math.round(span / 48 / 300_000) * 300_000);
      const located = new Map(ctx.catalog.series.map((s) => [`${s.node}/${s.sensor}`, s.location]));
      const points = inScope((await ctx.store.series({ ...storeFilter(plan.scope, kinds), from: window.from, to: window.to, stepMs })).map((p) => ({ ...p, location: located.get(`${p.node}/${p.sensor}`) ?? null })), plan.scope, kinds);
      for (const kind of kinds) {
        const pts = points.filter((p) => p.kind === kind);
        const buckets = [...groupBy(pts, (p) => String(p.ts))].map(([ts, ps]) => ({ ts: Number(ts), value: ps.reduce((a, p) => a + p.mean * p.count, 0) / ps.reduce((a, p) => a + p.count, 0) })).sort((a, b) => a.ts - b.ts);
        say(kind, buckets, ctx.catalog.series.find((s) => s.kind === kind)?.unit ?? '', STEADY[kind] ?? 0.05);
      }
    }
    for (const vital of vitals) {
      for (const r of await vitalStats(windowPlan, ctx, vital)) say(`${r.node} ${VITAL_LABEL[vital]}`, r.points, vital === 'soc_temp' ? '°C' : '%', 0.5, true);
    }
    if (!lines.length) lines.push(`Not enough data for ${place} ${when(window)} to tell a trend.`);
    return { response: lines.join('\n'), data: { place, window: { from: window.from, to: window.to, label: window.label }, trends } };
  },
};
