import { assessNode } from '../../../studio/health/node-health.js';
import type { Capability } from '../../runtime/capability.js';
import { exactWindowStats } from '../operations/exact-window.js';
import type { OperationContext } from '../operations/operation.js';

const HOUR = 3_600_000;
const str = { type: 'string' } as const;
const filterProps = { node: str, location: str, kind: { type: 'string', description: 'temperature, humidity, pressure, …' }, hours: { type: 'number', description: 'look back this many hours (default 24)' } };

type Filter = { node?: string; location?: string; kind?: string };
const filterOf = (a: Record<string, unknown>): Filter => ({
  ...(typeof a.node === 'string' && a.node ? { node: a.node } : {}), ...(typeof a.location === 'string' && a.location ? { location: a.location } : {}),
  ...(typeof a.kind === 'string' && a.kind ? { kind: a.kind } : {}),
});
const hoursOf = (a: Record<string, unknown>): number => (typeof a.hours === 'number' && a.hours > 0 ? Math.min(a.hours, 24 * 365) : 24);
const tool = (name: string, description: string, properties: Record<string, unknown>, run: Capability<OperationContext>['run']): Capability<OperationContext> =>
  ({ spec: { name, description, scope: 'read', parameters: { type: 'object', properties } }, run });

/**
 * Raw data capabilities with no written answer of their own: the rows an operation would summarise,
 * for a model that wants to reason over them. The model-free planner answers through the operations.
 */
export const READING_CAPABILITIES: Capability<OperationContext>[] = [
  tool('list_entities', 'Known nodes, locations and sensor kinds.', {}, async (_a, { store }) => {
    const c = await store.catalog();
    return { nodes: c.nodes, locations: c.locations, kinds: c.kinds };
  }),
  tool('latest_readings', 'Latest value of every sensor, optionally filtered.', filterProps, async (a, { store }) =>
    (await store.latest(filterOf(a))).map((s) => ({ node: s.node, sensor: s.sensor, kind: s.kind, location: s.location, value: s.lastValue, unit: s.unit, ts: new Date(s.lastTs).toISOString() }))),
  tool('reading_stats', 'Count, mean, min and max (with times) per sensor over exactly the last N hours.', filterProps, async (a, { store, now }) =>
    (await exactWindowStats(store, filterOf(a), now - hoursOf(a) * HOUR, now)).stats.map((s) => ({ node: s.node, sensor: s.sensor, kind: s.kind, location: s.location, unit: s.unit, count: s.count, mean: Math.round(s.mean * 100) / 100, min: s.min, min_at: new Date(s.minTs).toISOString(), max: s.max, max_at: new Date(s.maxTs).toISOString() }))),
  tool('node_health', 'Every node with its latest health (CPU, memory, SoC temperature, disk, top processes) and status.', { node: str }, async (a, { store, healthLimits, now }) =>
    (await store.nodes()).filter((n) => typeof a.node !== 'string' || !a.node || n.node === a.node).map((n) => {
      const x = assessNode(n, now, healthLimits);
      return { node: x.node, location: x.location, status: x.status, problems: x.problems.map((p) => p.text), health: x.health };
    })),
];
