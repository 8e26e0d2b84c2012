import { formatTime, listJoin } from '../format.js';
import { formatMeasure } from '../language/units.js';
import { placeName, spec, type Operation } from './operation.js';

const UNIT: Record<string, string> = { temperature: '°C', humidity: '%', pressure: 'hPa' };

/**
 * "What happened in warehouse b before?", "has this happened before?", "what was the root cause
 * last time?": incidents from the knowledge graph at the place, newest first, each with its root
 * cause when someone recorded it, or what similar past incidents were caused by.
 */
export const history: Operation = {
  spec: spec('history', 'Incidents from the knowledge graph at a place, with root causes and similar past incidents'),
  async run(plan, ctx) {
    const graph = ctx.graph;
    if (!graph) return { response: 'The knowledge graph is not enabled on this server.', data: { incidents: [] } };
    const places = new Set([...plan.scope.locations, ...plan.scope.nodes]);
    const incidents = (await graph.incidents({ limit: 200 })).filter((i) => places.size === 0 || places.has(String(i.props.place))).slice(0, 5);
    const place = placeName(plan.scope);
    if (incidents.length === 0) return { response: `No incidents recorded for ${place}.`, data: { incidents: [] } };
    const lines = [`${incidents.length} most recent incident${incidents.length === 1 ? '' : 's'} for ${place}:`];
    const data = await Promise.all(incidents.map(async (i) => {
      const p = i.props as { place: string; start: number; end: number; severity: string; kinds: string[]; peak: Record<string, number>; count: number };
      const cause = (await graph.incident(i.id))?.root_cause;
      const causeName = cause?.name;
      const similar = causeName ? [] : (await graph.similarIncidents(i.id)).slice(0, 1);
      const peaks = Object.entries(p.peak).map(([k, v]) => `${k} ${formatMeasure(v, UNIT[k] ?? '', plan.units)}`);
      let line = `- ${formatTime(p.start, ctx.now)}–${formatTime(p.end, ctx.now)} at ${p.place}: ${p.count} ${p.severity} anomal${p.count === 1 ? 'y' : 'ies'} (${listJoin(p.kinds)}; peak ${peaks.join(', ')})`;
      if (causeName) line += `. Root cause: ${causeName}${cause?.resolution ? ` (resolved: ${cause.resolution})` : ''}`;
      else if (similar[0]) line += `. Not yet explained; a similar incident on ${formatTime(similar[0].incident.props.start as number, ctx.now)} was caused by ${similar[0].root_cause}`;
      else line += '. No root cause recorded yet';
      return { line: `${line}.`, result: { id: i.id, ...p, root_cause: causeName ?? null, similar } };
    }));
    lines.push(...data.map((d) => d.line));
    return { response: lines.join('\n'), data: { incidents: data.map((d) => d.result) } };
  },
};
