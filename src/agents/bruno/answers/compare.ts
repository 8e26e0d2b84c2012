import { when } from '../time-window.js';
import { formatDelta, formatValue, listJoin, round1 } from '../format.js';
import type { Answer, AnswerContext } from '../answer.js';
import { groupBy, inScope } from '../scope.js';

/**
 * "Compare warehouse a and warehouse b", "Which location is warmest?" — the mean of each place
 * (location, or node when nodes were named) over the window, ranked.
 */
export async function answerCompare(ctx: AnswerContext): Promise<Answer> {
  const { window, entities } = ctx;
  const kinds = entities.kinds.length ? entities.kinds : ['temperature'];
  const byNode = entities.nodes.length > 1 && entities.locations.length === 0;
  const stats = inScope(await ctx.store.stats({ ...(kinds.length === 1 ? { kind: kinds[0]! } : {}), from: window.from, to: window.to }), { ...entities, kinds });
  const dataWindow = { from: window.from, to: window.to, label: window.label };
  if (stats.length === 0) return { response: `No ${listJoin(kinds)} readings to compare ${when(window)}.`, data: { window: dataWindow, comparisons: [] } };
  const lines: string[] = [];
  const comparisons: Record<string, unknown>[] = [];
  for (const [kind, members] of groupBy(stats, (s) => s.kind)) {
    const places = [...groupBy(members, (s) => (byNode ? s.node : s.location ?? s.node))].map(([place, ss]) => {
      const count = ss.reduce((a, s) => a + s.count, 0);
      return { place, mean: ss.reduce((a, s) => a + s.mean * s.count, 0) / count, min: Math.min(...ss.map((s) => s.min)), max: Math.max(...ss.map((s) => s.max)), count };
    }).sort((a, b) => b.mean - a.mean);
    const unit = members[0]!.unit;
    const top = places[0]!;
    const bottom = places[places.length - 1]!;
    lines.push(`${kind} ${when(window)}: ${places.map((p) => `${p.place} ${formatValue(p.mean, unit, ctx.fahrenheit)}`).join(', ')} (averages).` +
      (places.length > 1 ? ` Highest: ${top.place}, ${formatDelta(top.mean - bottom.mean, unit, ctx.fahrenheit)} above ${bottom.place}.` : ''));
    comparisons.push({ kind, unit, places: places.map((p) => ({ ...p, mean: round1(p.mean) })) });
  }
  return { response: lines.map((l) => l.charAt(0).toUpperCase() + l.slice(1)).join('\n'), data: { window: dataWindow, comparisons } };
}
