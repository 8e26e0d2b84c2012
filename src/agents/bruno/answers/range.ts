import { when } from '../time-window.js';
import { formatTime, formatValue, listJoin, round1 } from '../format.js';
import { placeName, type Answer, type AnswerContext } from '../answer.js';
import { groupBy, inScope, storeFilter } from '../scope.js';
import type { SeriesStats } from '../../../studio/store/store.js';

/**
 * "Show me temperature readings from the warehouse in the last 24 hours" — per kind and place:
 * average, minimum and maximum with their times, over the stated window.
 */
export async function answerRange(ctx: AnswerContext): Promise<Answer> {
  const { window } = ctx;
  const stats = inScope(await ctx.store.stats({ ...storeFilter(ctx.entities), from: window.from, to: window.to }), ctx.entities);
  const place = placeName(ctx.entities);
  if (stats.length === 0) {
    return {
      response: `No ${ctx.entities.kinds.length ? listJoin(ctx.entities.kinds) + ' ' : ''}readings for ${place} ${when(window)}.`,
      data: { place, window: { from: window.from, to: window.to, label: window.label }, kinds: [] },
    };
  }
  const lines = [`${capitalise(place)}, ${window.label} (${formatTime(window.from, ctx.now)} – ${formatTime(window.to, ctx.now)}):`];
  const kinds: Record<string, unknown>[] = [];
  for (const [kind, members] of groupBy(stats, (s) => s.kind)) {
    const all = combine(members);
    const unit = members[0]!.unit;
    lines.push(`- ${capitalise(kind)}: average ${formatValue(all.mean, unit, ctx.fahrenheit)}, min ${formatValue(all.min, unit, ctx.fahrenheit)} at ${formatTime(all.minTs, ctx.now)} (${all.minWhere}), max ${formatValue(all.max, unit, ctx.fahrenheit)} at ${formatTime(all.maxTs, ctx.now)} (${all.maxWhere}); ${all.count} readings from ${members.length} sensor${members.length === 1 ? '' : 's'}.`);
    kinds.push({
      kind, unit, count: all.count, mean: round1(all.mean), min: all.min, min_ts: all.minTs, min_where: all.minWhere,
      max: all.max, max_ts: all.maxTs, max_where: all.maxWhere,
      series: members.map((s) => ({ node: s.node, sensor: s.sensor, location: s.location, count: s.count, mean: s.mean, min: s.min, min_ts: s.minTs, max: s.max, max_ts: s.maxTs })),
    });
  }
  return { response: lines.join('\n'), data: { place, window: { from: window.from, to: window.to, label: window.label }, kinds } };
}

function combine(members: SeriesStats[]) {
  let count = 0, sum = 0;
  let lo = members[0]!, hi = members[0]!;
  for (const s of members) {
    count += s.count;
    sum += s.mean * s.count;
    if (s.min < lo.min) lo = s;
    if (s.max > hi.max) hi = s;
  }
  const where = (s: SeriesStats) => `${s.location ?? s.node}, ${s.node}`;
  return { count, mean: sum / count, min: lo.min, minTs: lo.minTs, minWhere: where(lo), max: hi.max, maxTs: hi.maxTs, maxWhere: where(hi) };
}

const capitalise = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);
