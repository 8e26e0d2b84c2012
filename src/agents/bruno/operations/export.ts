import { isoTime } from '../../../core/time.js';
import { when } from '../time-window.js';
import { inScope, kindsOf, placeName, spec, type Operation } from './operation.js';
import { rangeOf } from './window-stats.js';

/**
 * "Export humidity from warehouse b for the last 24 hours as CSV": how many raw readings there are
 * and the export URL that streams them (`GET /api/v1/export`).
 */
export const exportReadings: Operation = {
  spec: spec('export', 'How many raw readings a scope and window hold, and the export link (CSV, NDJSON, Parquet)', { format: { enum: ['csv', 'ndjson', 'parquet'] } }),
  async run(plan, ctx) {
    const range = rangeOf(plan, ctx.now);
    const label = plan.time.type === 'window' ? plan.time.label : 'the last 24 hours';
    const format = plan.format ?? 'csv';
    const kinds = kindsOf(plan);
    const params = new URLSearchParams({ format, from: isoTime(range.from), to: isoTime(range.to) });
    if (kinds.length === 1) params.set('kind', kinds[0]!);
    if (plan.scope.nodes.length === 1) params.set('node', plan.scope.nodes[0]!);
    else if (plan.scope.locations.length === 1) params.set('location', plan.scope.locations[0]!);
    const rows = inScope(await ctx.store.readings({ ...range, limit: 5_000_000, ...(params.get('kind') ? { kind: params.get('kind')! } : {}), ...(params.get('node') ? { node: params.get('node')! } : {}), ...(params.get('location') ? { location: params.get('location')! } : {}) }), plan.scope, kinds);
    const url = `/api/v1/export?${params.toString()}`;
    const place = placeName(plan.scope);
    const what = kinds.length ? kinds.join(' and ') : 'all';
    const note = plan.scope.locations.length > 1 || plan.scope.nodes.length > 1 || kinds.length > 1 ? ' The link narrows to one kind and place at most; add filters to it as needed.' : '';
    return {
      response: rows.length === 0
        ? `No raw ${what} readings for ${place} ${when({ label })} to export (normal data from the nodes arrives as 5-minute aggregates; GET /api/v1/readings?step=5m has those).`
        : `${rows.length} raw ${what} readings for ${place} ${when({ label })}. Download as ${format.toUpperCase()}: GET ${url}${note}`,
      data: { url, format, count: rows.length, window: { ...range, label } },
    };
  },
};
