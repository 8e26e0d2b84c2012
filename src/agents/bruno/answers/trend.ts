import { when } from '../time-window.js';
import { formatDelta, formatValue, round1 } from '../format.js';
import { placeName, type Answer, type AnswerContext } from '../answer.js';
import { groupBy, inScope } from '../scope.js';

/**
 * "Is the temperature rising?" — least-squares slope of the window's downsampled means per kind,
 * stated per hour, with the first and last values it was fitted on.
 */
export async function answerTrend(ctx: AnswerContext): Promise<Answer> {
  const { window } = ctx;
  const span = window.to - window.from;
  const stepMs = Math.max(5 * 60_000, Math.round(span / 48 / 300_000) * 300_000);
  const points = inScope((await ctx.store.series({ ...(ctx.entities.kinds.length === 1 ? { kind: ctx.entities.kinds[0]! } : {}), ...(ctx.entities.nodes.length === 1 && ctx.entities.locations.length === 0 ? { node: ctx.entities.nodes[0]! } : {}), from: window.from, to: window.to, stepMs })).map((p) => ({ ...p, location: null as string | null })), { ...ctx.entities, locations: [] });
  const latest = await ctx.store.latest({});
  const inPlace = new Set(inScope(latest, ctx.entities).map((s) => `${s.node}/${s.sensor}`));
  const units = new Map(latest.map((s) => [s.kind, s.unit]));
  const scoped = points.filter((p) => inPlace.has(`${p.node}/${p.sensor}`));
  const place = placeName(ctx.entities);
  const dataWindow = { from: window.from, to: window.to, label: window.label };
  if (scoped.length < 2) return { response: `Not enough data for ${place} ${when(window)} to tell a trend.`, data: { place, window: dataWindow, trends: [] } };
  const lines: string[] = [];
  const trends: Record<string, unknown>[] = [];
  for (const [kind, pts] of groupBy(scoped, (p) => p.kind)) {
    const buckets = [...groupBy(pts, (p) => String(p.ts))].map(([ts, ps]) => ({ ts: Number(ts), mean: ps.reduce((a, p) => a + p.mean * p.count, 0) / ps.reduce((a, p) => a + p.count, 0) }));
    if (buckets.length < 2) continue;
    const slopePerHour = slope(buckets) * 3_600_000;
    const unit = units.get(kind) ?? '';
    const first = buckets[0]!.mean;
    const last = buckets[buckets.length - 1]!.mean;
    const direction = Math.abs(slopePerHour) < 0.05 ? 'steady' : slopePerHour > 0 ? 'rising' : 'falling';
    lines.push(`${kind.charAt(0).toUpperCase() + kind.slice(1)} in ${place} is ${direction} ${when(window)}: ${formatValue(first, unit, ctx.fahrenheit)} → ${formatValue(last, unit, ctx.fahrenheit)} (${slopePerHour >= 0 ? '+' : ''}${unit === '%' ? `${round1(slopePerHour)} points` : formatDelta(slopePerHour, unit, ctx.fahrenheit)} per hour).`);
    trends.push({ kind, unit, direction, slope_per_hour: slopePerHour, first, last, points: buckets.length });
  }
  return { response: lines.join('\n') || `Not enough data for ${place} ${when(window)} to tell a trend.`, data: { place, window: dataWindow, trends } };
}

function slope(points: { ts: number; mean: number }[]): number {
  const n = points.length;
  const mx = points.reduce((a, p) => a + p.ts, 0) / n;
  const my = points.reduce((a, p) => a + p.mean, 0) / n;
  let num = 0, den = 0;
  for (const p of points) { num += (p.ts - mx) * (p.mean - my); den += (p.ts - mx) ** 2; }
  return den === 0 ? 0 : num / den;
}
