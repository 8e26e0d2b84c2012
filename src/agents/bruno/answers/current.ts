import { formatAge, formatTime, formatValue, listJoin, round1 } from '../format.js';
import { placeName, type Answer, type AnswerContext } from '../answer.js';
import { groupBy, inScope } from '../scope.js';

/** Series whose latest reading is older than this are reported as stale, not averaged. */
const FRESH_MS = 30 * 60_000;

/**
 * "What's the temperature in the warehouse?" — the latest reading of every sensor in scope,
 * averaged per kind over the fresh ones, with each location's own value.
 */
export async function answerCurrent(ctx: AnswerContext): Promise<Answer> {
  const all = await ctx.store.latest({});
  const entities = ctx.entities.kinds.length ? ctx.entities : { ...ctx.entities, kinds: [] };
  const series = inScope(all, entities);
  const place = placeName(ctx.entities);
  if (series.length === 0) {
    const what = ctx.entities.kinds.length ? listJoin(ctx.entities.kinds) : 'sensor';
    return { response: `No ${what} data stored for ${place} yet.`, data: { place, kinds: ctx.entities.kinds, series: [] } };
  }
  const lines: string[] = [];
  const kinds: Record<string, unknown>[] = [];
  for (const [kind, members] of groupBy(series, (s) => s.kind)) {
    const newest = Math.max(...members.map((s) => s.lastTs));
    const fresh = members.filter((s) => newest - s.lastTs <= FRESH_MS);
    const stale = members.filter((s) => newest - s.lastTs > FRESH_MS);
    const unit = fresh[0]!.unit;
    const mean = fresh.reduce((sum, s) => sum + s.lastValue, 0) / fresh.length;
    const perPlace = [...groupBy(fresh, (s) => s.location ?? s.node)].map(([where, ss]) => ({
      where, value: ss.reduce((sum, s) => sum + s.lastValue, 0) / ss.length, sensors: ss.length,
    }));
    const age = ctx.now - newest;
    let line = fresh.length === 1
      ? `The ${kind} in ${place} is ${formatValue(mean, unit, ctx.fahrenheit)} (${fresh[0]!.node}/${fresh[0]!.sensor} at ${formatTime(newest, ctx.now)}, ${formatAge(age)}).`
      : `The ${kind} in ${place} is ${formatValue(mean, unit, ctx.fahrenheit)} on average over ${fresh.length} sensors (latest readings at ${formatTime(newest, ctx.now)}, ${formatAge(age)}).`;
    if (perPlace.length > 1) line += ` ${perPlace.map((p) => `${p.where}: ${formatValue(p.value, unit, ctx.fahrenheit)}`).join(', ')}.`;
    if (stale.length) line += ` Not included, no recent data: ${stale.map((s) => `${s.node}/${s.sensor} (last ${formatAge(ctx.now - s.lastTs)})`).join(', ')}.`;
    lines.push(line);
    kinds.push({
      kind, unit, value: round1(mean), mean, sensors: fresh.length, latest_ts: newest,
      by_place: perPlace.map((p) => ({ ...p, value: round1(p.value) })),
      series: members.map((s) => ({ node: s.node, sensor: s.sensor, location: s.location, value: s.lastValue, ts: s.lastTs, stale: newest - s.lastTs > FRESH_MS })),
    });
  }
  return { response: lines.join('\n'), data: { place, kinds } };
}
