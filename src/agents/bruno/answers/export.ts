import { isoTime } from '../../../core/time.js';
import { placeName, type Answer, type AnswerContext } from '../answer.js';
import { when } from '../time-window.js';
import { inScope } from '../scope.js';

/**
 * "Export humidity from warehouse b for the last 24 hours as CSV" — how many readings there are
 * and the export URL that streams them (`GET /api/v1/export`).
 */
export async function answerExport(ctx: AnswerContext): Promise<Answer> {
  const { window, entities } = ctx;
  const format = /\bndjson|json\b/i.test(ctx.question) ? 'ndjson' : 'csv';
  const params = new URLSearchParams({ format, from: isoTime(window.from), to: isoTime(window.to) });
  if (entities.kinds.length === 1) params.set('kind', entities.kinds[0]!);
  if (entities.nodes.length === 1) params.set('node', entities.nodes[0]!);
  else if (entities.locations.length === 1) params.set('location', entities.locations[0]!);
  const rows = inScope(await ctx.store.readings({ from: window.from, to: window.to, limit: 5_000_000, ...(params.get('kind') ? { kind: params.get('kind')! } : {}) }), entities);
  const url = `/api/v1/export?${params.toString()}`;
  const place = placeName(entities);
  const what = entities.kinds.length ? entities.kinds.join(' and ') : 'all';
  const note = entities.locations.length > 1 || entities.nodes.length > 1 || entities.kinds.length > 1 ? ' The link narrows to one kind and place at most; add filters to it as needed.' : '';
  return {
    response: rows.length === 0
      ? `No raw ${what} readings for ${place} ${when(window)} to export (normal data from the nodes arrives as 5-minute aggregates; GET /api/v1/readings?step=5m has those).`
      : `${rows.length} raw ${what} readings for ${place} ${when(window)}. Download as ${format.toUpperCase()}: GET ${url}${note}`,
    data: { url, format, count: rows.length, window: { from: window.from, to: window.to, label: window.label } },
  };
}
