import { when } from '../time-window.js';
import { formatTime, formatValue } from '../format.js';
import { placeName, type Answer, type AnswerContext } from '../answer.js';
import { inScope, storeFilter } from '../scope.js';

const LOW = /\b(cold(est)?|cool(est)?|low(est)?|min(imum)?|dri(est)?|least)\b/;

/**
 * "When was the warehouse coldest today?" — the extreme of the window with its time and place.
 * Looks for the minimum on words like coldest/lowest/driest, else the maximum.
 */
export async function answerExtremes(ctx: AnswerContext): Promise<Answer> {
  const { window } = ctx;
  const q = ctx.question.toLowerCase();
  const wantLow = LOW.test(q);
  const kinds = ctx.entities.kinds.length ? ctx.entities.kinds : [/\b(dry|dri|humid)/.test(q) ? 'humidity' : 'temperature'];
  const stats = inScope(await ctx.store.stats({ ...storeFilter({ ...ctx.entities, kinds }), from: window.from, to: window.to }), { ...ctx.entities, kinds });
  const place = placeName(ctx.entities);
  const dataWindow = { from: window.from, to: window.to, label: window.label };
  if (stats.length === 0) return { response: `No ${kinds.join(' or ')} readings for ${place} ${when(window)}.`, data: { place, window: dataWindow, extreme: null } };
  const pick = stats.reduce((best, s) => (wantLow ? s.min < best.min : s.max > best.max) ? s : best);
  const value = wantLow ? pick.min : pick.max;
  const ts = wantLow ? pick.minTs : pick.maxTs;
  const word = wantLow ? 'lowest' : 'highest';
  return {
    response: `The ${word} ${pick.kind} in ${place} ${when(window)} was ${formatValue(value, pick.unit, ctx.fahrenheit)} at ${formatTime(ts, ctx.now)} (${pick.location ?? pick.node}, ${pick.node}/${pick.sensor}).`,
    data: { place, window: dataWindow, extreme: { which: wantLow ? 'min' : 'max', kind: pick.kind, unit: pick.unit, value, ts, node: pick.node, sensor: pick.sensor, location: pick.location } },
  };
}
