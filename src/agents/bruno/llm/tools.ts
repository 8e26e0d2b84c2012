import type { StudioStore } from '../../../studio/store/store.js';
import { assessNode, type HealthLimits } from '../../../studio/health/node-health.js';
import type { KnowledgeGraph } from '../../../studio/graph/knowledge-graph.js';
import type { AlertEngine } from '../../../studio/alerts/engine.js';
import { callCapability, type Capability } from '../../runtime/capability.js';
import type { EdgeReadings } from '../../../studio/commands/edge-readings.js';
import { exactWindowStats } from '../operations/exact-window.js';

const HOUR = 3_600_000;
const str = { type: 'string' } as const;
const filterProps = { node: str, location: str, kind: { type: 'string', description: 'temperature, humidity, pressure, …' }, hours: { type: 'number', description: 'look back this many hours (default 24)' } };

/** What the tools read: the domain APIs and the request's clock. */
export interface ToolContext {
  store: StudioStore;
  limits: HealthLimits;
  now: number;
  graph?: KnowledgeGraph;
  alerts?: AlertEngine;
  /** Drill-down into a node's raw local store (studio role only). */
  edge?: EdgeReadings;
}
/** What the tools may read besides the store. */
export type ToolDeps = Pick<ToolContext, 'graph' | 'alerts' | 'edge'>;

type Args = { node?: string; location?: string; kind?: string; hours?: number };
const argsOf = (a: Record<string, unknown>): Args => ({
  ...(typeof a.node === 'string' && a.node ? { node: a.node } : {}), ...(typeof a.location === 'string' && a.location ? { location: a.location } : {}),
  ...(typeof a.kind === 'string' && a.kind ? { kind: a.kind } : {}), ...(typeof a.hours === 'number' ? { hours: a.hours } : {}),
});
const windowOf = (a: Args, now: number) => {
  const hours = typeof a.hours === 'number' && a.hours > 0 ? Math.min(a.hours, 24 * 365) : 24;
  return { from: now - hours * HOUR, to: now };
};
const filterOf = (a: Args) => ({ ...(a.node ? { node: a.node } : {}), ...(a.location ? { location: a.location } : {}), ...(a.kind ? { kind: a.kind } : {}) });
const tool = (name: string, description: string, properties: Record<string, unknown>, run: (a: Args, ctx: ToolContext) => Promise<unknown>): Capability<ToolContext> =>
  ({ spec: { name, description, scope: 'read', parameters: { type: 'object', properties } }, run: (a, ctx) => run(argsOf(a), ctx) });

/** agent-bruno's tools for the model: the same data the model-free answers use, through the domain APIs. */
export const BRUNO_TOOLS: Capability<ToolContext>[] = [
  tool('list_entities', 'Known nodes, locations and sensor kinds.', {}, async (_a, { store }) => {
    const c = await store.catalog();
    return { nodes: c.nodes, locations: c.locations, kinds: c.kinds };
  }),
  tool('latest_readings', 'Latest value of every sensor, optionally filtered.', filterProps, async (a, { store }) =>
    (await store.latest(filterOf(a))).map((s) => ({ node: s.node, sensor: s.sensor, kind: s.kind, location: s.location, value: s.lastValue, unit: s.unit, ts: new Date(s.lastTs).toISOString() }))),
  tool('reading_stats', 'Count, mean, min and max (with times) per sensor over exactly the last N hours.', filterProps, async (a, { store, now }) =>
    (await exactWindowStats(store, filterOf(a), windowOf(a, now).from, now)).stats.map((s) => ({ node: s.node, sensor: s.sensor, kind: s.kind, location: s.location, unit: s.unit, count: s.count, mean: Math.round(s.mean * 100) / 100, min: s.min, min_at: new Date(s.minTs).toISOString(), max: s.max, max_at: new Date(s.maxTs).toISOString() }))),
  tool('anomalies', 'Anomalies detected at the edge over the last N hours, newest first.', filterProps, async (a, { store, now }) =>
    (await store.anomalies({ ...filterOf(a), ...windowOf(a, now), limit: 50 })).map((x) => ({ node: x.node, sensor: x.sensor, kind: x.kind, location: x.location, value: x.value, unit: x.unit, severity: x.severity, reason: x.reason, score: x.score, ts: new Date(x.ts).toISOString() }))),
  tool('incidents', 'Incidents from the knowledge graph (anomalies grouped by place and time) with root causes and similar past incidents.', { location: str, hours: filterProps.hours }, async (a, { graph, now }) => {
    if (!graph) return { error: 'the knowledge graph is not enabled' };
    const incidents = await graph.incidents({ from: windowOf(a, now).from, limit: 20, ...(a.location ? { location: a.location } : {}) });
    return Promise.all(incidents.map(async (i) => {
      const detail = await graph.incident(i.id);
      return { id: i.id, ...i.props, status: i.status, root_cause: detail?.root_cause?.name ?? null, similar: (detail?.similar ?? []).slice(0, 2).map((x) => ({ root_cause: x.root_cause, score: x.score })) };
    }));
  }),
  tool('alerts', 'Alert rules and the alerts firing now.', {}, async (_a, { alerts }) =>
    (alerts ? { rules: (await alerts.rules()).map((r) => ({ id: r.id, name: r.name })), firing: await alerts.alerts({ state: 'firing' }) } : { error: 'alerts are not enabled' })),
  tool('node_raw_readings', "Every raw reading one node took over the last N hours (at most 6), asked from the node's own local store over its command channel (the studio keeps only 5-minute rollups of normal data); says so when the node does not answer.", { node: str, kind: filterProps.kind, hours: filterProps.hours }, async (a, { edge, now }) => {
    if (!edge) return { error: 'the command channel to the nodes is not on in this process' };
    if (!a.node) return { error: 'node is required' };
    const hours = Math.min(typeof a.hours === 'number' && a.hours > 0 ? a.hours : 1, 6);
    const r = await edge.query(a.node, { from: Math.round(now - hours * HOUR), to: now, limit: 10_000, ...(a.kind ? { kind: a.kind } : {}) }, { timeoutMs: 5000 });
    if (r.status === 'done') return { source: 'node_raw_store', node: a.node, count: r.result.count, truncated: r.result.truncated, readings: (r.result.readings ?? []).slice(0, 200).map((x) => ({ sensor: x.sensor, kind: x.kind, value: x.value, unit: x.unit, ts: new Date(x.ts).toISOString() })) };
    return { source: 'node_raw_store', node: a.node, answered: false, reason: r.status === 'failed' ? r.error.message : r.status === 'timeout' ? r.reason : 'no answer yet' };
  }),
  tool('node_health', 'Every node with its latest health (CPU, memory, SoC temperature, disk, top processes) and status.', { node: str }, async (a, { store, limits, now }) =>
    (await store.nodes()).filter((n) => !a.node || n.node === a.node).map((n) => {
      const x = assessNode(n, now, limits);
      return { node: x.node, location: x.location, status: x.status, problems: x.problems.map((p) => p.text), health: x.health };
    })),
];

/**
 * Runs one tool call against the domain APIs; the result is JSON cut to a bounded size. Unknown
 * tools and bad arguments come back as an error the model can read, not an exception.
 * @example
 * await runTool(store, limits, 'latest_readings', '{"kind":"temperature"}', Date.now())
 */
export function runTool(store: StudioStore, limits: HealthLimits, name: string, argText: string, now: number, deps: ToolDeps = {}): Promise<string> {
  return callCapability(BRUNO_TOOLS, name, argText, { store, limits, now, ...deps });
}
