import { when } from '../time-window.js';
import { formatTime, formatValue } from '../format.js';
import { placeName, type Answer, type AnswerContext } from '../answer.js';
import { inScope, storeFilter } from '../scope.js';

const SHOWN = 10;

/** "Show me sensor anomalies" — anomalies in the window, newest first, with severity and reason. */
export async function answerAnomalies(ctx: AnswerContext): Promise<Answer> {
  const { window } = ctx;
  const rows = inScope(
    (await ctx.store.anomalies({ ...storeFilter(ctx.entities), from: window.from, to: window.to, limit: 500 })).map((a) => ({ ...a, location: a.location ?? null })),
    ctx.entities,
  );
  const place = placeName(ctx.entities);
  const data = { place, window: { from: window.from, to: window.to, label: window.label }, count: rows.length, anomalies: rows.slice(0, 100) };
  if (rows.length === 0) return { response: `No anomalies for ${place} ${when(window)}.`, data };
  const critical = rows.filter((a) => a.severity === 'critical').length;
  const head = `${rows.length} anomal${rows.length === 1 ? 'y' : 'ies'} for ${place} ${when(window)} (${critical} critical):`;
  const lines = rows.slice(0, SHOWN).map((a) =>
    `- ${formatTime(a.ts, ctx.now)} ${a.node}/${a.sensor}${a.location ? ` (${a.location})` : ''}: ${a.kind} ${formatValue(a.value, a.unit, ctx.fahrenheit)}, ${a.severity}, ${a.reason} (score ${a.score.toFixed(2)})${a.explanation ? ` — ${a.explanation}` : ''}`);
  if (rows.length > SHOWN) lines.push(`… and ${rows.length - SHOWN} more.`);
  return { response: [head, ...lines].join('\n'), data };
}
