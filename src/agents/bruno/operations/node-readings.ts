import type { EdgeReadings } from '../../../studio/commands/edge-readings.js';
import type { EdgeReading } from '../../../core/edge-readings.js';
import type { Plan } from '../language/plan.js';
import type { Answer } from '../answer.js';
import { formatMeasure } from '../language/units.js';
import { formatTime, listJoin } from '../format.js';
import { inScope, kindsOf, type OperationContext } from './operation.js';

/** Windows this short and this recent are read from the nodes' raw stores ("all readings in the last hour"). */
export const NODE_READINGS = { maxWindowMs: 6 * 3_600_000, recentMs: 10 * 60_000, timeoutMs: 5000, maxNodes: 10, perNode: 10_000, inData: 2000 } as const;

const ASKS_RAW = /\b(all|every|each|raw|individual|full)\b[^.?!]*\breadings?\b|\braw (data|values|samples)\b|\bevery (sample|value)\b/i;

/**
 * Whether a question asks for the readings themselves over a short recent window: answered from
 * the nodes' own raw stores (the studio holds only 5-minute rollups of normal data).
 */
export function asksNodeReadings(question: string, plan: Plan, now: number): boolean {
  if (!ASKS_RAW.test(question) || /\bhow many\b/i.test(question)) return false;
  if (!['list', 'statistics', 'current', 'count'].includes(plan.operation)) return false;
  const t = plan.time;
  return t.type === 'window' && t.explicit && t.to - t.from <= NODE_READINGS.maxWindowMs && t.to >= now - NODE_READINGS.recentMs;
}

interface SeriesSummary { sensor: string; kind: string; unit: string; count: number; min: number; max: number; mean: number; first_ts: number; last_ts: number }

function summarise(readings: EdgeReading[]): SeriesSummary[] {
  const by = new Map<string, SeriesSummary & { sum: number }>();
  for (const r of readings) {
    const k = `${r.sensor}\u0000${r.kind}`;
    const s = by.get(k);
    if (!s) by.set(k, { sensor: r.sensor, kind: r.kind, unit: r.unit, count: 1, min: r.value, max: r.value, mean: r.value, sum: r.value, first_ts: r.ts, last_ts: r.ts });
    else { s.count++; s.sum += r.value; s.min = Math.min(s.min, r.value); s.max = Math.max(s.max, r.value); s.last_ts = r.ts; }
  }
  return [...by.values()].map(({ sum, ...s }) => ({ ...s, mean: Math.round((sum / s.count) * 100) / 100 }));
}

/**
 * "Show me all sensor readings from warehouse Pi nodes in the last hour": asks each node in scope
 * for its raw readings over its command channel (at most {@link NODE_READINGS}.maxNodes at once,
 * 5 s each) and says where the numbers came from. A node that does not answer gets a sentence
 * saying so and why, and no numbers.
 */
export async function nodeReadings(plan: Plan, ctx: OperationContext & { edge: EdgeReadings }): Promise<Answer> {
  const t = plan.time as Extract<Plan['time'], { type: 'window' }>;
  const kinds = kindsOf(plan);
  const series = inScope(ctx.catalog.series, plan.scope, kinds);
  const nodes = [...new Set(series.map((s) => s.node))].sort();
  const locationOf = new Map(series.map((s) => [s.node, s.location]));
  const span = `${t.label} (${formatTime(t.from, ctx.now)} – ${formatTime(t.to, ctx.now)})`;
  if (nodes.length === 0) return { response: `No node I know of reports ${kinds.length ? listJoin(kinds) : 'readings'} there, so there is no node to ask for ${span}.`, data: { source: 'node_raw_store', nodes: [] } };
  const asked = nodes.slice(0, NODE_READINGS.maxNodes);
  const results = await Promise.all(asked.map(async (node) => {
    const params = { from: t.from, to: t.to, limit: NODE_READINGS.perNode, ...(kinds.length === 1 ? { kind: kinds[0]! } : {}) };
    try {
      const a = await ctx.edge.query(node, params, { timeoutMs: NODE_READINGS.timeoutMs });
      if (a.status !== 'done') return { node, location: locationOf.get(node) ?? null, answered: false as const, reason: a.status === 'failed' ? a.error.message : a.status === 'timeout' ? a.reason : 'no answer yet' };
      const readings = (a.result.readings ?? []).filter((r) => kinds.length === 0 || kinds.includes(r.kind));
      return { node, location: locationOf.get(node) ?? null, answered: true as const, command: a.command.id, count: readings.length, truncated: a.result.truncated, series: summarise(readings), readings: readings.slice(0, NODE_READINGS.inData) };
    } catch (err) {
      return { node, location: locationOf.get(node) ?? null, answered: false as const, reason: (err as Error).message };
    }
  }));
  const lines = [`Readings from the nodes' own raw stores (every sample they took, not the studio's 5-minute rollups), ${span}:`];
  for (const r of results) {
    const where = r.location ? ` (${r.location})` : '';
    if (!r.answered) { lines.push(`- ${r.node}${where}: ${r.reason}. No numbers from it.`); continue; }
    if (r.count === 0) { lines.push(`- ${r.node}${where}: no readings in its raw store for that window.`); continue; }
    const parts = r.series.map((s) => `${s.sensor} (${s.kind}) ${s.count} readings, ${formatMeasure(s.min, s.unit, plan.units)} to ${formatMeasure(s.max, s.unit, plan.units)}, mean ${formatMeasure(s.mean, s.unit, plan.units)}`);
    lines.push(`- ${r.node}${where}: ${r.count} readings${r.truncated ? ` (the first ${NODE_READINGS.perNode}; more are on the node)` : ''}. ${parts.join('; ')}.`);
  }
  if (nodes.length > asked.length) lines.push(`${nodes.length - asked.length} more nodes were not asked (at most ${NODE_READINGS.maxNodes} at once): name them to see theirs.`);
  const answered = results.filter((r) => r.answered).length;
  if (answered > 0) lines.push(`Each reading is in data.nodes[].readings (up to ${NODE_READINGS.inData} per node), or GET /api/v1/edge/<node>/readings.`);
  return {
    response: lines.join('\n'),
    data: { source: 'node_raw_store', window: { from: t.from, to: t.to, label: t.label }, timeout_ms: NODE_READINGS.timeoutMs, per_node_limit: NODE_READINGS.perNode, in_data: NODE_READINGS.inData, max_nodes: NODE_READINGS.maxNodes, asked: asked.length, answered, nodes: results },
  };
}
